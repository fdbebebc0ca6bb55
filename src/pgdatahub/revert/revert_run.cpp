#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/revert/revert_run.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace pgdatahub::revert {
namespace {

void require_ledger(database::Connection& conn) {
  if (!ledger::exists(conn)) {
    throw Error("nothing has been loaded into this database yet, so there is nothing to revert");
  }
}

}  // namespace

RevertPlan preview(database::Connection& conn, const Selection& selection, bool keep_schema) {
  require_ledger(conn);
  database::Transaction tx(conn);  // read only; rolled back
  return plan_revert(conn, select_imports(conn, selection), keep_schema, selection.schema);
}

RevertOutcome execute(database::Connection& conn, const Selection& selection,
                      const RevertOptions& options, const schema::WaitObserver& on_wait) {
  require_ledger(conn);
  // The tables the selection names before the locks; a load may add one.
  auto tables = preview(conn, selection, options.keep_schema).table_names();

  database::Transaction tx(conn);
  // Take the tables' locks first, then select again: a load that held a lock
  // has committed by now and the selection sees it.
  lock_tables(conn, selection.schema, tables);
  auto imports = select_imports(conn, selection);
  std::vector<std::string> more;
  for (const auto& import : imports) {
    if (std::find(tables.begin(), tables.end(), import.table) == tables.end())
      more.push_back(import.table);
  }
  lock_tables(conn, selection.schema, more);
  if (options.confirmed_imports) {
    std::vector<std::int64_t> ids;
    ids.reserve(imports.size());
    for (const auto& import : imports) ids.push_back(import.id);
    if (ids != *options.confirmed_imports) {
      // What was confirmed is not what would be reverted now.
      throw Error(
          "the selected imports changed while waiting for a load to finish: nothing was reverted; "
          "run again");
    }
  }
  RevertOutcome outcome;
  outcome.plan = plan_revert(conn, std::move(imports), options.keep_schema, selection.schema);
  outcome.applied = apply_revert(conn, outcome.plan, on_wait, options.lock_wait);
  tx.commit();
  log_info(fmt::format("reverted {} imports, {} rows, {} schema changes undone",
                       outcome.applied.imports_reverted, outcome.applied.rows_deleted,
                       outcome.applied.schema_undone));
  return outcome;
}

}  // namespace pgdatahub::revert
