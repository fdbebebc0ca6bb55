#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/schema/table_state.hpp>

namespace pgdatahub::schema {
namespace {

// varchar(n) and char(n) share text's binary format, so COPY can write them;
// the server still enforces their length.
std::optional<types::PgType> lattice_type(const std::string& sql_type) {
  if (auto type = types::parse_sql_type(sql_type)) return type;
  if (sql_type.starts_with("character varying") || sql_type.starts_with("character(")) {
    return types::PgType::Text;
  }
  return std::nullopt;
}

}  // namespace

const LiveColumn* TableState::find(const std::string& name) const {
  for (const auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

LiveColumn* TableState::find(const std::string& name) {
  for (auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

TableState read_table_state(database::Connection& conn, const std::string& schema,
                            const std::string& name) {
  auto result = conn.exec(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
      "col_description(c.oid, a.attnum) IS NOT NULL "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
      "WHERE n.nspname = $2 AND c.relname = $1 AND c.relkind IN ('r', 'p') "
      "ORDER BY a.attnum",
      {name, schema});
  TableState state;
  if (result.rows() == 0) {
    auto exists = conn.exec(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $2 AND c.relname = $1",
        {name, schema});
    state.exists = exists.rows() > 0;
    return state;
  }
  state.exists = true;
  for (int row = 0; row < result.rows(); ++row) {
    std::string sql_type(result.text(row, 1));
    auto type = lattice_type(sql_type);
    state.columns.push_back(
        LiveColumn{std::string(result.text(row, 0)), std::move(sql_type), type});
    if (is_source_sheet_metadata(state.columns.back().name, result.text(row, 2) == "t"))
      state.sheet_metadata = true;
  }
  return state;
}

bool column_has_values(database::Connection& conn, const std::string& schema,
                       const std::string& table, const std::string& column) {
  auto result =
      conn.exec("SELECT EXISTS (SELECT 1 FROM " + database::quote_qualified(schema, table) +
                " WHERE " + database::quote_identifier(column) + " IS NOT NULL)");
  return result.text(0, 0) == "t";
}

bool TableState::made_by_pgdatahub() const {
  for (auto name : metadata_columns) {
    if (find(std::string(name)) == nullptr) return false;
  }
  return true;
}

void ensure_schema(database::Connection& conn, const std::string& schema) {
  // CREATE SCHEMA checks the database's CREATE privilege even when the
  // schema exists: look first, so a role that may only use it can load.
  if (conn.exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}).rows() > 0) return;
  conn.exec("CREATE SCHEMA IF NOT EXISTS " + database::quote_identifier(schema));
}

}  // namespace pgdatahub::schema
