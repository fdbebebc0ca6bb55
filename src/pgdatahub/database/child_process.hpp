#pragma once
// Runs a program without a shell, optionally as another user, and collects
// its output. Internal to the embedded cluster.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database::detail {

// An unprivileged account to run commands as (resolved before fork, since
// name lookups are not safe in a forked child of a threaded process).
struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
  std::string name;
  std::filesystem::path home;
};

struct CommandResult {
  int exit_code = 0;   // 128 + signal when killed
  std::string output;  // stdout and stderr, interleaved
};

// Runs `argv` (argv[0] an absolute path) with stdin from /dev/null, the
// working directory "/" and a minimal environment: a fixed PATH, HOME, USER,
// LOGNAME and TZ, nothing else of ours (the server must not inherit root's
// secrets, nor PG* variables that would override what we pass). Throws Error
// when the program cannot be started at all.
CommandResult run_command(const std::vector<std::string>& argv, const std::optional<RunAs>& user);

// setgroups, setgid, setuid: async-signal-safe, for a forked child.
bool drop_privileges(const RunAs& user) noexcept;

// The last non-empty line of a command's output, for one-line error messages.
std::string last_line(const std::string& output);

}  // namespace pgdatahub::database::detail
