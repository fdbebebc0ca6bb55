#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/schema/schema_applier.hpp>

#include <fmt/format.h>

namespace pgdatahub::schema {
namespace {

using database::quote_identifier;
using database::quote_qualified;

}  // namespace

std::string conversion_sql(const std::string& value, std::optional<types::PgType> old_type,
                           types::PgType new_type) {
  if (old_type == types::PgType::Double && new_type == types::PgType::Text) {
    // Whole numbers read as integers in text (1e15 -> 1000000000000000), as
    // the canonical text of an incoming whole number does.
    return fmt::format(
        "CASE WHEN {0} = trunc({0}) AND abs({0}) < 9.2e18 THEN {0}::bigint::text ELSE {0}::text "
        "END",
        value);
  }
  return fmt::format("{}::{}", value, types::sql_name(new_type));
}

std::string alter_type_sql(const std::string& schema, const std::string& table,
                           const std::string& column, std::optional<types::PgType> old_type,
                           types::PgType new_type) {
  const std::string name = quote_identifier(column);
  return fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {} USING {}",
                     quote_qualified(schema, table), name, types::sql_name(new_type),
                     conversion_sql(name, old_type, new_type));
}

std::string alter_types_sql(const std::string& schema, const std::string& table,
                            const std::vector<SchemaChange>& changes) {
  std::string sql = "ALTER TABLE " + quote_qualified(schema, table);
  bool first = true;
  for (const auto& change : changes) {
    if (change.kind != ChangeKind::AlterType) continue;
    const std::string name = quote_identifier(change.column);
    sql += fmt::format("{}ALTER COLUMN {} TYPE {} USING {}", first ? " " : ", ", name,
                       types::sql_name(change.new_type),
                       conversion_sql(name, change.old_type, change.new_type));
    first = false;
  }
  return sql;
}

SchemaApplier::SchemaApplier(database::Connection& conn, AuditContext audit, WaitObserver on_wait,
                             LockWait lock_wait)
    : m_conn(conn),
      m_audit(std::move(audit)),
      m_on_wait(std::move(on_wait)),
      m_lock_wait(std::move(lock_wait)) {
  m_lock_wait.schema = m_audit.schema;
}

void record_schema_change(database::Connection& conn, const std::string& table,
                          std::string_view change_type, const std::string& column,
                          const std::string& old_type, const std::string& new_type,
                          const AuditContext& audit) {
  auto optional = [](const std::string& s) {
    return s.empty() ? database::Param{} : database::Param{s};
  };
  conn.exec(
      "INSERT INTO public.etl_schema_changes (table_name, change_type, column_name, old_type, "
      "new_type, source_file, etl_import_id, schema_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {table, std::string(change_type), optional(column), optional(old_type), optional(new_type),
       audit.source_file, std::to_string(audit.import_id), audit.schema});
}

void SchemaApplier::audit(const std::string& table, std::string_view change_type,
                          const std::string& column, const std::string& old_type,
                          const std::string& new_type) {
  record_schema_change(m_conn, table, change_type, column, old_type, new_type, m_audit);
}

void SchemaApplier::apply(const SchemaPlan& plan, TableState& live) {
  bool has_alter_types = false;
  const std::string table = quote_qualified(m_audit.schema, plan.table);
  for (const auto& change : plan.changes) {
    switch (change.kind) {
      case ChangeKind::CreateTable: {
        std::string sql = "CREATE TABLE " + table + " (";
        for (const auto& column : plan.create_columns) {
          sql += quote_identifier(column.column) + " " +
                 std::string(types::sql_name(column.new_type)) + ", ";
        }
        for (std::size_t i = 0; i < metadata_columns.size(); ++i) {
          sql += fmt::format("{}{} {}", i == 0 ? "" : ", ",
                             quote_identifier(std::string(metadata_columns[i])),
                             metadata_column_types[i]);
        }
        sql += ")";
        run_ddl(m_conn, sql, plan.table, m_on_wait, m_lock_wait);
        live = TableState{};
        live.exists = true;
        // Every column's original header is its comment, even where cleaning
        // left it unchanged, so col_description() answers for every column
        // without knowing the naming rules; all in one query, not a round trip each.
        std::string comments;
        for (const auto& column : plan.create_columns) {
          if (!column.header.empty()) {
            comments += fmt::format("{}COMMENT ON COLUMN {}.{} IS {}", comments.empty() ? "" : "; ",
                                    table, quote_identifier(column.column),
                                    database::quote_literal(m_conn, column.header));
          }
          live.columns.push_back(LiveColumn{
              column.column, std::string(types::sql_name(column.new_type)), column.new_type});
        }
        if (!comments.empty()) m_conn.exec(comments);
        for (auto name : metadata_columns)
          live.columns.push_back(LiveColumn{std::string(name), "", std::nullopt});
        audit(plan.table, ledger::change_create_table, "", "", "");
        break;
      }
      case ChangeKind::AddColumn: {
        run_ddl(m_conn,
                fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table,
                            quote_identifier(change.column), types::sql_name(change.new_type)),
                plan.table, m_on_wait, m_lock_wait);
        if (!change.header.empty()) {
          m_conn.exec(fmt::format("COMMENT ON COLUMN {}.{} IS {}", table,
                                  quote_identifier(change.column),
                                  database::quote_literal(m_conn, change.header)));
        }
        live.columns.push_back(LiveColumn{
            change.column, std::string(types::sql_name(change.new_type)), change.new_type});
        audit(plan.table, ledger::change_add_column, change.column, "",
              std::string(types::sql_name(change.new_type)));
        break;
      }
      case ChangeKind::AlterType:
        has_alter_types = true;  // all applied below, in one statement
        break;
    }
  }
  if (!has_alter_types) return;
  // Each ALTER COLUMN ... TYPE rewrites the whole table: one statement, one rewrite.
  run_ddl(m_conn, alter_types_sql(m_audit.schema, plan.table, plan.changes), plan.table, m_on_wait,
          m_lock_wait);
  for (const auto& change : plan.changes) {
    if (change.kind != ChangeKind::AlterType) continue;
    if (LiveColumn* column = live.find(change.column)) {
      column->type = change.new_type;
      column->sql_type = std::string(types::sql_name(change.new_type));
    }
    audit(plan.table, ledger::change_alter_type, change.column,
          std::string(types::sql_name(*change.old_type)),
          std::string(types::sql_name(change.new_type)));
  }
}

}  // namespace pgdatahub::schema
