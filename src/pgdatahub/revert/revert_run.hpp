#pragma once
// A whole revert, as the command runs it: preview the plan, then execute it
// under the tables' locks, selecting again once the locks are held.
#include <pgdatahub/revert/revert_executor.hpp>
#include <pgdatahub/revert/revert_plan.hpp>
#include <pgdatahub/revert/selection.hpp>
#include <pgdatahub/schema/schema_applier.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::revert {

struct RevertOptions {
  bool keep_schema = false;  // revert rows only; leave tables and columns as they are
  // The imports a user confirmed (from preview()); when set, execute()
  // refuses to revert any other set.
  std::optional<std::vector<std::int64_t>> confirmed_imports;
  // How long a session that is not pgdatahub may keep a table whose schema
  // the revert undoes (Settings::lock_wait_seconds, ETL_LOCK_WAIT_SECONDS).
  std::chrono::seconds lock_wait = schema::LockWait::default_budget;
};

struct RevertOutcome {
  RevertPlan plan;  // what was reverted: the plan as executed
  RevertResult applied;
};

// The plan for `selection`, read in a transaction that is rolled back:
// nothing changes. Throws Error when nothing was ever loaded into this
// database, or when the selection names nothing loaded.
RevertPlan preview(database::Connection& conn, const Selection& selection, bool keep_schema);

// Reverts the selection in one transaction: takes the per-table locks loads
// take, selects again (a load that held a lock has committed by then),
// compares with the confirmed imports, plans again and applies. `on_wait`
// hears of lock waits. Throws Error, with nothing changed, when the selected
// imports differ from the confirmed ones or nothing was ever loaded.
RevertOutcome execute(database::Connection& conn, const Selection& selection,
                      const RevertOptions& options, const schema::WaitObserver& on_wait = {});

}  // namespace pgdatahub::revert
