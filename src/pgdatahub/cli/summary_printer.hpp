#pragma once
// The end-of-run summary, as text for people and JSON for scripts.
#include <pgdatahub/orchestrator/etl_run.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace pgdatahub::cli {

std::string summary_text(const orchestrator::RunSummary& summary, bool dry_run);
nlohmann::json summary_json(const orchestrator::RunSummary& summary);

}  // namespace pgdatahub::cli
