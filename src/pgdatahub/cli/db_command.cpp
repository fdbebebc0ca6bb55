#include <pgdatahub/cli/commands.hpp>
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
  database::EmbeddedCluster cluster(loaded.settings.pgdata_home.empty()
                                        ? database::EmbeddedCluster::default_home()
                                        : loaded.settings.pgdata_home);
  if (options.verb == "start") {
    cluster.ensure_started();
    std::printf("started: %s\n", cluster.connection_uri().c_str());
  } else if (options.verb == "stop") {
    cluster.stop();
    std::printf("stopped\n");
  } else if (options.verb == "url") {
    std::printf("%s\n", cluster.connection_uri().c_str());
  } else {
    const auto status = cluster.status();
    if (options.common.json) {
      std::printf("%s\n", nlohmann::json{{"initialized", status.initialized},
                                         {"running", status.running},
                                         {"data_directory", status.data_directory.string()},
                                         {"uri", status.uri}}
                              .dump(2)
                              .c_str());
    } else {
      std::printf("data directory: %s\n%s\nuri: %s\n", status.data_directory.c_str(),
                  !status.initialized ? "not initialized (pgdatahub db start creates it)"
                  : status.running    ? "running"
                                      : "stopped",
                  status.uri.c_str());
    }
  }
  return exit_ok;
}

}  // namespace

void add_db_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<DbOptions>();
  auto* command = app.add_subcommand("db", "manage the embedded database (url, start, stop, status)");
  command->add_option("verb", options->verb, "url | start | stop | status")
      ->required()
      ->check(CLI::IsMember({"url", "start", "stop", "status"}));
  add_common_options(*command, options->common);
  command->callback([options, &action] { action = [options] { return run_db(*options); }; });
}

}  // namespace pgdatahub::cli
