#pragma once
// Applies a schema plan inside the file's transaction and writes each change
// to etl_schema_changes, so a file that fails leaves neither its DDL nor its
// audit rows. DDL waits for its table's lock as ddl_lock_wait says: for
// pgdatahub's own loads as long as they live, for other sessions up to a budget.
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/schema/ddl_lock_wait.hpp>
#include <pgdatahub/schema/schema_plan.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::schema {

// The file a change comes from, and the schema of the table it changes.
struct AuditContext {
  std::string source_file;
  std::int64_t import_id = 0;
  std::string schema = std::string(ledger::ledger_schema);
};

class SchemaApplier {
 public:
  // `lock_wait`: its budget and stop flag (its schema is the audit's).
  SchemaApplier(database::Connection& conn, AuditContext audit, WaitObserver on_wait = {},
                LockWait lock_wait = {});

  // Runs the plan's DDL and audit inserts; updates `live` to the new shape.
  void apply(const SchemaPlan& plan, TableState& live);

 private:
  void audit(const std::string& table, std::string_view change_type, const std::string& column,
             const std::string& old_type, const std::string& new_type);

  database::Connection& m_conn;
  AuditContext m_audit;
  WaitObserver m_on_wait;
  LockWait m_lock_wait;
};

// Writes one row of etl_schema_changes (empty strings are stored as NULL).
void record_schema_change(database::Connection& conn, const std::string& table,
                          std::string_view change_type, const std::string& column,
                          const std::string& old_type, const std::string& new_type,
                          const AuditContext& audit);

// The expression converting `value` (SQL text of type `old_type`) to
// `new_type`, as ALTER ... TYPE ... USING writes it.
std::string conversion_sql(const std::string& value, std::optional<types::PgType> old_type,
                           types::PgType new_type);

// ALTER TABLE ... TYPE statement that converts existing values to their
// canonical form in the new type (e.g. integer -> text reads `123`).
std::string alter_type_sql(const std::string& schema, const std::string& table,
                           const std::string& column, std::optional<types::PgType> old_type,
                           types::PgType new_type);

// One ALTER TABLE converting several columns (of `changes`, the AlterType
// ones), so PostgreSQL rewrites the table once rather than once per column.
std::string alter_types_sql(const std::string& schema, const std::string& table,
                            const std::vector<SchemaChange>& changes);

}  // namespace pgdatahub::schema
