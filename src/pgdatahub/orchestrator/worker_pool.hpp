#pragma once
// A run's files loaded by N workers (threads of this process, each with its
// own connection) that claim them from the run's queue in the ledger
// (ledger/run_queue). Workers of other processes, on this host or another,
// claim from the same queue (`etl --worker`), so the pool neither knows nor
// cares who else loads: every file is claimed by one worker at a time, and
// exactly-once rests, as with one job, on the SHA-256 in etl_imports.
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/orchestrator/etl_run.hpp>
#include <pgdatahub/orchestrator/file_preparation.hpp>
#include <pgdatahub/orchestrator/run_observer.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::orchestrator {

struct PoolOptions {
  std::int64_t run_id = 0;
  std::string worker_name;  // host:pid; each thread adds /N
  // The process that started or resumed the run: its stop request stops the
  // run for every worker; a joined worker that stops only leaves it.
  bool owns_run = true;
};

class WorkerPool {
 public:
  // One worker per connection; the pool uses them and does not keep them.
  WorkerPool(std::vector<database::Connection*> connections, const config::Settings& settings,
             RunObserver& observer, const std::atomic<bool>& stop, RunHooks hooks,
             PoolOptions options);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  WorkerPool(WorkerPool&&) = delete;
  WorkerPool& operator=(WorkerPool&&) = delete;

  // Loads until the queue is empty or the run stops; returns what this
  // process's workers did. `plan` maps the queue's names to files here.
  // `first`, the plan's first file prepared while the run connected, goes
  // to the worker that claims first: the file it most likely claims.
  RunSummary run(const RunPlan& plan, PreparedFile first = {});

 private:
  class SerialObserver;

  void work(std::size_t worker, database::Connection& conn);
  // Counts the outcome and keeps the pause file in step; when a periodic
  // pause is due, starts it and returns the files left.
  std::optional<std::size_t> record(const FileOutcome& outcome);
  void halt(const std::string& reason);
  // Blocks while a periodic pause lasts; the worker that started it ticks.
  void wait_while_paused();
  bool pausing();
  // How many files this process's workers have finished or given back: an
  // idle worker reads it before it looks at the queue, then waits for it to
  // move (or for the poll's end) instead of sleeping.
  std::uint64_t queue_moves();
  void queue_moved();
  void wait_for_queue(std::uint64_t seen);
  void hold_pause(database::Connection& conn, std::size_t remaining_files);

  std::vector<database::Connection*> m_connections;
  const config::Settings& m_settings;
  std::unique_ptr<SerialObserver> m_observer;
  const std::atomic<bool>& m_stop;
  std::atomic<bool> m_halt{false};  // what the loaders poll: a stop request or a lost connection
  RunHooks m_hooks;
  PoolOptions m_options;

  std::map<std::string, FileJob> m_jobs;  // by source_file
  // The file after each in its folder, with one worker: it is the likely
  // claimer of the next, so it hashes and opens it while the current one
  // commits.
  std::map<std::string, const FileJob*> m_next_in_folder;
  std::atomic<std::size_t> m_index{0};
  std::size_t m_total = 0;

  // Held while claiming and while deciding a pause, so that no claim falls
  // between a pause's decision and its start. Taken before m_mutex.
  std::mutex m_claim_gate;
  PreparedFile m_first;  // guarded by m_claim_gate; taken by the first claim
  std::mutex m_mutex;    // guards what follows
  std::condition_variable m_resume;
  std::condition_variable m_queue_change;
  std::uint64_t m_queue_moves = 0;
  RunSummary m_summary;
  std::vector<FileJob> m_remaining;
  std::size_t m_loaded_since_pause = 0;
  bool m_pausing = false;
};

// How many workers a run gets: `requested`, or when 0 the number of cores;
// never more than the server's spare connections allow.
std::size_t choose_jobs(database::Connection& conn, std::size_t requested);

}  // namespace pgdatahub::orchestrator
