#pragma once
// The report's runs: when each ran, how long, rows/s, how often it paused,
// stopped and was resumed, and the runs still pending (stopped or running).
#include <pgdatahub/ledger/run_records.hpp>

#include <string>
#include <vector>

namespace pgdatahub::report {

// The <section id="runs"> of the page; `runs` newest first.
std::string runs_section(const std::vector<ledger::RunRecord>& runs);

}  // namespace pgdatahub::report
