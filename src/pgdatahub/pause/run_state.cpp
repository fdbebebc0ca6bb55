#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/ledger/sha256.hpp>
#include <pgdatahub/pause/run_state.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace pgdatahub::pause {
namespace {

namespace fs = std::filesystem;

constexpr const char* lock_file_name = "lock";

// The root's base name as a folder name: letters, digits, '-', '_' and '.'
// kept, anything else '_', at most 40 bytes (the hash beside it is what
// tells folders apart).
std::string readable_part(const std::string& data_dir) {
  std::string name = fs::path(data_dir).filename().string();
  std::string out;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    out += plain ? c : '_';
    if (out.size() == 40) break;
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), 'r');
  return out;
}

std::string describe(const PendingRun& run) {
  return fmt::format("{} into {} ({}, {})", printable(run.state.data_dir),
                     printable(run.state.database), state_name(run.state.state),
                     printable(run.pause_file.string()));
}

}  // namespace

fs::path state_root() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && *xdg == '/') {
    return fs::path(xdg) / "pgdatahub";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    return fs::path(home) / ".local" / "state" / "pgdatahub";
  }
  throw ConfigError(
      "no folder for the run's state: set XDG_STATE_HOME or HOME to an absolute path, or name "
      "the files with ETL_PAUSE_FILE and ETL_LOG_FILE");
}

fs::path run_state_folder(const std::string& data_dir, const std::string& database) {
  const std::string key = data_dir + '\n' + database;
  const auto digest = ledger::sha256_hex(std::as_bytes(std::span(key.data(), key.size())));
  return state_root() / (readable_part(data_dir) + "-" + digest.substr(0, 16));
}

std::vector<PendingRun> pending_runs() {
  std::vector<PendingRun> runs;
  std::error_code error;
  const fs::path root = state_root();
  std::vector<fs::path> folders;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    folders.push_back(it->path());
  }
  std::sort(folders.begin(), folders.end());
  auto add = [&runs](const fs::path& file, bool legacy) {
    try {
      if (auto state = try_read_pause_file(file)) runs.push_back({file, std::move(*state), legacy});
    } catch (const Error&) {
      // Not a pause file this version reads: `status` on its run says why.
    }
  };
  for (const auto& folder : folders) add(folder / pause_file_name, false);
  add(fs::current_path(error) / pause_file_name, true);
  return runs;
}

std::optional<PendingRun> choose_pending_run(const std::vector<PendingRun>& runs,
                                             const std::string& data_dir,
                                             const std::string& database) {
  std::vector<const PendingRun*> matching;
  const std::string wanted = data_dir.empty() ? "" : canonical_data_dir(data_dir);
  for (const auto& run : runs) {
    if (!wanted.empty() && run.state.data_dir != wanted) continue;
    if (!database.empty() && run.state.database != database) continue;
    matching.push_back(&run);
  }
  if (matching.empty()) return std::nullopt;
  if (matching.size() == 1) return *matching.front();
  // One line, like every message: the runs follow the fix, '; ' apart.
  std::string list;
  for (const auto* run : matching) list += (list.empty() ? "" : "; ") + describe(*run);
  throw ConfigError(
      fmt::format("{} paused runs are pending: {}: {}", matching.size(),
                  wanted.empty() ? "name the one to continue (`pgdatahub resume DATA_DIR`)"
                                 : "choose the database as that run did (--database-url or --home)",
                  list));
}

void ensure_state_folder(const fs::path& folder) {
  std::error_code error;
  if (fs::create_directories(folder, error)) ::chmod(folder.c_str(), 0700);
}

StateLock::StateLock(const fs::path& folder, const std::string& data_dir,
                     const std::string& database) {
  ensure_state_folder(folder);
  const fs::path lock = folder / lock_file_name;
  m_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (m_fd < 0) {
    throw ConfigError(
        fmt::format("cannot create the run's lock file {} ({}): check that folder, "
                    "or name the state files with ETL_PAUSE_FILE and ETL_LOG_FILE",
                    printable(lock.string()), std::strerror(errno)));
  }
  if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(m_fd);
    m_fd = -1;
    throw ConfigError(fmt::format(
        "another pgdatahub run of {} into {} is running (it holds {}): wait for it to end, or "
        "stop it (Ctrl-C, SIGTERM) and `pgdatahub resume` it",
        printable(data_dir), printable(database), printable(lock.string())));
  }
}

StateLock::~StateLock() {
  if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
}

}  // namespace pgdatahub::pause
