#pragma once
// `etl` and `resume` end the same way: run the load, print the summary and
// choose the exit code.
#include <pgdatahub/orchestrator/load_run.hpp>

namespace pgdatahub::cli {

// Returns the exit code: ok, some failed, or stopped (the pause file then
// says how to continue).
int load_and_report(const orchestrator::LoadRequest& request, bool json);

}  // namespace pgdatahub::cli
