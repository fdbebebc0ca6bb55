#include <fmt/format.h>

#include <cstdio>
#include <pgdatahub/cli/cli.hpp>
#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/versions.hpp>
#include <string>

namespace pgdatahub::cli {
namespace {

std::string compiler() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("g++ ") + __VERSION__;
#else
  return "an unknown compiler";
#endif
}

// What a bug report needs: our version, the compiler, and the PostgreSQL
// pieces found at run time.
std::string version_text() {
  std::string text = fmt::format("pgdatahub {}\nbuilt with {}\nlibpq {}\n", PGDATAHUB_VERSION,
                                 compiler(), database::libpq_version());
  if (const auto server = database::installed_server_programs()) {
    text += fmt::format("PostgreSQL server programs {} in {}", server->version,
                        server->directory.string());
  } else {
    text += "PostgreSQL server programs: not found (the embedded database needs postgresql-15)";
  }
  return text;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{
      "pgdatahub: load folders of spreadsheets into PostgreSQL tables, exactly once, "
      "and undo any import"};
  app.set_version_flag("-V,--version", version_text,
                       "print the version and what it was built with");
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
    std::fprintf(stderr, "pgdatahub: %s\n", printable(e.what()).c_str());
    return exit_cannot_run;
  } catch (const std::exception& e) {
    log_error(e.what());
    std::fprintf(stderr, "pgdatahub: unexpected error: %s\n", printable(e.what()).c_str());
    return exit_cannot_run;
  }
}

}  // namespace pgdatahub::cli
