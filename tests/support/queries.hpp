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

}  // namespace pgdatahub::test
