#pragma once
// Keeps the pause file in step with a run: a checkpoint at safe points while
// it loads, the final state when it stops, nothing once it completes.
#include <pgdatahub/orchestrator/etl_run.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace pgdatahub::pause {

// How a run's pause file was left.
struct FinishedRun {
  std::optional<PauseState> saved;  // the run stopped and this state was written
  std::string write_error;          // the run stopped but the file could not be written: why
};

class Checkpoint {
 public:
  // `base` carries the identity, the options and the files done by the runs
  // this one continues (none for a fresh `etl`).
  Checkpoint(std::filesystem::path file, PauseState base);

  // What the pause file says after `so_far`, with `remaining` still to load.
  PauseState state_after(const orchestrator::RunSummary& so_far,
                         const std::vector<orchestrator::FileJob>& remaining, RunState state) const;

  // Writes the state at a safe point. Routine checkpoints are written at most
  // once a second: a stale one only makes a resume meet files the ledger
  // already knows, which it skips.
  void save(const orchestrator::RunSummary& so_far,
            const std::vector<orchestrator::FileJob>& remaining, orchestrator::SafePoint at);

  // Before the first file: a killed run can be resumed from the start.
  void save_start(const std::vector<orchestrator::FileJob>& planned);

  // After the run: removes the pause file when the run completed; writes why
  // and where it stopped otherwise, and returns that state or why it could
  // not be written (for the caller to say; the library does not print).
  FinishedRun finish(const orchestrator::RunSummary& summary);

  // Runs' hooks that call save().
  orchestrator::RunHooks hooks();

  const std::filesystem::path& file() const noexcept { return m_file; }

 private:
  void write(const PauseState& state);

  std::filesystem::path m_file;
  PauseState m_base;
  std::chrono::steady_clock::time_point m_last_write{};
  bool m_warned = false;
};

}  // namespace pgdatahub::pause
