#pragma once
// Flags shared by the commands, and how they become Settings: defaults, then
// the config file, then the environment, then the flags.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/database/connect.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace pgdatahub::cli {

// Exit codes, as the README documents them.
inline constexpr int exit_ok = 0;
inline constexpr int exit_some_failed = 1;
inline constexpr int exit_cannot_run = 2;
inline constexpr int exit_stopped = 3;

struct CommonOptions {
  std::string config_path;  // --config; default config/etl_config.yaml when it exists
  std::string database_url;
  std::string home;  // --home: the embedded database's home (PGDATAHUB_HOME)
  // --pgdata, refused: PostgreSQL users read it as the data directory itself
  // (pg_ctl -D), which the home only holds, as home/data.
  std::string refused_pgdata;
  std::string schema;  // --schema; empty: PGDATAHUB_SCHEMA, the config's schema:, else public
  bool json = false;
};

// `db` manages only the embedded database, so it has no --database-url.
enum class DatabaseChoice { UrlOrEmbedded, EmbeddedOnly };
void add_common_options(CLI::App& command, CommonOptions& options,
                        DatabaseChoice choice = DatabaseChoice::UrlOrEmbedded);

struct LoadedConfig {
  config::EtlConfig etl;
  config::Settings settings;
  std::string config_path;  // absolute path of the file read; empty when none
};

// Reads the config file and the environment, then applies the common flags.
LoadedConfig load_config(const CommonOptions& options);

// The first step of the commands that read the ledger (history, report,
// revert): the settings read as load_config reads them, their database
// connected. Throws as load_config and database::connect do.
struct CommandDatabase {
  config::Settings settings;
  database::Target target;
};
CommandDatabase connect_database(const CommonOptions& options);

// --table, the filter history and report share.
void add_table_filter(CLI::App& command, std::string& table);
// --since TIME, the filter report and revert share: "only <what> since this
// ISO time". PostgreSQL reads the time, so both take the same spellings.
CLI::Option* add_since_filter(CLI::App& command, std::string& since, const std::string& what);

// Flags of the commands that load (etl, resume); unset ones leave the setting alone.
struct RunFlags {
  std::optional<std::size_t> chunk_size;
  bool sectional = false;     // --sectional-commit
  bool no_sectional = false;  // --no-sectional-commit (resume: override the paused run's)
  std::optional<std::size_t> pause_every;
  std::optional<std::size_t> jobs;
  std::optional<std::size_t> pause_seconds;
  std::string on_change;
  std::optional<std::string> table_prefix;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
};

void add_run_flags(CLI::App& command, RunFlags& flags);
// Throws ConfigError for a value out of range.
void apply_run_flags(const RunFlags& flags, config::Settings& settings);

}  // namespace pgdatahub::cli
