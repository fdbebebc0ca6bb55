#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/connect.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/ledger/run_queue.hpp>
#include <pgdatahub/orchestrator/shared_run.hpp>
#include <pgdatahub/orchestrator/worker_pool.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>

namespace pgdatahub::orchestrator {
namespace {

std::vector<ledger::QueuedFile> queued(const RunPlan& plan) {
  std::vector<ledger::QueuedFile> files;
  for (const FileJob& job : plan.files_in_order()) files.push_back({job.source_file, job.table});
  return files;
}

// Names the process in etl_run_files.worker: the host, then the process.
std::string worker_name() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}", host[0] != '\0' ? host : "localhost", getpid());
}

}  // namespace

RunSummary load_shared(database::Connection& conn, const config::Settings& settings,
                       const RunPlan& plan, const SharedRunRequest& request, RunObserver& observer,
                       const std::atomic<bool>& stop, RunHooks hooks, PreparedFile first) {
  PoolOptions options;
  options.worker_name = worker_name();
  std::size_t jobs = choose_jobs(conn, settings.jobs);
  // A worker with no file to claim would only cost a connection opened
  // before the first claim: a run of this process's own plan gets at most
  // one per file. A joining worker cannot tell how many are left for it.
  if (request.entry != RunEntry::Join)
    jobs = std::min(jobs, std::max<std::size_t>(1, plan.file_count()));
  switch (request.entry) {
    case RunEntry::Join: {
      const auto run = ledger::running_run(conn);
      if (!run) {
        throw ConfigError(
            "no run is loading into this database: start one with `pgdatahub etl` (on any host), "
            "then join it with `pgdatahub etl --worker`");
      }
      options.run_id = *run;
      options.owns_run = false;
      hooks = {};  // the pause file is the starter's
      observer.run_note(fmt::format("joining run {} with {} workers", *run, jobs));
      break;
    }
    case RunEntry::Resume:
      if (const auto run = ledger::unfinished_run(conn, request.data_dir)) {
        options.run_id = *run;
        ledger::reopen_run(conn, *run, queued(plan));
        break;
      }
      [[fallthrough]];
    case RunEntry::Start:
      options.run_id =
          ledger::start_run(conn, request.data_dir, options.worker_name, jobs, queued(plan));
      break;
  }
  log_info(fmt::format("run {}: {} workers ({})", options.run_id, jobs, options.worker_name));

  // The first worker uses the caller's connection; each other opens its own.
  std::vector<database::Target> extra;
  std::vector<database::Connection*> connections{&conn};
  for (std::size_t i = 1; i < jobs; ++i) {
    try {
      extra.push_back(database::connect(settings));
    } catch (const Error& e) {
      log_warning(
          fmt::format("worker {} could not connect, loading with {}: {}", i + 1, i, e.what()));
      break;
    }
  }
  for (auto& target : extra) connections.push_back(&target.connection);
  WorkerPool pool(std::move(connections), settings, observer, stop, std::move(hooks), options);
  return pool.run(plan, std::move(first));
}

}  // namespace pgdatahub::orchestrator
