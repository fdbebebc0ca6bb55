#pragma once
// Where a run keeps its state: the pause file and etl.log live in a folder of
// their own under $XDG_STATE_HOME/pgdatahub/ (else ~/.local/state/pgdatahub/),
// one per data root and database, so `status` and `resume` find a pending run
// from whatever folder they are typed in, and two runs of different roots
// never share a pause file. A run holds a lock on its folder while it runs:
// a second run of the same root into the same database is refused instead
// of replacing the first one's state.
#include <pgdatahub/pause/pause_file.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::pause {

// The seed's name for the pause file, kept inside the state folder (and
// looked for in the current folder, where older versions wrote it).
inline constexpr const char* pause_file_name = ".etl_pause.json";
inline constexpr const char* log_file_name = "etl.log";

// $XDG_STATE_HOME/pgdatahub, else $HOME/.local/state/pgdatahub. Throws
// ConfigError when neither names an absolute folder.
std::filesystem::path state_root();

// The folder of the runs of `data_dir` (canonical) into `database` (as
// displayed, no password): the root's base name, for people, and a hash of
// both, so that two roots of the same name stay apart.
std::filesystem::path run_state_folder(const std::string& data_dir, const std::string& database);

// A paused or stopped run found on disk.
struct PendingRun {
  std::filesystem::path pause_file;
  PauseState state;
  bool legacy = false;  // a .etl_pause.json in the current folder, from an older version
};

// Every readable pause file under state_root(), then one in the current
// folder left by an older version; unreadable ones are skipped.
std::vector<PendingRun> pending_runs();

// The one pending run to resume or show: the run of `data_dir` when given
// (and of `database` when given), else the only one there is. Throws
// ConfigError listing them when several match, naming the fix.
std::optional<PendingRun> choose_pending_run(const std::vector<PendingRun>& runs,
                                             const std::string& data_dir,
                                             const std::string& database);

// Creates the folder (0700: the pause file names the user's folders) when
// missing; a failure shows later, where a file in it is written.
void ensure_state_folder(const std::filesystem::path& folder);

// An exclusive lock (flock) on a state folder, held until destroyed; the
// folder is created 0700 when missing.
class StateLock {
 public:
  // Throws ConfigError when another run holds it, saying which and what to do.
  StateLock(const std::filesystem::path& folder, const std::string& data_dir,
            const std::string& database);
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

 private:
  int m_fd = -1;
};

}  // namespace pgdatahub::pause
