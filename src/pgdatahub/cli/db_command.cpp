#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>

#include <nlohmann/json.hpp>

#include <memory>

namespace pgdatahub::cli {
namespace {

struct DbOptions {
  CommonOptions common;
  std::string verb;
};

int run_db(const DbOptions& options) {
  auto loaded = load_config(options.common);
  database::EmbeddedCluster cluster(loaded.settings.embedded_home.empty()
                                        ? database::EmbeddedCluster::default_home()
                                        : loaded.settings.embedded_home);
  const bool json = options.common.json;
  if (options.verb == "start") {
    cluster.ensure_started();
    if (json) {
      print_json("db", {{"verb", "start"}, {"running", true}, {"uri", cluster.connection_uri()}});
    } else {
      std::printf("started: %s\n", cluster.connection_uri().c_str());
    }
  } else if (options.verb == "stop") {
    cluster.stop();
    if (json) {
      print_json("db", {{"verb", "stop"}, {"running", false}});
    } else {
      std::printf("stopped\n");
    }
  } else if (options.verb == "url") {
    if (json) {
      print_json("db", {{"verb", "url"}, {"uri", cluster.connection_uri()}});
    } else {
      std::printf("%s\n", cluster.connection_uri().c_str());
    }
  } else {
    const auto status = cluster.status();
    if (json) {
      print_json("db", {{"verb", "status"},
                        {"initialized", status.initialized},
                        {"running", status.running},
                        {"data_directory", status.data_directory.string()},
                        {"uri", status.uri}});
    } else {
      std::printf("data directory: %s\n%s\nuri: %s\n", status.data_directory.c_str(),
                  !status.initialized ? "not initialized (pgdatahub db start creates it)"
                  : status.running    ? "running"
                                      : "stopped",
                  status.uri.c_str());
    }
    // As `pg_ctl status` does: a script can ask whether the database runs.
    return status.running ? exit_ok : exit_stopped;
  }
  return exit_ok;
}

}  // namespace

void add_db_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<DbOptions>();
  auto* command =
      app.add_subcommand("db", "manage the embedded database (url, start, stop, status)");
  command->add_option("verb", options->verb, "url | start | stop | status")
      ->required()
      ->check(CLI::IsMember({"url", "start", "stop", "status"}));
  add_common_options(*command, options->common, DatabaseChoice::EmbeddedOnly);
  command->callback([options, &action] { action = [options] { return run_db(*options); }; });
}

}  // namespace pgdatahub::cli
