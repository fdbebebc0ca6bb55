#pragma once
// How a schema change waits for its table's lock. DDL runs under a short
// lock_timeout, backing off between attempts so that readers queued behind
// it get through. Who holds the table decides how long it waits: a
// pgdatahub load of the table (a worker of this run or of any process) is
// waited for as long as it lives, since it commits in its own time and only
// then can the change go on; any other session is waited for up to a
// budget, then the file fails naming that session.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::schema {

// Told about lock waits ("waited 4.0 s for a lock on table sales").
using WaitObserver = std::function<void(const std::string& message)>;

// The wait of one table's DDL.
struct LockWait {
  // How long a session that is not a pgdatahub load may keep the table
  // before the file fails (Settings::lock_wait_seconds for a load).
  static constexpr std::chrono::seconds default_budget{120};

  std::string schema;  // of the table
  std::chrono::seconds budget = default_budget;
  // Set when the run is asked to stop: a wait for a peer has no end of its own.
  const std::atomic<bool>* stop = nullptr;
};

// Runs one DDL statement of the open transaction, waiting for the table's
// lock as above. Throws FileError naming the holder when the budget runs
// out, database::RetryableConflict when a pgdatahub load holding the table
// waits for this transaction (neither can finish: this file loads again),
// Interrupted on stop.
void run_ddl(database::Connection& conn, const std::string& sql, const std::string& table,
             const WaitObserver& on_wait, const LockWait& wait);

}  // namespace pgdatahub::schema
