#pragma once
// A writing run recorded in the ledger and loaded by a pool of workers: a
// fresh `etl` starts a run, `resume` reopens the folder's unfinished one,
// `etl --worker` joins the newest running one. Other processes, on any host
// that sees the same files and database, join it the same way.
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/orchestrator/etl_run.hpp>
#include <pgdatahub/orchestrator/file_preparation.hpp>
#include <pgdatahub/orchestrator/run_observer.hpp>

#include <atomic>
#include <string>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::orchestrator {

enum class RunEntry {
  Start,   // etl: a new run of the folder
  Resume,  // resume: the folder's unfinished run continues (a new one if the ledger has none)
  Join,    // etl --worker: the newest running run, whoever started it
};

struct SharedRunRequest {
  RunEntry entry = RunEntry::Start;
  std::string data_dir;  // canonical: the run's name for its folder
};

// Loads `plan` through the run's queue with as many workers as
// settings.jobs allows. Throws ConfigError when there is no run to join.
// `first`: the plan's first file, prepared while the run connected.
RunSummary load_shared(database::Connection& conn, const config::Settings& settings,
                       const RunPlan& plan, const SharedRunRequest& request, RunObserver& observer,
                       const std::atomic<bool>& stop, RunHooks hooks, PreparedFile first = {});

}  // namespace pgdatahub::orchestrator
