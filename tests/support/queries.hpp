#pragma once
// Small read-only queries the integration tests share.
#include <pgdatahub/database/connection.hpp>

#include <string>
#include <vector>

namespace pgdatahub::test {

// The first field of the first row, as text.
inline std::string scalar(database::Connection& conn, const std::string& sql,
                          const std::vector<database::Param>& params = {}) {
  return std::string(conn.exec(sql, params).text(0, 0));
}

// format_type() of a column, or "" when the table or column is absent.
inline std::string column_type(database::Connection& conn, const std::string& table,
                               const std::string& column) {
  auto result = conn.exec(
      "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
      "WHERE attrelid = to_regclass(quote_ident($1)) AND attname = $2 AND NOT attisdropped",
      {table, column});
  return result.rows() == 0 ? "" : std::string(result.text(0, 0));
}

// Every row of every table with a loaded import, without the columns that
// differ between loads (the load time and the import id), in a fixed order:
// what two ways of loading one tree must both leave.
inline std::string table_contents(database::Connection& conn) {
  auto tables = conn.exec(
      "SELECT DISTINCT table_name FROM etl_imports WHERE status = 'loaded' ORDER BY table_name");
  std::string out;
  for (int t = 0; t < tables.rows(); ++t) {
    const std::string table(tables.text(t, 0));
    out += table + ":\n" +
           scalar(conn,
                  "SELECT string_agg((to_jsonb(r) - 'load_timestamp' - 'etl_import_id')::text, "
                  "E'\\n' ORDER BY r.source_file, r.source_row) FROM " +
                      table + " r") +
           "\n";
  }
  return out;
}

}  // namespace pgdatahub::test
