#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/unique_fd.hpp>
#include <pgdatahub/database/server_files.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace pgdatahub::database::detail {
namespace {

namespace fs = std::filesystem;

constexpr mode_t private_directory_mode = 0700;
constexpr mode_t private_file_mode = 0600;
// The exit status of a child that could not become the account (no errno
// and no folder index comes near it).
constexpr int cannot_switch_user = 255;

std::string describe(int error) { return std::strerror(error); }

// Only syscalls from here to the end of the file's helpers: they also run in
// a forked child of a possibly threaded process. Returns 0 or an errno.
int write_all(int fd, std::string_view content) noexcept {
  while (!content.empty()) {
    const ssize_t written = write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

int write_file(const char* path, const char* temporary, std::string_view content,
               WriteMode mode) noexcept {
  const int flags =
      O_WRONLY | O_NOFOLLOW | O_CLOEXEC | (mode == WriteMode::append ? O_APPEND : O_CREAT | O_EXCL);
  const char* target = mode == WriteMode::append ? path : temporary;
  if (mode == WriteMode::replace && unlink(temporary) != 0 && errno != ENOENT) {
    return errno;
  }
  const int fd = open(target, flags, private_file_mode);
  if (fd < 0) {
    return errno;
  }
  int error = write_all(fd, content);
  if (error == 0 && fsync(fd) != 0) {
    error = errno;
  }
  if (close(fd) != 0 && error == 0) {
    error = errno;
  }
  if (error == 0 && mode == WriteMode::replace && rename(temporary, path) != 0) {
    error = errno;
  }
  return error;
}

// Runs `task` in a child that has become `account` and returns its result
// (0..254); throws Error when the child cannot run or become the account.
// The task must only make async-signal-safe calls.
template <typename Task>
int call_as(const RunAs& account, const Task& task) {
  const pid_t pid = fork();
  if (pid < 0) {
    throw Error(std::string("cannot start a process as user ") + account.name + ": " +
                describe(errno));
  }
  if (pid == 0) {
    _exit(drop_privileges(account) ? task() : cannot_switch_user);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw Error(std::string("cannot wait for a process as user ") + account.name + ": " +
                  describe(errno));
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) == cannot_switch_user) {
    throw Error("cannot act as user " + account.name +
                " for the embedded database: run pgdatahub as a normal user or set DATABASE_URL");
  }
  return WEXITSTATUS(status);
}

void hand_over(int fd, const fs::path& path, const std::optional<RunAs>& account, mode_t mode) {
  if (account && fchown(fd, account->uid, account->gid) != 0) {
    throw Error("cannot hand " + path.string() + " to user " + account->name + " (" +
                describe(errno) + "): check its permissions or set DATABASE_URL");
  }
  if (fchmod(fd, mode) != 0) {
    throw Error("cannot make " + path.string() + " private (" + describe(errno) + ")");
  }
}

}  // namespace

void prepare_private_directory(const fs::path& dir, const std::optional<RunAs>& account) {
  if (mkdir(dir.c_str(), private_directory_mode) != 0 && errno != EEXIST) {
    throw Error("cannot create " + dir.string() + " (" + describe(errno) +
                "): check its parent's permissions or set PGDATAHUB_HOME");
  }
  const UniqueFd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat info {};
  if (fd.get() < 0 || fstat(fd.get(), &info) != 0) {
    throw Error(dir.string() + " is not a directory (" + describe(errno) +
                "): remove it and run again");
  }
  const uid_t expected = account ? account->uid : geteuid();
  if (info.st_uid != expected && info.st_uid != geteuid()) {
    throw Error(dir.string() + " belongs to another user: remove it and run again");
  }
  hand_over(fd.get(), dir, account, private_directory_mode);
}

void prepare_log_file(const fs::path& log, const std::optional<RunAs>& account) {
  const UniqueFd fd(
      open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, private_file_mode));
  struct stat info {};
  if (fd.get() < 0 || fstat(fd.get(), &info) != 0) {
    throw Error("cannot create " + log.string() + " (" + describe(errno) +
                "): check the permissions of its directory, or remove it if it is a link");
  }
  // A hard link would hand some other file to the server account.
  if (!S_ISREG(info.st_mode) || info.st_nlink != 1) {
    throw Error(log.string() + " is not a plain file of its own: remove it and run again");
  }
  hand_over(fd.get(), log, account, private_file_mode);
}

void write_file_as(const fs::path& path, std::string_view content, WriteMode mode,
                   const std::optional<RunAs>& account) {
  const std::string target = path.string();
  const std::string temporary = target + ".tmp";
  const auto task = [&] { return write_file(target.c_str(), temporary.c_str(), content, mode); };
  const int error = account ? call_as(*account, task) : task();
  if (error != 0) {
    throw Error("cannot write " + target + " (" + describe(error) +
                "): check the permissions of its folder, or remove it if it is a link");
  }
}

std::optional<fs::path> first_folder_out_of_reach(const fs::path& path, const RunAs& account) {
  std::vector<std::string> folders;
  fs::path current;
  for (const auto& part : path) {
    current /= part;
    folders.push_back(current.string());
  }
  const auto task = [&]() -> int {
    for (std::size_t i = 0; i < folders.size(); ++i) {
      if (access(folders[i].c_str(), X_OK) != 0) {
        return static_cast<int>(i) + 1;
      }
    }
    return 0;
  };
  constexpr int max_reported_depth = 200;  // an exit status holds 0..254 for us
  if (folders.size() > max_reported_depth) {
    throw Error(path.string() + " is nested too deep for the embedded database");
  }
  const int failed = call_as(account, task);
  if (failed == 0) {
    return std::nullopt;
  }
  return fs::path(folders[static_cast<std::size_t>(failed) - 1]);
}

}  // namespace pgdatahub::database::detail
