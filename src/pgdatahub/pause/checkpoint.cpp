#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/utc_time.hpp>
#include <pgdatahub/pause/checkpoint.hpp>

#include <fmt/format.h>

#include <map>
#include <set>

namespace pgdatahub::pause {
namespace {

using orchestrator::FileStatus;
constexpr auto routine_interval = std::chrono::seconds(1);

std::string folder_of(const std::string& source_file) {
  const auto folder = std::filesystem::path(source_file).parent_path().generic_string();
  return folder.empty() ? "." : folder;
}

}  // namespace

Checkpoint::Checkpoint(std::filesystem::path file, PauseState base)
    : m_file(std::move(file)), m_base(std::move(base)) {}

PauseState Checkpoint::state_after(const orchestrator::RunSummary& so_far,
                                   const std::vector<orchestrator::FileJob>& remaining,
                                   RunState state) const {
  PauseState out = m_base;
  out.failed.clear();
  out.remaining.clear();
  out.state = state;
  // A file's last outcome in this run decides where it goes.
  std::map<std::string, const orchestrator::FileOutcome*> last;
  for (const auto& outcome : so_far.outcomes) last[outcome.source_file] = &outcome;
  std::set<std::string> failed_names;
  for (const auto& outcome : so_far.outcomes) {
    if (last[outcome.source_file] != &outcome) continue;
    if (outcome.status == FileStatus::Loaded || outcome.status == FileStatus::Duplicate ||
        outcome.status == FileStatus::Empty) {
      out.done.push_back(
          {outcome.source_file, std::string(orchestrator::status_name(outcome.status)), ""});
    } else if (outcome.status == FileStatus::Failed) {
      out.failed.push_back({outcome.source_file, "failed", outcome.error});
      failed_names.insert(outcome.source_file);
    }
  }
  for (const auto& job : remaining) {
    if (!failed_names.contains(job.source_file)) out.remaining.push_back(job.source_file);
  }
  return out;
}

void Checkpoint::save(const orchestrator::RunSummary& so_far,
                      const std::vector<orchestrator::FileJob>& remaining,
                      orchestrator::SafePoint at) {
  const bool pausing = at == orchestrator::SafePoint::Pause;
  if (!pausing && std::chrono::steady_clock::now() - m_last_write < routine_interval) return;
  auto state = state_after(so_far, remaining, pausing ? RunState::Paused : RunState::Running);
  state.stop_reason = pausing ? "periodic pause (ETL_PAUSE_EVERY)" : "the run was still loading";
  write(state);
}

void Checkpoint::save_start(const std::vector<orchestrator::FileJob>& planned) {
  PauseState state = m_base;
  state.failed.clear();
  state.remaining.clear();
  // Files that failed before are already first in `planned`.
  for (const auto& job : planned) state.remaining.push_back(job.source_file);
  state.state = RunState::Running;
  state.stop_reason = "the run was still loading";
  state.written_at = utc_now(UtcStyle::Iso8601);
  write_pause_file(m_file, state);  // throws: better now than after hours of loading
  m_last_write = std::chrono::steady_clock::now();
}

FinishedRun Checkpoint::finish(const orchestrator::RunSummary& summary) {
  if (!summary.stopped) {
    remove_pause_file(m_file);
    return {};
  }
  auto state = state_after(summary, summary.remaining,
                           summary.section_failed ? RunState::SectionFailed : RunState::Stopped);
  state.stop_reason = summary.stop_reason;
  if (summary.section_failed && !state.failed.empty()) {
    const auto& failed = state.failed.back();
    state.failed_section =
        FailedSection{folder_of(failed.source_file), failed.source_file, failed.error};
  }
  state.written_at = utc_now(UtcStyle::Iso8601);
  try {
    write_pause_file(m_file, state);
  } catch (const Error& e) {
    // The run still stopped cleanly; without the file, `etl` starts over and
    // the ledger skips what is loaded.
    log_error(e.what());
    return {std::nullopt, e.what()};
  }
  return {std::move(state), ""};
}

orchestrator::RunHooks Checkpoint::hooks() {
  orchestrator::RunHooks hooks;
  hooks.checkpoint = [this](const orchestrator::RunSummary& so_far,
                            const std::vector<orchestrator::FileJob>& remaining,
                            orchestrator::SafePoint at) { save(so_far, remaining, at); };
  return hooks;
}

void Checkpoint::write(const PauseState& state) {
  PauseState stamped = state;
  stamped.written_at = utc_now(UtcStyle::Iso8601);
  try {
    write_pause_file(m_file, stamped);
    m_last_write = std::chrono::steady_clock::now();
  } catch (const Error& e) {
    // The ledger still guards every file; losing a checkpoint loses no data.
    if (!m_warned) log_warning(e.what());
    m_warned = true;
  }
}

}  // namespace pgdatahub::pause
