#pragma once
// Run settings. Each comes from, in rising priority: its default, the
// configuration file, the environment (the names of the user's design), and
// the command line.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <pgdatahub/types/pg_type.hpp>
#include <string>
#include <string_view>

namespace pgdatahub::config {

enum class OnChange { Append, Replace };

struct Settings {
  std::string database_url;           // DATABASE_URL; empty: PG* variables or the embedded cluster
  std::filesystem::path pgdata_home;  // --pgdata / PGDATAHUB_HOME; empty: default home
  // --pgdata on the command line: the embedded cluster, whatever a lower
  // source (config file, DATABASE_URL, PG* variables) names.
  bool embedded_chosen = false;
  // ETL_CHUNK_SIZE: rows per COPY batch and type check. Small enough that
  // PostgreSQL ingests one batch while the next is read, even in small files.
  std::size_t chunk_size = 1000;
  bool skip_db = false;                   // SKIP_DB: read and plan, never connect
  bool dry_run = false;                   // --dry-run: read and plan, write nothing
  bool debug = false;                     // DEBUG: log every SQL statement
  std::size_t pause_every = 0;            // ETL_PAUSE_EVERY: pause after N loaded files (0: never)
  std::size_t pause_seconds = 0;          // ETL_PAUSE_SECONDS
  bool sectional_commit = false;          // ETL_SECTIONAL_COMMIT: a folder commits as one
  OnChange on_change = OnChange::Append;  // ETL_ON_CHANGE
  // ETL_PAUSE_FILE and ETL_LOG_FILE; empty: .etl_pause.json and etl.log in
  // the run's state folder (pause/run_state.hpp).
  std::filesystem::path pause_file;
  std::filesystem::path log_file;
};

// True when the user named a server (DATABASE_URL, --database-url, or
// PGHOST/PGDATABASE/PGSERVICE) and did not choose the embedded cluster with
// --pgdata; otherwise the embedded cluster is used.
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

}  // namespace pgdatahub::config
