#include <pgdatahub/cli/progress_display.hpp>
#include <pgdatahub/core/printable.hpp>

#include <fmt/format.h>

#include <unistd.h>

namespace pgdatahub::cli {

using Clock = std::chrono::steady_clock;

ProgressDisplay::ProgressDisplay(bool quiet)
    : m_quiet(quiet), m_terminal(isatty(STDERR_FILENO) != 0), m_started(Clock::now()) {}

void ProgressDisplay::clear_line() {
  if (m_terminal && !m_quiet) std::fputs("\r\033[K", stderr);
}

void ProgressDisplay::draw() {
  if (m_quiet || !m_terminal) return;
  const double seconds = std::chrono::duration<double>(Clock::now() - m_started).count();
  const std::uint64_t rows = m_rows_done + m_rows_file;
  const double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0.0;
  clear_line();
  std::fputs(
      fmt::format("[{}/{}] {} rows, {:.0f} rows/s  {}", m_index, m_total, rows, rate, m_current)
          .c_str(),
      stderr);
  std::fflush(stderr);
  m_last_draw = Clock::now();
}

void ProgressDisplay::file_started(const orchestrator::FileJob& job, std::size_t index,
                                   std::size_t total) {
  m_index = index;
  m_total = total;
  m_current = printable(job.source_file);
  m_rows_file = 0;
  draw();
}

void ProgressDisplay::rows_progress(std::uint64_t rows_in_file) {
  m_rows_file = rows_in_file;
  if (Clock::now() - m_last_draw > std::chrono::milliseconds(100)) draw();
}

void ProgressDisplay::file_finished(const orchestrator::FileOutcome& outcome) {
  m_rows_done += outcome.rows;
  m_rows_file = 0;
  if (m_quiet) return;
  clear_line();
  std::string line = fmt::format("{:<9} {} -> {}", orchestrator::status_name(outcome.status),
                                 outcome.source_file, outcome.table);
  if (outcome.status == orchestrator::FileStatus::Loaded ||
      outcome.status == orchestrator::FileStatus::Planned) {
    line += fmt::format(" ({} rows, {:.2f} s)", outcome.rows, outcome.seconds);
  }
  for (std::size_t i = 0; i < outcome.replaced_imports.size(); ++i) {
    line += fmt::format("{}{}", i == 0 ? "; replaced import " : ", ", outcome.replaced_imports[i]);
  }
  if (!outcome.error.empty()) line += ": " + outcome.error;
  std::fprintf(stderr, "%s\n", printable(line).c_str());
  for (const auto& note : outcome.notes)
    std::fprintf(stderr, "          %s\n", printable(note).c_str());
  if (outcome.status == orchestrator::FileStatus::Loaded) {
    // Schema changes are worth a line each: they are what a user audits.
    for (const auto& change : outcome.schema_changes) {
      if (change.change == schema::ChangeKind::CreateTable) continue;
      std::fprintf(stderr, "          %s\n", printable(schema::describe(change)).c_str());
    }
  }
  draw();
}

void ProgressDisplay::notice(std::string_view message) {
  if (m_quiet) return;
  clear_line();
  std::fprintf(stderr, "%s\n", printable(message).c_str());
  draw();
}

void ProgressDisplay::connected(std::string_view display) {
  m_started = Clock::now();  // the rate counts loading, not starting a cluster
  if (!m_quiet) std::fprintf(stderr, "database: %s\n", printable(display).c_str());
}

void ProgressDisplay::run_note(std::string_view message) {
  if (m_quiet) return;
  clear_line();
  std::fprintf(stderr, "%s\n", printable(message).c_str());
}

void ProgressDisplay::finish() {
  clear_line();
  std::fflush(stderr);
}

void ProgressDisplay::pause_tick(std::size_t seconds_left) {
  if (m_quiet) return;
  if (!m_terminal) {
    if (seconds_left == 0) std::fputs("resuming\n", stderr);
    return;
  }
  clear_line();
  if (seconds_left > 0) {
    std::fprintf(stderr, "paused: resuming in %zu s (Ctrl-C stops here and saves the state)",
                 seconds_left);
  }
  std::fflush(stderr);
}

}  // namespace pgdatahub::cli
