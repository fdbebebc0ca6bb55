#pragma once
// The ledger's runs read back as values: `status` shows the unfinished ones
// with their workers and files, the report every run's figures.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

struct RunRecord {
  std::int64_t id = 0;
  std::string data_dir;
  std::string started_by;  // host:pid
  std::string state;       // running, stopped, finished, replaced
  std::string stop_reason;
  std::int64_t jobs = 1;
  std::string started_at;                  // UTC, "YYYY-MM-DD HH:MM:SS"
  std::optional<std::string> finished_at;  // last stop or the end
  std::int64_t active_ms = 0;              // wall time of the sessions that started or resumed it
  std::int64_t paused = 0, stopped = 0, resumed = 0;
  std::int64_t files = 0, done = 0, failed = 0, pending = 0, claimed = 0;
  std::int64_t rows = 0;
};

// A file a worker holds. `alive`: its claimer's session still holds the
// claim's lock; a dead worker's file is taken over by the next claim.
struct ClaimRecord {
  std::string worker;
  std::string source_file;
  std::string table;
  std::string claimed_at;
  bool alive = false;
};

// Runs newest first: every run since `since_utc` (empty: all), or only the
// unfinished ones (running or stopped). Empty when the ledger has no runs table.
std::vector<RunRecord> run_records(database::Connection& conn, const std::string& since_utc,
                                   bool unfinished_only);

// The files of `run` claimed now (run_queue.cpp: it knows the claim's lock).
std::vector<ClaimRecord> claims_of(database::Connection& conn, std::int64_t run);

}  // namespace pgdatahub::ledger
