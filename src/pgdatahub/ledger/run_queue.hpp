#pragma once
// Runs and their file queues, kept in the ledger (etl_runs, etl_run_files)
// so that workers in any process on any host share one run through
// PostgreSQL. A worker claims a file by locking its row (SELECT ... FOR
// UPDATE SKIP LOCKED) and taking a session advisory lock named after it; the
// lock, not the row's state, says the claim is alive: a worker that dies
// loses its session, hence its lock, and the next claimer takes the file
// over. The file's own transaction rolled back with the session, so nothing
// of it stayed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

// etl_runs.state
inline constexpr std::string_view run_running = "running";
inline constexpr std::string_view run_stopped = "stopped";
inline constexpr std::string_view run_finished = "finished";
inline constexpr std::string_view run_replaced = "replaced";  // a fresh etl of its folder took over

// etl_run_files.state: pending, claimed, then the file's outcome (loaded,
// duplicate, failed, empty).
inline constexpr std::string_view file_pending = "pending";
inline constexpr std::string_view file_claimed = "claimed";

struct QueuedFile {
  std::string source_file;  // relative to DATA_DIR
  std::string table;
};

struct ClaimedFile {
  std::int64_t id = 0;
  std::string source_file;
  std::string table;
  int claims = 0;  // more than one: taken over from a worker that died
};

struct FileResult {
  std::string state;  // loaded, duplicate, failed, empty
  std::uint64_t rows = 0;
  std::int64_t import_id = 0;  // 0: none
  std::string error;
};

// The SQL expression of the key of the session lock that keeps the claim of
// the queue row whose id `id_sql` gives alive (pg_locks shows a bigint
// advisory key as classid and objid, its high and low 32 bits).
std::string claim_lock_key_sql(std::string_view id_sql);

// A new run of `data_dir` holding `files` in the order they load. Earlier
// stopped runs of the same folder are marked replaced.
std::int64_t start_run(database::Connection& conn, const std::string& data_dir,
                       const std::string& started_by, std::size_t jobs,
                       const std::vector<QueuedFile>& files);

// The newest run of `data_dir` that did not finish, if any (for `resume`).
std::optional<std::int64_t> unfinished_run(database::Connection& conn, const std::string& data_dir);

// The newest running run (for `etl --worker`), if any.
std::optional<std::int64_t> running_run(database::Connection& conn);

// Continues `run`: it is running again, and `files` are queued in this order
// (files not claimed by a live worker move to the back of the queue in the
// order given; files the run did not have are added).
void reopen_run(database::Connection& conn, std::int64_t run, const std::vector<QueuedFile>& files);

// The next file of a running run, or none. A file whose claimer died is
// taken over first; otherwise the first pending file, whatever table other
// workers are loading (files of one table load at once). Claims of one run
// take turns on a transaction-scoped lock, held for a few milliseconds.
std::optional<ClaimedFile> claim_next(database::Connection& conn, std::int64_t run,
                                      const std::string& worker);

// Records the outcome of a claimed file and releases the claim.
void finish_file(database::Connection& conn, const ClaimedFile& file, const FileResult& result);

// Puts a claimed file back in the queue (its load was interrupted).
void release_file(database::Connection& conn, const ClaimedFile& file);

// Files of the run neither pending nor done: claimed by some worker, alive or not.
std::size_t claimed_count(database::Connection& conn, std::int64_t run);
std::size_t pending_count(database::Connection& conn, std::int64_t run);

// Whether the run is still running (a stopped run is left by its workers).
bool is_running(database::Connection& conn, std::int64_t run);

// Ends the run when nothing is pending or claimed: the last worker to
// finish marks it finished. Returns whether it is finished.
bool finish_if_done(database::Connection& conn, std::int64_t run);

void stop_run(database::Connection& conn, std::int64_t run, const std::string& reason);
void count_pause(database::Connection& conn, std::int64_t run);
// Adds a session's wall time to the run (rows/s in the report).
void add_active_time(database::Connection& conn, std::int64_t run, std::int64_t milliseconds);

}  // namespace pgdatahub::ledger
