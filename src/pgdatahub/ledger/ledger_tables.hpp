#pragma once
// The ledger: etl_imports (one row per import attempt) and
// etl_schema_changes (one row per DDL change), created on first use.
#include <string>
#include <string_view>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

// Import statuses stored in etl_imports.status.
inline constexpr std::string_view status_loaded = "loaded";
inline constexpr std::string_view status_failed = "failed";
inline constexpr std::string_view status_reverted = "reverted";
// Read and committed with no data row (a sheet with no cells, or a header
// alone): not a failure, and not read again, like a loaded file.
inline constexpr std::string_view status_empty = "empty";

// Loaded and empty imports are the ones in force: a revert undoes either (an
// empty import may have created its table's columns, and once reverted its
// file loads again, e.g. after the config names the right sheet).
inline bool in_force(std::string_view status) {
  return status == status_loaded || status == status_empty;
}
// The same test in SQL; the query binds $n to status_loaded and $n+1 to
// status_empty.
inline std::string in_force_sql(int n) {
  return "status IN ($" + std::to_string(n) + ", $" + std::to_string(n + 1) + ")";
}

// Schema change kinds stored in etl_schema_changes.change_type.
inline constexpr std::string_view change_create_table = "create_table";
inline constexpr std::string_view change_add_column = "add_column";
inline constexpr std::string_view change_alter_type = "alter_type";
inline constexpr std::string_view change_drop_column = "drop_column";
inline constexpr std::string_view change_drop_table = "drop_table";

// The ledger lives in one schema whatever schema the data goes to
// (--schema), so one ledger serves every schema of the database, and ledgers
// made before schemas were supported stay where they are. Each row names its
// data table's schema (schema_name). Every statement names the ledger's
// tables with their schema (public.etl_imports), never through search_path.
inline constexpr std::string_view ledger_schema = "public";

// Creates the ledger tables and indexes when missing. Safe when several
// processes call it at once (serialized by an advisory lock).
void ensure_ledger_tables(database::Connection& conn);

// Whether etl_imports exists: false in a database nothing was loaded into.
bool exists(database::Connection& conn);

// Takes the advisory lock of `table` (in `schema`) until the caller's
// transaction ends. Loads and reverts of one table take turns through it, so
// this is the one place its key is spelled.
void lock_table(database::Connection& conn, const std::string& table,
                const std::string& schema = std::string(ledger_schema));

}  // namespace pgdatahub::ledger
