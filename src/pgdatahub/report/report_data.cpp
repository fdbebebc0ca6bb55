#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/report/column_bounds.hpp>
#include <pgdatahub/report/report_data.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>

#include <fmt/format.h>

namespace pgdatahub::report {
namespace {

// The ledger's times are UTC "YYYY-MM-DD HH:MM:SS" text, so once `since` is
// spelled the same way a string comparison orders them.
constexpr const char* utc_text_sql = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";

// The data columns of the ledger's tables that exist, with pg_stats' sample
// (no scan here; column_bounds reads what a table without statistics lacks
// of min and max). A negative n_distinct is a share of rows. The next to last
// column says which types have a min and max; the last whether the column has
// a comment (which tells a data column source_sheet from the metadata one).
// A number's or a date's least and greatest value are those of the sample:
// the histogram's ends (it is sorted) and the most common values. pg_stats
// keeps them as anyarray, which only text turns back into the column's type;
// CASE evaluates only the branch of the column's type.
constexpr const char* live_columns_sql = R"(
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), s.null_frac,
       CASE WHEN s.n_distinct < 0 THEN -s.n_distinct * greatest(c.reltuples, 0) ELSE s.n_distinct END,
       bounds.v[1], bounds.v[2],
       a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype,
                      'float4'::regtype, 'float8'::regtype, 'date'::regtype,
                      'timestamp'::regtype, 'timestamptz'::regtype),
       col_description(c.oid, a.attnum) IS NOT NULL
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
                      AND s.attname = a.attname
  LEFT JOIN LATERAL (SELECT CASE
    WHEN a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype)
      THEN (SELECT ARRAY[min(x)::text, max(x)::text] FROM unnest(
            s.histogram_bounds::text::numeric[] || s.most_common_vals::text::numeric[]) x)
    WHEN a.atttypid IN ('float4'::regtype, 'float8'::regtype)
      THEN (SELECT ARRAY[min(x)::text, max(x)::text] FROM unnest(
            s.histogram_bounds::text::float8[] || s.most_common_vals::text::float8[]) x)
    WHEN a.atttypid = 'date'::regtype
      THEN (SELECT ARRAY[min(x)::text, max(x)::text] FROM unnest(
            s.histogram_bounds::text::date[] || s.most_common_vals::text::date[]) x)
    WHEN a.atttypid = 'timestamp'::regtype
      THEN (SELECT ARRAY[min(x)::text, max(x)::text] FROM unnest(
            s.histogram_bounds::text::timestamp[] || s.most_common_vals::text::timestamp[]) x)
    WHEN a.atttypid = 'timestamptz'::regtype
      THEN (SELECT ARRAY[min(x)::text, max(x)::text] FROM unnest(
            s.histogram_bounds::text::timestamptz[] || s.most_common_vals::text::timestamptz[]) x)
    END AS v) bounds ON true
 WHERE n.nspname = $2 AND a.attnum > 0 AND NOT a.attisdropped
   AND c.relname IN (SELECT table_name FROM public.etl_imports WHERE schema_name = $2)
   AND ($1::text IS NULL OR c.relname = $1)
 ORDER BY c.relname, a.attnum)";

std::optional<double> optional_double(const database::Result& result, int row, int column) {
  if (result.is_null(row, column)) return std::nullopt;
  return std::stod(std::string(result.text(row, column)));
}

std::optional<std::string> optional_text(const database::Result& result, int row, int column) {
  if (result.is_null(row, column)) return std::nullopt;
  return std::string(result.text(row, column));
}

std::vector<LiveColumn> live_columns(database::Connection& conn, const std::string& schema,
                                     const std::optional<std::string>& table) {
  auto result =
      conn.exec(live_columns_sql, {table ? database::Param{*table} : database::Param{}, schema});
  std::vector<LiveColumn> columns;
  for (int row = 0; row < result.rows(); ++row) {
    std::string column(result.text(row, 1));
    if (schema::is_metadata_column(column, result.text(row, 8) == "t")) continue;
    columns.push_back({std::string(result.text(row, 0)), std::move(column),
                       std::string(result.text(row, 2)), optional_double(result, row, 3),
                       optional_double(result, row, 4), optional_text(result, row, 5),
                       optional_text(result, row, 6), result.text(row, 7) == "t"});
  }
  return columns;
}

std::string now_utc(database::Connection& conn) {
  return std::string(conn.exec("SELECT " + fmt::format(utc_text_sql, "now()")).text(0, 0));
}

// PostgreSQL parses the time, so --since accepts what `revert --since` does.
std::string normalized_since(database::Connection& conn, const std::string& since) {
  try {
    auto result = conn.exec("SELECT " + fmt::format(utc_text_sql, "$1::timestamptz"), {since});
    return std::string(result.text(0, 0));
  } catch (const std::exception&) {
    throw ConfigError(fmt::format(
        "--since takes an ISO time such as 2024-05-01 or 2024-05-01T12:00:00Z, not '{}'", since));
  }
}

template <typename Record, typename Time>
void keep_since(std::vector<Record>& records, const std::string& since, Time time_of) {
  std::erase_if(records, [&](const Record& r) { return time_of(r) < since; });
}

}  // namespace

ReportData gather_report(database::Connection& conn, const ReportOptions& options) {
  ReportData data;
  data.generated_at = now_utc(conn);
  data.table = options.table;
  if (options.since) data.since = normalized_since(conn, *options.since);
  data.tables = ledger::table_summaries(conn, options.schema);
  if (options.table) {
    std::erase_if(data.tables, [&](const auto& t) { return t.table != *options.table; });
  }
  ledger::HistoryFilter filter;
  filter.table = options.table;
  filter.schema = options.schema;
  data.history = ledger::history(conn, filter);
  if (!data.tables.empty()) {
    data.columns = live_columns(conn, options.schema, options.table);
    data.bounds_notes = fill_missing_bounds(conn, options.schema, data.columns);
  }
  data.runs = ledger::run_records(conn, data.since.value_or(""), false);
  if (data.since) {
    keep_since(data.history.imports, *data.since, [](const auto& i) { return i.imported_at; });
    keep_since(data.history.schema_changes, *data.since,
               [](const auto& c) { return c.changed_at; });
  }
  return data;
}

}  // namespace pgdatahub::report
