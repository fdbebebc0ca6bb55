#pragma once
// `etl` and `resume` end the same way: run the load, print the summary and
// choose the exit code.
#include <pgdatahub/orchestrator/load_run.hpp>

#include <string>
#include <string_view>

namespace pgdatahub::cli {

// Returns the exit code: ok, some failed, or stopped (the pause file then
// says how to continue).
// `command` names the JSON document ("etl" or "resume"). With a
// `report_path`, the HTML load report of this run's imports is written there.
int load_and_report(std::string_view command, const orchestrator::LoadRequest& request, bool json,
                    const std::string& report_path = "");

}  // namespace pgdatahub::cli
