#include <pgdatahub/cli/cli.hpp>

#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/logger.hpp>

#include <fmt/format.h>

#include <cstdio>

namespace pgdatahub::cli {

int run(int argc, char** argv) {
  CLI::App app{"pgdatahub: load folders of spreadsheets into PostgreSQL tables, exactly once, "
               "and undo any import"};
  app.set_version_flag("--version", std::string("pgdatahub ") + PGDATAHUB_VERSION);
  app.require_subcommand(1);
  Action action;
  add_etl_command(app, action);
  add_resume_command(app, action);
  add_status_command(app, action);
  add_revert_command(app, action);
  add_history_command(app, action);
  add_db_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_cannot_run;
  }
  try {
    return action ? action() : exit_cannot_run;
  } catch (const Error& e) {
    log_error(e.what());
    std::fprintf(stderr, "pgdatahub: %s\n", e.what());
    return exit_cannot_run;
  } catch (const std::exception& e) {
    log_error(e.what());
    std::fprintf(stderr, "pgdatahub: unexpected error: %s\n", e.what());
    return exit_cannot_run;
  }
}

}  // namespace pgdatahub::cli
