#pragma once
// Who holds a lock on a table, told apart: pgdatahub's own loads from any
// other session. A load of a table takes the table's lock (table_locks)
// before it writes and keeps it until its transaction ends, so a session
// holding that lock is a pgdatahub load of the table, alive: the lock goes
// with the session, as a claim's does (run_queue). Neither application_name
// (any client may set it, and a user's connection string may rename
// pgdatahub's) nor a pid kept in the ledger (it outlives its session, and
// pids are reused) proves that.
#include <cstdint>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

struct TableLockHolder {
  int pid = 0;
  std::string application_name;
  // How long its transaction has been open; -1 when this role may not see
  // other roles' sessions (pg_stat_activity hides it).
  std::int64_t transaction_seconds = -1;
  bool pgdatahub_load = false;  // holds the table's pgdatahub lock
  // Waits for a lock the calling session holds: waiting for it cannot end.
  bool waits_for_caller = false;
  // The run queue's worker and file, when the load claimed one.
  std::string worker;
  std::string source_file;
};

// The sessions other than the caller's holding a lock on `schema`.`table`,
// by pid; none when the table does not exist.
std::vector<TableLockHolder> table_lock_holders(database::Connection& conn,
                                                const std::string& table,
                                                const std::string& schema);

}  // namespace pgdatahub::ledger
