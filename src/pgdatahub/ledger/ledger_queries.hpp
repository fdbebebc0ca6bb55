#pragma once
// What the ledger says, as values: per-table totals for `status`, imports
// and schema changes for `history`. The command line formats them.
#include <pgdatahub/ledger/ledger_tables.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

// One table that etl_imports knows, with its loaded files and rows, its
// failed and reverted attempts, and its live column count.
struct TableSummary {
  std::string table;
  std::int64_t files = 0;                  // loaded imports
  std::int64_t rows = 0;                   // rows of the loaded imports
  std::optional<std::string> last_import;  // "YYYY-MM-DD HH:MM:SS" UTC; none when nothing is loaded
  std::int64_t failed = 0;
  std::int64_t reverted = 0;
  std::int64_t columns = 0;  // 0 when the table was dropped
  bool table_exists = false;
  std::int64_t empty = 0;  // imports in force that stored no row (status empty)
};

// Every table of etl_imports in `schema`, by name; empty when there is no
// ledger yet.
std::vector<TableSummary> table_summaries(database::Connection& conn,
                                          const std::string& schema = std::string(ledger_schema));

// Unset fields match anything.
struct HistoryFilter {
  std::optional<std::string> table;
  std::optional<std::string> file;                  // a path as loaded, or a path ending with it
  std::string schema = std::string(ledger_schema);  // the data tables' schema (always matched)
};

// One row of etl_imports. Times are "YYYY-MM-DD HH:MM:SS", UTC.
struct ImportRecord {
  std::int64_t id = 0;
  std::string imported_at;
  std::string file;
  std::string sha256;
  std::int64_t rows = 0;
  std::string status;  // status_loaded, status_failed or status_reverted
  std::optional<std::int64_t> duration_ms;
  std::string table;
  std::optional<std::string> reverted_at;
  std::optional<std::string> error;
  // The transform that shaped its rows: "rename=Qty>quantity;
  // script=sales.lua@1a2b3c4d5e6f7a8b" (the script's SHA-256, cut); none without.
  std::optional<std::string> transform;
};

// One row of etl_schema_changes.
struct SchemaChangeRecord {
  std::int64_t id = 0;
  std::string changed_at;
  std::string table;
  std::string change;  // one of the change_* kinds
  std::optional<std::string> column;
  std::optional<std::string> old_type;
  std::optional<std::string> new_type;
  std::optional<std::string> file;
  std::optional<std::int64_t> import_id;
};

struct History {
  std::vector<ImportRecord> imports;               // newest first
  std::vector<SchemaChangeRecord> schema_changes;  // newest first
};

// Imports and schema changes matching `filter`; empty when there is no ledger yet.
History history(database::Connection& conn, const HistoryFilter& filter);

// SQL condition matching etl_imports.source_file (or any `column`) against the
// path in parameter `$n`: exactly, or as the tail of a longer path
// ("examples/data/sales/a.xlsx" names "sales/a.xlsx"). `history --file` and
// `revert --file` name files the same way through it.
std::string path_matches_sql(const std::string& column, int n);

}  // namespace pgdatahub::ledger
