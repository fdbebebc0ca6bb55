#include <pgdatahub/cli/cli.hpp>
#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/versions.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

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

// The kind of a failure that ends the command, and where to look for the fix
// (the message itself already says what to do where it can).
struct ErrorKind {
  std::string_view kind;
  std::string_view hint;
};

ErrorKind classify(const std::exception& error) {
  if (dynamic_cast<const ConfigError*>(&error) != nullptr) {
    return {"config", "see docs/configuration.md and `pgdatahub COMMAND --help`"};
  }
  if (dynamic_cast<const database::ConnectionError*>(&error) != nullptr) {
    return {"connection",
            "check DATABASE_URL or --database-url; `pgdatahub db status` shows the embedded one"};
  }
  if (dynamic_cast<const database::DatabaseError*>(&error) != nullptr) {
    return {"database", "the message names the statement's error; etl.log has the details"};
  }
  if (dynamic_cast<const Error*>(&error) != nullptr) return {"error", ""};
  return {"internal", "a bug in pgdatahub: etl.log has the details"};
}

// The subcommand's name for an error document; "pgdatahub" before one parsed.
std::string command_name(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? "pgdatahub" : chosen.front()->get_name();
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
  add_report_command(app, action);
  add_db_command(app, action);
  // Whether the failure, too, must be a JSON document on stdout.
  const bool json = std::find(argv + 1, argv + argc, std::string_view("--json")) != argv + argc;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? exit_ok : exit_cannot_run;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e) == 0 ? exit_ok : exit_cannot_run;
  } catch (const CLI::ParseError& e) {
    if (!json) return app.exit(e) == 0 ? exit_ok : exit_cannot_run;
    print_json_error(command_name(app), "usage", e.what(), "see `pgdatahub COMMAND --help`");
    return exit_cannot_run;
  }
  try {
    return action ? action() : exit_cannot_run;
  } catch (const std::exception& e) {
    log_error(e.what());
    const auto [kind, hint] = classify(e);
    if (json) {
      print_json_error(command_name(app), kind, e.what(), hint);
    } else if (kind == "internal") {
      std::fprintf(stderr, "pgdatahub: unexpected error: %s\n", printable(e.what()).c_str());
    } else {
      std::fprintf(stderr, "pgdatahub: %s\n", printable(e.what()).c_str());
    }
    return exit_cannot_run;
  }
}

}  // namespace pgdatahub::cli
