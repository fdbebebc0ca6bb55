#pragma once
// How the library reports progress; the command line renders it.
#include <pgdatahub/orchestrator/file_job.hpp>

#include <cstdint>
#include <string_view>

namespace pgdatahub::orchestrator {

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void file_started(const FileJob& /*job*/, std::size_t /*index*/, std::size_t /*total*/) {}
  // Rows of the current file sent so far.
  virtual void rows_progress(std::uint64_t /*rows_in_file*/) {}
  virtual void file_finished(const FileOutcome& /*outcome*/) {}
  // Notable events: lock waits, pauses, sections rolled back.
  virtual void notice(std::string_view /*message*/) {}
  // A periodic pause: called once a second with the seconds left.
  virtual void pause_tick(std::size_t /*seconds_left*/) {}
  // Before the first file: the database the run loads into (no password).
  virtual void connected(std::string_view /*display*/) {}
  // A line about the run as a whole: what a resume skips, a pause file replaced.
  virtual void run_note(std::string_view /*message*/) {}
};

}  // namespace pgdatahub::orchestrator
