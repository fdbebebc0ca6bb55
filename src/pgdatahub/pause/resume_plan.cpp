#include <pgdatahub/pause/resume_plan.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>

namespace pgdatahub::pause {
namespace {

enum Rank { Failed = 0, Remaining = 1, New = 2, Done = 3 };

}  // namespace

ResumePlan order_for_resume(const orchestrator::RunPlan& plan, const PauseState& state) {
  std::unordered_map<std::string, Rank> rank;
  for (const auto& entry : state.done) rank[entry.source_file] = Done;
  for (const auto& name : state.remaining) rank[name] = Remaining;
  for (const auto& entry : state.failed) rank[entry.source_file] = Failed;
  auto rank_of = [&](const orchestrator::FileJob& job) {
    const auto it = rank.find(job.source_file);
    return it == rank.end() ? New : it->second;
  };

  ResumePlan out;
  out.plan.data_dir = plan.data_dir;
  out.plan.skipped = plan.skipped;
  std::set<std::string> present;
  std::vector<std::pair<Rank, std::vector<orchestrator::FileJob>>> sections;
  for (const auto& section : plan.sections) {
    std::vector<orchestrator::FileJob> kept;
    Rank first = Done;
    for (const auto& job : section) {
      present.insert(job.source_file);
      const Rank r = rank_of(job);
      if (r == Done) {
        ++out.done;
        continue;
      }
      if (r == Failed) ++out.retried;
      first = std::min(first, r);
      kept.push_back(job);
    }
    if (kept.empty()) continue;
    std::stable_sort(kept.begin(), kept.end(),
                     [&](const auto& a, const auto& b) { return rank_of(a) < rank_of(b); });
    sections.emplace_back(first, std::move(kept));
  }
  std::stable_sort(sections.begin(), sections.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& section : sections) out.plan.sections.push_back(std::move(section.second));

  for (const auto& entry : state.failed) {
    if (!present.contains(entry.source_file)) out.missing.push_back(entry.source_file);
  }
  for (const auto& name : state.remaining) {
    if (!present.contains(name)) out.missing.push_back(name);
  }
  return out;
}

}  // namespace pgdatahub::pause
