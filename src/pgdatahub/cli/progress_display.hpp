#pragma once
// Renders a run: one live line on a terminal, plain lines otherwise.
#include <pgdatahub/orchestrator/run_observer.hpp>

#include <chrono>
#include <cstdio>

namespace pgdatahub::cli {

class ProgressDisplay : public orchestrator::RunObserver {
 public:
  // `quiet`: print nothing (JSON output).
  explicit ProgressDisplay(bool quiet);

  void file_started(const orchestrator::FileJob& job, std::size_t index,
                    std::size_t total) override;
  void rows_progress(std::uint64_t rows_in_file) override;
  void file_finished(const orchestrator::FileOutcome& outcome) override;
  void notice(std::string_view message) override;
  void pause_tick(std::size_t seconds_left) override;
  void connected(std::string_view display) override;
  void run_note(std::string_view message) override;

  // Clears the live line, so the summary that follows starts on a clean line.
  void finish();

 private:
  void draw();
  void clear_line();

  bool m_quiet;
  bool m_terminal;
  std::string m_current;
  std::size_t m_index = 0;
  std::size_t m_total = 0;
  std::uint64_t m_rows_done = 0;  // rows of finished files
  std::uint64_t m_rows_file = 0;
  std::chrono::steady_clock::time_point m_started;
  std::chrono::steady_clock::time_point m_last_draw;
};

}  // namespace pgdatahub::cli
