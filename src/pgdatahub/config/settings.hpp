#pragma once
// Run settings. Each comes from, in rising priority: its default, the
// configuration file, the environment (the names of the user's design), and
// the command line.
#include <pgdatahub/types/pg_type.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::config {

enum class OnChange { Append, Replace };

// One per run; its fields follow the order of docs/configuration.md, not the layout's.
struct Settings {            // NOLINT(clang-analyzer-optin.performance.Padding)
  std::string database_url;  // DATABASE_URL; empty: PG* variables or the embedded cluster
  std::filesystem::path embedded_home;  // --home / PGDATAHUB_HOME; empty: default home
  // --home on the command line: the embedded cluster, whatever a lower
  // source (config file, DATABASE_URL, PG* variables) names.
  bool embedded_chosen = false;
  // ETL_CHUNK_SIZE: rows per COPY batch and type check. Small enough that
  // PostgreSQL ingests one batch while the next is read, even in small files.
  std::size_t chunk_size = 1000;
  bool skip_db = false;           // SKIP_DB: read and plan, never connect
  bool dry_run = false;           // --dry-run: read and plan, write nothing
  bool debug = false;             // DEBUG: log every SQL statement
  std::size_t pause_every = 0;    // ETL_PAUSE_EVERY: pause after N loaded files (0: never)
  std::size_t pause_seconds = 0;  // ETL_PAUSE_SECONDS
  bool sectional_commit = false;  // ETL_SECTIONAL_COMMIT: a folder commits as one
  // ETL_JOBS / --jobs: workers loading at once (0: one per core, capped by
  // the server's spare connections).
  std::size_t jobs = 0;
  // ETL_LOCK_WAIT_SECONDS: how long a session that is not a pgdatahub load
  // may keep a table a widening needs before the file fails (pgdatahub's own
  // loads are waited for however long they take).
  std::size_t lock_wait_seconds = 120;
  OnChange on_change = OnChange::Append;  // ETL_ON_CHANGE
  // --schema / PGDATAHUB_SCHEMA / schema: the schema data tables go to,
  // created when missing. The ledger stays in ledger::ledger_schema.
  std::string schema = "public";
  std::string table_prefix;  // --table-prefix / table_prefix: before every table name
  // source: the name of this data root in the ledger (default: DATA_DIR's
  // base name).
  std::string source_name;
  // shared_table: two data roots may load into one table on purpose;
  // otherwise a second root mapping to a table of another root is refused.
  bool shared_table = false;
  // --include / --exclude: globs over the path relative to DATA_DIR (with a
  // '/') or the file name (without one); a file loads when it matches an
  // include (or none is given) and no exclude.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // ETL_PAUSE_FILE and ETL_LOG_FILE; empty: .etl_pause.json and etl.log in
  // the run's state folder (pause/run_state.hpp).
  std::filesystem::path pause_file;
  std::filesystem::path log_file;
  bool log_json = false;  // ETL_LOG_FORMAT=json: etl.log as JSON lines (docs/json.md)
};

// True when the user named a server (DATABASE_URL, --database-url, or
// PGHOST/PGDATABASE/PGSERVICE) and did not choose the embedded cluster with
// --home; otherwise the embedded cluster is used.
bool names_external_server(const Settings& settings);

// Overlays the environment onto `settings`. Throws ConfigError naming the
// variable and the accepted values when one is malformed.
void apply_environment(Settings& settings);

// Parsers shared by the file, the environment and the flags; `what` names the
// source in error messages (e.g. "ETL_CHUNK_SIZE").
std::size_t parse_count(const std::string& text, const std::string& what, std::size_t min_value);
bool parse_flag(const std::string& text, const std::string& what);
OnChange parse_on_change(const std::string& text, const std::string& what);
// The spelling parse_on_change reads back: "append" or "replace".
std::string_view on_change_name(OnChange on_change) noexcept;
// A schema name as given (used exactly, always quoted): refused when empty,
// longer than PostgreSQL's 63 bytes, or PostgreSQL's own (pg_*,
// information_schema).
std::string parse_schema_name(const std::string& text, const std::string& what);

}  // namespace pgdatahub::config
