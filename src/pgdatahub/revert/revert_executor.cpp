#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/revert/revert_executor.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace pgdatahub::revert {
namespace {

std::uint64_t delete_rows(database::Connection& conn, const std::string& schema,
                          const std::string& table, const std::string& ids) {
  auto result = conn.exec(fmt::format("DELETE FROM {} WHERE etl_import_id = ANY($1::bigint[])",
                                      database::quote_qualified(schema, table)),
                          {ids});
  return result.affected_rows();
}

void mark_reverted(database::Connection& conn, const std::vector<std::int64_t>& ids) {
  // reverted_at is the transaction's time, as changed_at of the undo rows is:
  // that is how the planner tells an undo row from the change it undid.
  auto result = conn.exec(
      "UPDATE public.etl_imports SET status = $2, reverted_at = (now() AT TIME ZONE 'UTC') "
      "WHERE id = ANY($1::bigint[]) AND " +
          ledger::in_force_sql(3),
      {id_array(ids), std::string(ledger::status_reverted), std::string(ledger::status_loaded),
       std::string(ledger::status_empty)});
  if (result.affected_rows() != ids.size()) {
    throw Error(
        "another session reverted some of these imports meanwhile: nothing was changed; run again");
  }
}

std::string_view audit_type(UndoKind kind) {
  switch (kind) {
    case UndoKind::DropTable:
      return ledger::change_drop_table;
    case UndoKind::DropColumn:
      return ledger::change_drop_column;
    case UndoKind::NarrowType:
      return ledger::change_alter_type;
  }
  return ledger::change_alter_type;
}

}  // namespace

void lock_tables(database::Connection& conn, const std::string& schema,
                 std::vector<std::string> tables) {
  std::sort(tables.begin(), tables.end());
  tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
  for (const auto& table : tables) {
    ledger::lock_table(conn, table, schema);
  }
}

RevertResult apply_revert(database::Connection& conn, const RevertPlan& plan,
                          const schema::WaitObserver& on_wait, std::chrono::seconds lock_wait) {
  RevertResult result;
  for (const auto& table : plan.tables) {
    if (table.exists) {
      result.rows_deleted +=
          delete_rows(conn, plan.schema, table.table, id_array(table.import_ids));
    }
  }
  const auto ids = plan.import_ids();
  mark_reverted(conn, ids);
  result.imports_reverted = ids.size();
  for (const auto& step : plan.undo) {
    schema::run_ddl(conn, step.sql, step.table, on_wait,
                    schema::LockWait{plan.schema, lock_wait, nullptr});
    schema::record_schema_change(conn, step.table, audit_type(step.kind), step.column,
                                 step.from_type, step.to_type,
                                 {step.source_file, step.import_id, plan.schema});
    ++result.schema_undone;
  }
  return result;
}

std::uint64_t revert_rows(database::Connection& conn, const std::string& schema,
                          const std::string& table, const std::vector<std::int64_t>& import_ids) {
  // Imports that stored no row (status empty) may have no table to delete from.
  const bool stored_rows = conn.exec(
                                   "SELECT EXISTS (SELECT 1 FROM public.etl_imports WHERE id = "
                                   "ANY($1::bigint[]) AND status = $2)",
                                   {id_array(import_ids), std::string(ledger::status_loaded)})
                               .text(0, 0) == "t";
  const std::uint64_t rows =
      stored_rows ? delete_rows(conn, schema, table, id_array(import_ids)) : 0;
  mark_reverted(conn, import_ids);
  return rows;
}

}  // namespace pgdatahub::revert
