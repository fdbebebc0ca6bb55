#pragma once
// What the load report shows, read from the ledger as values: the tables'
// totals, their imports and schema changes, optionally for one table and
// since a time. Rendering is report_page's job; this module only reads.
#include <pgdatahub/ledger/ledger_queries.hpp>
#include <pgdatahub/ledger/run_records.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::report {

struct ReportOptions {
  std::optional<std::string> table;  // only this table
  std::optional<std::string> since;  // ISO time, UTC unless it has an offset
  std::string schema = "public";     // the data tables' schema (--schema)
};

// A live column of a loaded table, with what PostgreSQL's statistics know
// of it (nothing until ANALYZE or autovacuum has sampled the table).
struct LiveColumn {
  std::string table;
  std::string column;
  std::string type;
  std::optional<double> null_fraction;
  std::optional<double> distinct;  // estimated distinct values
  // Numbers and dates: the least and greatest value of the sample ANALYZE
  // took (exact while a table has fewer rows than the sample: 30,000 rows at
  // PostgreSQL's default statistics target), as PostgreSQL prints them.
  // Without statistics (no ANALYZE since the load) a small table's are read
  // by one bounded query instead (column_bounds): then exact.
  std::optional<std::string> min;
  std::optional<std::string> max;
  bool ranged = false;  // a number or a date: one that has a min and max
};

// Why a table's number and date columns show no min and max.
struct BoundsNote {
  std::string table;
  std::string reason;  // a sentence that says what to do
};

struct ReportData {
  std::string generated_at;          // "YYYY-MM-DD HH:MM:SS" UTC
  std::optional<std::string> table;  // as asked
  std::optional<std::string> since;  // normalized to "YYYY-MM-DD HH:MM:SS" UTC
  std::vector<ledger::TableSummary> tables;
  ledger::History history;               // imports and changes since `since`, newest first
  std::vector<LiveColumn> columns;       // by table, in table order; metadata columns left out
  std::vector<ledger::RunRecord> runs;   // started since `since`, newest first
  std::vector<BoundsNote> bounds_notes;  // tables whose min and max are missing
};

// Throws ConfigError when --since is not a time PostgreSQL understands.
ReportData gather_report(database::Connection& conn, const ReportOptions& options);

}  // namespace pgdatahub::report
