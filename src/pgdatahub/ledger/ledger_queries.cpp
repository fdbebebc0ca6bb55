#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/import_log.hpp>
#include <pgdatahub/ledger/ledger_queries.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>

#include <fmt/format.h>

namespace pgdatahub::ledger {
namespace {

// Per table: loaded files and rows, columns, last import, failed and reverted attempts.
constexpr const char* summaries_sql = R"(
SELECT i.table_name,
       count(*) FILTER (WHERE i.status = 'loaded') AS files,
       coalesce(sum(i.row_count) FILTER (WHERE i.status = 'loaded'), 0) AS rows,
       to_char(max(i.imported_at) FILTER (WHERE i.status = 'loaded'), 'YYYY-MM-DD HH24:MI:SS') AS last_import,
       count(*) FILTER (WHERE i.status = 'failed') AS failed,
       count(*) FILTER (WHERE i.status = 'reverted') AS reverted,
       count(*) FILTER (WHERE i.status = 'empty') AS empty,
       (SELECT count(*) FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = i.table_name
           AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relname = i.table_name) AS present
  FROM public.etl_imports i
 WHERE i.schema_name = $1
 GROUP BY i.table_name
 ORDER BY i.table_name)";

std::optional<std::int64_t> optional_int64(const database::Result& result, int row, int column) {
  if (result.is_null(row, column)) return std::nullopt;
  return result.int64(row, column);
}

// Every filter is a parameter; NULL means "any" (the schema is always set).
std::vector<database::Param> parameters(const HistoryFilter& filter) {
  return {filter.table ? database::Param{*filter.table} : database::Param{},
          filter.file ? database::Param{*filter.file} : database::Param{}, filter.schema};
}

// The transform's share of an import's read settings, its prefix dropped.
std::optional<std::string> transform_of(const std::optional<std::string>& read_settings) {
  if (!read_settings) return std::nullopt;
  std::string out;
  std::size_t at = 0;
  while (at < read_settings->size()) {
    auto end = read_settings->find("; ", at);
    if (end == std::string::npos) end = read_settings->size();
    const std::string_view item(read_settings->data() + at, end - at);
    if (item.starts_with(transform_settings_prefix)) {
      out += (out.empty() ? "" : "; ") + std::string(item.substr(transform_settings_prefix.size()));
    }
    at = end + 2;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::vector<ImportRecord> read_imports(database::Connection& conn, const HistoryFilter& filter) {
  auto result =
      conn.exec(fmt::format("SELECT id, to_char(imported_at, 'YYYY-MM-DD HH24:MI:SS'), "
                            "source_file, file_sha256, row_count, "
                            "status, duration_ms, table_name, to_char(reverted_at, 'YYYY-MM-DD "
                            "HH24:MI:SS'), error_message, read_settings "
                            "FROM public.etl_imports WHERE ($1::text IS NULL OR table_name = $1) "
                            "AND ($2::text IS NULL OR {}) AND schema_name = $3 "
                            "ORDER BY imported_at DESC, id DESC",
                            path_matches_sql("source_file", 2)),
                parameters(filter));
  std::vector<ImportRecord> imports;
  imports.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    imports.push_back({result.int64(row, 0), std::string(result.text(row, 1)),
                       std::string(result.text(row, 2)), std::string(result.text(row, 3)),
                       result.int64(row, 4), std::string(result.text(row, 5)),
                       optional_int64(result, row, 6), std::string(result.text(row, 7)),
                       result.optional_text(row, 8), result.optional_text(row, 9),
                       transform_of(result.optional_text(row, 10))});
  }
  return imports;
}

std::vector<SchemaChangeRecord> read_changes(database::Connection& conn,
                                             const HistoryFilter& filter) {
  auto result = conn.exec(
      fmt::format("SELECT id, to_char(changed_at, 'YYYY-MM-DD HH24:MI:SS'), table_name, "
                  "change_type, column_name, "
                  "old_type, new_type, source_file, etl_import_id FROM public.etl_schema_changes "
                  "WHERE ($1::text IS NULL OR table_name = $1) AND ($2::text IS NULL OR {}) "
                  "AND schema_name = $3 ORDER BY changed_at DESC, id DESC",
                  path_matches_sql("source_file", 2)),
      parameters(filter));
  std::vector<SchemaChangeRecord> changes;
  changes.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    changes.push_back({result.int64(row, 0), std::string(result.text(row, 1)),
                       std::string(result.text(row, 2)), std::string(result.text(row, 3)),
                       result.optional_text(row, 4), result.optional_text(row, 5),
                       result.optional_text(row, 6), result.optional_text(row, 7),
                       optional_int64(result, row, 8)});
  }
  return changes;
}

}  // namespace

std::vector<TableSummary> table_summaries(database::Connection& conn, const std::string& schema) {
  std::vector<TableSummary> tables;
  if (!exists(conn)) return tables;
  auto result = conn.exec(summaries_sql, {schema});
  for (int row = 0; row < result.rows(); ++row) {
    tables.push_back({std::string(result.text(row, 0)), result.int64(row, 1), result.int64(row, 2),
                      result.optional_text(row, 3), result.int64(row, 4), result.int64(row, 5),
                      result.int64(row, 7), result.text(row, 8) == "t", result.int64(row, 6)});
  }
  return tables;
}

std::string path_matches_sql(const std::string& column, int n) {
  return fmt::format("({0} = ${1} OR right(${1}, length({0}) + 1) = '/' || {0})", column, n);
}

History history(database::Connection& conn, const HistoryFilter& filter) {
  if (!exists(conn)) return {};
  return {read_imports(conn, filter), read_changes(conn, filter)};
}

}  // namespace pgdatahub::ledger
