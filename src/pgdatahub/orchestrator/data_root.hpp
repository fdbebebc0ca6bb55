#pragma once
// What `etl PATH` loads from: a folder is the data root; a file is loaded
// alone from the data root that holds it. And the one rule about roots and
// tables: a table fed by one data root is not fed by another unless the
// config says so (`shared_table: true`).
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/orchestrator/etl_run.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::orchestrator {

struct RunTarget {
  std::filesystem::path data_root;                 // the folder discovered
  std::optional<std::filesystem::path> only_file;  // canonical; set for `etl FILE`
};

// `path` a folder: that folder. `path` a file: the file, from `data_root`
// (--data-root) or else from DATA_DIR (or ./data), which must hold it: its
// folder names its table, as in a whole run. Throws ConfigError saying how
// to name the root when the file lies outside it.
RunTarget resolve_target(const std::string& path, const std::string& data_root);

// Keeps only the job of `file` (canonical); throws ConfigError when
// discovery did not take it (hidden, a lock file, not a spreadsheet).
void keep_only(RunPlan& plan, const std::filesystem::path& file);

// The root as the ledger records it: given, canonical, and its `source:`
// name (default: the canonical folder's base name).
DataRoot data_root_of(const std::string& given, const std::filesystem::path& canonical,
                      const config::Settings& settings);

// Throws ConfigError naming both roots and the fix when a table of `plan`
// already holds files of another data root, unless settings.shared_table.
void check_shared_tables(database::Connection& conn, const RunPlan& plan, const DataRoot& root,
                         const config::Settings& settings);

}  // namespace pgdatahub::orchestrator
