#pragma once
// Turns a fresh plan of the tree into the plan of a resumed run: what failed
// first, then what remained, then files that appeared since; files already
// done are dropped without being read again.
#include <pgdatahub/orchestrator/etl_run.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <string>
#include <vector>

namespace pgdatahub::pause {

struct ResumePlan {
  orchestrator::RunPlan plan;
  std::size_t done = 0;              // files of the plan skipped as done
  std::size_t retried = 0;           // failed files put first
  std::vector<std::string> missing;  // failed or remaining files no longer in DATA_DIR
};

// Folders stay whole (a folder is a section under ETL_SECTIONAL_COMMIT): a
// folder holding a failed file moves to the front, and inside each folder
// the failed files come first.
ResumePlan order_for_resume(const orchestrator::RunPlan& plan, const PauseState& state);

}  // namespace pgdatahub::pause
