#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/unique_fd.hpp>
#include <pgdatahub/database/child_process.hpp>

#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace pgdatahub::database::detail {
namespace {

// An allow-list, not a deny-list: whatever else is in our environment
// (cloud credentials, tokens) would be readable in /proc/PID/environ by the
// server's account for as long as the server runs.
std::vector<std::string> minimal_environment(const std::optional<RunAs>& user) {
  std::vector<std::string> variables = {"PATH=/usr/local/bin:/usr/bin:/bin"};
  if (user) {
    variables.push_back("HOME=" + user->home.string());
    variables.push_back("USER=" + user->name);
    variables.push_back("LOGNAME=" + user->name);
  } else {
    for (const char* name : {"HOME", "USER", "LOGNAME"}) {
      if (const char* value = std::getenv(name); value != nullptr) {
        variables.push_back(std::string(name) + "=" + value);
      }
    }
  }
  // initdb records the time zone it finds for the new cluster.
  if (const char* zone = std::getenv("TZ"); zone != nullptr) {
    variables.push_back(std::string("TZ=") + zone);
  }
  return variables;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (std::string& text : strings) {
    result.push_back(text.data());
  }
  result.push_back(nullptr);
  return result;
}

// After fork only async-signal-safe calls: syscalls and write.
[[noreturn]] void exec_child(int output_fd, int null_fd, const std::optional<RunAs>& user,
                             char* const* argv, char* const* envp) {
  constexpr int exit_cannot_start = 127;
  if (dup2(null_fd, STDIN_FILENO) < 0 || dup2(output_fd, STDOUT_FILENO) < 0 ||
      dup2(output_fd, STDERR_FILENO) < 0) {
    _exit(exit_cannot_start);
  }
  if (user) {
    if (!drop_privileges(*user)) {
      constexpr std::string_view message = "cannot switch to the server user\n";
      [[maybe_unused]] auto ignored = write(STDERR_FILENO, message.data(), message.size());
      _exit(exit_cannot_start);
    }
  }
  if (chdir("/") != 0) {
    _exit(exit_cannot_start);
  }
  execve(argv[0], argv, envp);
  constexpr std::string_view message = "cannot execute the program\n";
  [[maybe_unused]] auto ignored = write(STDERR_FILENO, message.data(), message.size());
  _exit(exit_cannot_start);
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::optional<RunAs>& user) {
  std::vector<std::string> arguments = argv;
  std::vector<std::string> environment = minimal_environment(user);
  const std::vector<char*> argv_pointers = pointers(arguments);
  const std::vector<char*> env_pointers = pointers(environment);

  std::array<int, 2> pipe_fds{};
  if (pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  UniqueFd read_end(pipe_fds[0]);
  UniqueFd write_end(pipe_fds[1]);
  const UniqueFd null_fd(open("/dev/null", O_RDONLY | O_CLOEXEC));

  const pid_t pid = fork();
  if (pid < 0) {
    throw Error(std::string("cannot start ") + argv.front() + ": " + std::strerror(errno));
  }
  if (pid == 0) {
    exec_child(write_end.get(), null_fd.get(), user, argv_pointers.data(), env_pointers.data());
  }
  write_end.reset();

  CommandResult result;
  std::array<char, 4096> buffer{};
  while (true) {
    const ssize_t count = read(read_end.get(), buffer.data(), buffer.size());
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count <= 0) {
      break;
    }
    result.output.append(buffer.data(), static_cast<std::size_t>(count));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw Error(std::string("cannot wait for ") + argv.front() + ": " + std::strerror(errno));
    }
  }
  constexpr int signal_exit_base = 128;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : signal_exit_base + WTERMSIG(status);
  return result;
}

bool drop_privileges(const RunAs& user) noexcept {
  return setgroups(user.groups.size(), user.groups.data()) == 0 && setgid(user.gid) == 0 &&
         setuid(user.uid) == 0;
}

std::string last_line(const std::string& output) {
  std::size_t end = output.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) {
    return "no output";
  }
  const std::size_t start = output.rfind('\n', end);
  return output.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace pgdatahub::database::detail
