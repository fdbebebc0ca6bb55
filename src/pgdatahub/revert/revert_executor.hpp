#pragma once
// Applies a revert plan inside the caller's transaction: deletes the rows of
// the imports (by etl_import_id, nothing else), marks the imports reverted and
// runs the schema undo, each undo written to etl_schema_changes. Either all
// of it commits with the transaction or none of it does.
//
// Concurrency: a load holds the advisory lock of its table for its whole
// transaction, and so does a revert (lock_tables), so a revert and a load of
// the same table take turns. A load that has not committed yet is invisible:
// its import cannot be selected, so it cannot be reverted half-loaded.
#include <pgdatahub/revert/revert_plan.hpp>
#include <pgdatahub/schema/schema_applier.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::revert {

// Takes the per-table advisory locks that loads take, in name order.
void lock_tables(database::Connection& conn, const std::string& schema,
                 std::vector<std::string> tables);

struct RevertResult {
  std::uint64_t rows_deleted = 0;
  std::size_t imports_reverted = 0;
  std::size_t schema_undone = 0;
};

// Applies `plan`. Throws Error when an import of the plan is no longer loaded
// (reverted meanwhile by someone else); the caller's transaction then rolls back.
// A schema undo waits up to `lock_wait` for a session that is not pgdatahub
// holding its table.
RevertResult apply_revert(database::Connection& conn, const RevertPlan& plan,
                          const schema::WaitObserver& on_wait = {},
                          std::chrono::seconds lock_wait = schema::LockWait::default_budget);

// Data only, for a file replaced by its new version: deletes the rows of
// `import_ids` from `table` (of `schema`) and marks them reverted. The caller holds the
// table's lock and the transaction. Returns the rows deleted.
std::uint64_t revert_rows(database::Connection& conn, const std::string& schema,
                          const std::string& table, const std::vector<std::int64_t>& import_ids);

}  // namespace pgdatahub::revert
