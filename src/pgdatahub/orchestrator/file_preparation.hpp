#pragma once
// A file hashed and opened on a thread of its own before its turn, so that
// waits where the loader would otherwise sit idle (the current file's commit,
// the run connecting to its database) are spent on it. The loader that
// claims the file takes it; one that claims another file drops it.
#include <pgdatahub/orchestrator/file_job.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>

#include <filesystem>
#include <future>
#include <optional>

namespace pgdatahub::orchestrator {

class PreparedFile {
 public:
  PreparedFile() = default;  // nothing prepared

  // The folder's next file, prepared while the current one's last rows are
  // ingested and committed: hashed, then opened, on one thread (the loading
  // thread keeps the other core busy meanwhile).
  static PreparedFile next_in_folder(const FileJob& job);
  // The run's first file, prepared while the run sets up its ledger, when
  // no other work of the run is under way yet: hashed and opened at once,
  // on two threads. Nothing is prepared when no thread can be had (the
  // loader then does it at the file's turn).
  static PreparedFile first_of_run(const FileJob& job);

  bool valid() const noexcept { return m_opened.valid(); }

  // Waits for the preparing threads, on every path, and leaves nothing
  // prepared. The opened file if it is `job`'s, was prepared without error
  // and is unchanged since (a pause or a wait for the database may have
  // passed); else nullopt, and the file is read afresh at its turn, so that
  // preparing ahead never changes an outcome.
  std::optional<OpenedFile> take(const FileJob& job);

 private:
  std::filesystem::path m_path;
  std::future<OpenedFile> m_opened;  // its destructor waits for the preparing thread
};

}  // namespace pgdatahub::orchestrator
