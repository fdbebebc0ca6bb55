#include <pgdatahub/database/connection.hpp>
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
       (SELECT count(*) FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relname = i.table_name
           AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relname = i.table_name) AS present
  FROM etl_imports i
 GROUP BY i.table_name
 ORDER BY i.table_name)";

std::optional<std::int64_t> optional_int64(const database::Result& result, int row, int column) {
  if (result.is_null(row, column)) return std::nullopt;
  return result.int64(row, column);
}

// Both filters are parameters; NULL means "any".
std::vector<database::Param> parameters(const HistoryFilter& filter) {
  return {filter.table ? database::Param{*filter.table} : database::Param{},
          filter.file ? database::Param{*filter.file} : database::Param{}};
}

std::vector<ImportRecord> read_imports(database::Connection& conn, const HistoryFilter& filter) {
  auto result =
      conn.exec(fmt::format("SELECT id, to_char(imported_at, 'YYYY-MM-DD HH24:MI:SS'), "
                            "source_file, file_sha256, row_count, "
                            "status, duration_ms, table_name, to_char(reverted_at, 'YYYY-MM-DD "
                            "HH24:MI:SS'), error_message "
                            "FROM etl_imports WHERE ($1::text IS NULL OR table_name = $1) "
                            "AND ($2::text IS NULL OR {}) ORDER BY imported_at DESC, id DESC",
                            path_matches_sql("source_file", 2)),
                parameters(filter));
  std::vector<ImportRecord> imports;
  imports.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    imports.push_back({result.int64(row, 0), std::string(result.text(row, 1)),
                       std::string(result.text(row, 2)), std::string(result.text(row, 3)),
                       result.int64(row, 4), std::string(result.text(row, 5)),
                       optional_int64(result, row, 6), std::string(result.text(row, 7)),
                       result.optional_text(row, 8), result.optional_text(row, 9)});
  }
  return imports;
}

std::vector<SchemaChangeRecord> read_changes(database::Connection& conn,
                                             const HistoryFilter& filter) {
  auto result = conn.exec(
      fmt::format("SELECT id, to_char(changed_at, 'YYYY-MM-DD HH24:MI:SS'), table_name, "
                  "change_type, column_name, "
                  "old_type, new_type, source_file, etl_import_id FROM etl_schema_changes "
                  "WHERE ($1::text IS NULL OR table_name = $1) AND ($2::text IS NULL OR {}) "
                  "ORDER BY changed_at DESC, id DESC",
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

std::vector<TableSummary> table_summaries(database::Connection& conn) {
  std::vector<TableSummary> tables;
  if (!exists(conn)) return tables;
  auto result = conn.exec(summaries_sql);
  for (int row = 0; row < result.rows(); ++row) {
    tables.push_back({std::string(result.text(row, 0)), result.int64(row, 1), result.int64(row, 2),
                      result.optional_text(row, 3), result.int64(row, 4), result.int64(row, 5),
                      result.int64(row, 6), result.text(row, 7) == "t"});
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
