#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>

#include <filesystem>

namespace pgdatahub::cli {

namespace {
constexpr const char* default_config_path = "config/etl_config.yaml";
}

void add_common_options(CLI::App& command, CommonOptions& options, DatabaseChoice choice) {
  command.add_option(
      "--config", options.config_path,
      "configuration file, YAML or JSON (default: config/etl_config.yaml if present)");
  if (choice == DatabaseChoice::UrlOrEmbedded)
    command.add_option(
        "--database-url", options.database_url,
        "PostgreSQL URI or conninfo (default: DATABASE_URL, else the embedded database)");
  if (choice == DatabaseChoice::UrlOrEmbedded)
    command.add_option("--schema", options.schema,
                       "schema of the data tables, created when missing (default: "
                       "PGDATAHUB_SCHEMA, the config's schema:, else public)");
  command.add_option("--home", options.home,
                     "home of the embedded database: its data directory (DIR/data), socket and "
                     "log (default: PGDATAHUB_HOME or ~/.local/share/pgdatahub)");
  command.add_option("--pgdata", options.refused_pgdata)->group("");  // hidden: refused below
  command.add_flag("--json", options.json, "print the result as JSON");
}

LoadedConfig load_config(const CommonOptions& options) {
  if (!options.refused_pgdata.empty()) {
    throw ConfigError(
        "--pgdata is not accepted: give the embedded database's home with --home DIR "
        "(PostgreSQL's data directory is then DIR/data)");
  }
  LoadedConfig loaded;
  if (!options.config_path.empty()) {
    loaded.etl = config::EtlConfig::load(options.config_path);
    loaded.config_path = std::filesystem::absolute(options.config_path).lexically_normal().string();
  } else if (std::filesystem::exists(default_config_path)) {
    loaded.etl = config::EtlConfig::load(default_config_path);
    loaded.config_path = std::filesystem::absolute(default_config_path).lexically_normal().string();
  }
  loaded.etl.apply_settings(loaded.settings);
  config::apply_environment(loaded.settings);
  // Flags win over the file and the environment. Two flags naming two
  // databases cannot both win: refuse rather than pick one.
  if (!options.database_url.empty() && !options.home.empty()) {
    throw ConfigError(
        "--database-url and --home name two different databases: give only one of them");
  }
  if (!options.database_url.empty()) loaded.settings.database_url = options.database_url;
  if (!options.schema.empty()) {
    loaded.settings.schema = config::parse_schema_name(options.schema, "--schema");
  }
  if (!options.home.empty()) {
    loaded.settings.embedded_home = options.home;
    loaded.settings.database_url.clear();
    loaded.settings.embedded_chosen = true;
  }
  return loaded;
}

CommandDatabase connect_database(const CommonOptions& options) {
  auto settings = load_config(options).settings;
  auto target = database::connect(settings);
  return {std::move(settings), std::move(target)};
}

void add_table_filter(CLI::App& command, std::string& table) {
  command.add_option("--table", table, "only this table");
}

CLI::Option* add_since_filter(CLI::App& command, std::string& since, const std::string& what) {
  return command.add_option("--since", since,
                            "only " + what + " since this ISO time (UTC unless given)");
}

void add_run_flags(CLI::App& command, RunFlags& flags) {
  command.add_option("--chunk-size", flags.chunk_size, "rows per COPY batch (ETL_CHUNK_SIZE)");
  command.add_flag(
      "--sectional-commit", flags.sectional,
      "a folder commits as one; a failure rolls it back and stops (ETL_SECTIONAL_COMMIT)");
  command.add_flag("--no-sectional-commit", flags.no_sectional,
                   "each file commits on its own (the default)");
  command.add_option("--jobs,-j", flags.jobs,
                     "workers loading at once (ETL_JOBS; default: one per core, capped by the "
                     "server's spare connections)");
  command.add_option("--pause-every", flags.pause_every,
                     "pause after N loaded files (ETL_PAUSE_EVERY)");
  command.add_option("--pause-seconds", flags.pause_seconds,
                     "length of each pause (ETL_PAUSE_SECONDS)");
  command.add_option("--on-change", flags.on_change,
                     "append (default) or replace: what a changed file does to its older version");
  command.add_option("--table-prefix", flags.table_prefix,
                     "put this before every table name, to share a schema (table_prefix:)");
  command
      .add_option("--include", flags.include,
                  "load only files matching this glob (repeatable; with a '/' it matches the "
                  "path under DATA_DIR, else the file name)")
      ->allow_extra_args(false);  // one glob per --include: DATA_DIR after it stays DATA_DIR
  command
      .add_option("--exclude", flags.exclude,
                  "leave out files matching this glob (repeatable, matched as --include)")
      ->allow_extra_args(false);
}

void apply_run_flags(const RunFlags& flags, config::Settings& settings) {
  if (flags.chunk_size) settings.chunk_size = *flags.chunk_size;
  if (flags.sectional && flags.no_sectional) {
    throw ConfigError("--sectional-commit and --no-sectional-commit exclude each other");
  }
  if (flags.sectional) settings.sectional_commit = true;
  if (flags.no_sectional) settings.sectional_commit = false;
  if (flags.pause_every) settings.pause_every = *flags.pause_every;
  if (flags.jobs) settings.jobs = *flags.jobs;
  if (flags.pause_seconds) settings.pause_seconds = *flags.pause_seconds;
  if (!flags.on_change.empty())
    settings.on_change = config::parse_on_change(flags.on_change, "--on-change");
  if (flags.table_prefix) settings.table_prefix = *flags.table_prefix;
  if (!flags.include.empty()) settings.include = flags.include;
  if (!flags.exclude.empty()) settings.exclude = flags.exclude;
  if (settings.chunk_size == 0) throw ConfigError("--chunk-size must be at least 1");
}

}  // namespace pgdatahub::cli
