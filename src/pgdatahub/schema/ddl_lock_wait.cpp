#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/ledger/table_lock_holders.hpp>
#include <pgdatahub/schema/ddl_lock_wait.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace pgdatahub::schema {
namespace {

using Clock = std::chrono::steady_clock;
using Holders = std::vector<ledger::TableLockHolder>;

// Each attempt waits this long for its lock before backing off. Longer than
// PostgreSQL's default deadlock_timeout (1 s), so a deadlock with another
// load is found by the server while this session waits.
constexpr const char* ddl_lock_timeout = "SET LOCAL lock_timeout = '2s'";
constexpr auto first_pause = std::chrono::milliseconds(250);
constexpr auto longest_pause = std::chrono::milliseconds(8000);
// Waiting for a pgdatahub load, the pause stays short: the change should
// start soon after that load commits.
constexpr auto longest_pause_for_loads = std::chrono::milliseconds(2000);

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string span(std::int64_t seconds) {
  if (seconds < 60) return fmt::format("{} s", seconds);
  if (seconds < 3600) return fmt::format("{} min {} s", seconds / 60, seconds % 60);
  return fmt::format("{} h {} min", seconds / 3600, seconds % 3600 / 60);
}

bool all_loads(const Holders& holders) {
  return !holders.empty() && std::all_of(holders.begin(), holders.end(),
                                         [](const auto& holder) { return holder.pgdatahub_load; });
}

// "worker host:12/2 loading sales/p2.csv (pid 345)", for a load.
std::string describe_load(const ledger::TableLockHolder& holder) {
  if (holder.worker.empty()) return fmt::format("a pgdatahub load (pid {})", holder.pid);
  return fmt::format("worker {} loading {} (pid {})", printable(holder.worker),
                     printable(holder.source_file), holder.pid);
}

// "pid 345 (application_name 'psql', transaction open 3 min 5 s)".
std::string describe_session(const ledger::TableLockHolder& holder) {
  const std::string age = holder.transaction_seconds < 0
                              ? "transaction age not visible to this role"
                              : "transaction open " + span(holder.transaction_seconds);
  return fmt::format("pid {} (application_name '{}', {})", holder.pid,
                     printable(holder.application_name), age);
}

std::string describe_all(const Holders& holders, bool loads) {
  std::string text;
  for (const auto& holder : holders) {
    if (holder.pgdatahub_load != loads) continue;
    text += (text.empty() ? "" : ", ") + (loads ? describe_load(holder) : describe_session(holder));
  }
  return text;
}

[[noreturn]] void fail_on(const Holders& holders, const std::string& table, double waited) {
  std::vector<int> foreign;
  for (const auto& holder : holders) {
    if (!holder.pgdatahub_load) foreign.push_back(holder.pid);
  }
  if (foreign.empty()) {
    throw FileError(FileFailure::Database,
                    fmt::format("table {} stayed locked for {:.0f} s by sessions that let go "
                                "before they could be named: run again",
                                printable(table), waited));
  }
  const bool one = foreign.size() == 1;
  std::string terminate;
  for (int pid : foreign)
    terminate += fmt::format("{}pg_terminate_backend({})", terminate.empty() ? "" : ", ", pid);
  throw FileError(FileFailure::Database,
                  fmt::format("table {} stayed locked for {:.0f} s by {}, {} not pgdatahub: end {} "
                              "(or SELECT {}) and run again",
                              printable(table), waited, describe_all(holders, false),
                              one ? "a session that is" : "sessions that are",
                              one ? "its transaction" : "their transactions", terminate));
}

// Runs `sql` under the attempt's lock_timeout; false when the lock was not
// had in time (the statement rolled back to its savepoint).
bool try_ddl(database::Connection& conn, const std::string& sql) {
  try {
    // One round trip instead of five: the statements run in order inside
    // the file's transaction and stop at the first error, so a lock timeout
    // leaves the savepoint set and rolling back to it works as before.
    conn.exec(
        fmt::format("SAVEPOINT pgdatahub_ddl; {}; {}; SET LOCAL lock_timeout = 0; "
                    "RELEASE SAVEPOINT pgdatahub_ddl",
                    ddl_lock_timeout, sql));
    return true;
  } catch (const database::LockTimeout&) {
    conn.exec("ROLLBACK TO SAVEPOINT pgdatahub_ddl");
    return false;
  }
}

// Sleeps `pause`, in short steps so that a stop is seen within a moment.
void pause_unless_stopped(std::chrono::milliseconds pause, const std::atomic<bool>* stop) {
  const auto until = Clock::now() + pause;
  while (Clock::now() < until) {
    if (stop != nullptr && stop->load()) throw Interrupted();
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(100), until - Clock::now()));
  }
}

}  // namespace

void run_ddl(database::Connection& conn, const std::string& sql, const std::string& table,
             const WaitObserver& on_wait, const LockWait& wait) {
  auto pause = std::chrono::milliseconds(first_pause);
  const auto started = Clock::now();
  double held_by_others = 0;  // seconds waited while not only pgdatahub loads held the table
  for (int attempt = 1;; ++attempt) {
    const auto attempt_started = Clock::now();
    if (try_ddl(conn, sql)) {
      if (attempt > 1 && on_wait) {
        on_wait(fmt::format("waited {:.1f} s for a lock on table {}", seconds_since(started),
                            printable(table)));
      }
      return;
    }
    const double attempt_seconds = seconds_since(attempt_started);
    if (wait.stop != nullptr && wait.stop->load()) throw Interrupted();
    const Holders holders = ledger::table_lock_holders(conn, table, wait.schema);
    for (const auto& holder : holders) {
      if (holder.pgdatahub_load && holder.waits_for_caller) {
        // It holds the table and waits for this transaction's schema lock:
        // neither can commit. PostgreSQL finds such a cycle itself when its
        // deadlock_timeout is shorter than an attempt; on a server where it
        // is not, this file gives way the same way.
        throw database::RetryableConflict(fmt::format("{} waits for this file's change of table {}",
                                                      describe_load(holder), printable(table)),
                                          "40P01", sql);
      }
    }
    if (all_loads(holders)) {
      // Files of one table commit in their own time: waiting for them is
      // the normal course of a widening, however long they take.
      if (on_wait) {
        on_wait(fmt::format("table {}: waiting for {} to commit, {:.0f} s so far", printable(table),
                            describe_all(holders, true), seconds_since(started)));
      }
      pause = std::min(pause, std::chrono::milliseconds(longest_pause_for_loads));
      pause_unless_stopped(pause, wait.stop);
      pause = std::min(pause * 2, std::chrono::milliseconds(longest_pause_for_loads));
      continue;
    }
    held_by_others += attempt_seconds;
    if (held_by_others >= static_cast<double>(wait.budget.count())) {
      fail_on(holders, table, held_by_others);
    }
    if (on_wait) {
      const std::string others = describe_all(holders, false);
      on_wait(fmt::format("table {} is locked by {}, not a pgdatahub load; waiting up to {} s",
                          printable(table), others.empty() ? "a session that let go" : others,
                          wait.budget.count()));
    }
    const auto attempt_pause = pause;
    pause_unless_stopped(attempt_pause, wait.stop);
    held_by_others += std::chrono::duration<double>(attempt_pause).count();
    pause = std::min(pause * 2, std::chrono::milliseconds(longest_pause));
  }
}

}  // namespace pgdatahub::schema
