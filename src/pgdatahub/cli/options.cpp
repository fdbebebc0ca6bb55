#include <pgdatahub/cli/options.hpp>

#include <pgdatahub/core/error.hpp>

#include <filesystem>

namespace pgdatahub::cli {

namespace {
constexpr const char* default_config_path = "config/etl_config.yaml";
}

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("--config", options.config_path,
                     "configuration file, YAML or JSON (default: config/etl_config.yaml if present)");
  command.add_option("--database-url", options.database_url,
                     "PostgreSQL URI or conninfo (default: DATABASE_URL, else the embedded database)");
  command.add_option("--pgdata", options.pgdata,
                     "home of the embedded database (default: PGDATAHUB_HOME or ~/.local/share/pgdatahub)");
  command.add_flag("--json", options.json, "print the result as JSON");
}

LoadedConfig load_config(const CommonOptions& options) {
  LoadedConfig loaded;
  if (!options.config_path.empty()) {
    loaded.etl = config::EtlConfig::load(options.config_path);
  } else if (std::filesystem::exists(default_config_path)) {
    loaded.etl = config::EtlConfig::load(default_config_path);
  }
  loaded.etl.apply_settings(loaded.settings);
  config::apply_environment(loaded.settings);
  if (!options.database_url.empty()) loaded.settings.database_url = options.database_url;
  if (!options.pgdata.empty()) loaded.settings.pgdata_home = options.pgdata;
  return loaded;
}

}  // namespace pgdatahub::cli
