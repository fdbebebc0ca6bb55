#include "support/command.hpp"

#include "support/read_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace pgdatahub::test {

int run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                const std::filesystem::path& log, int timeout_seconds) {
  if (argv.empty()) throw std::invalid_argument("run_command: no program");
  std::vector<std::string> argv_storage = argv;
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    setpgid(0, 0);  // its own group: a timeout ends the program and whatever it started
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> args;
    args.reserve(argv_storage.size() + 1);
    for (auto& a : argv_storage) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return 124;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

bool run_writer(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                const std::filesystem::path& output, int timeout_seconds, std::string& error) {
  const std::filesystem::path log = output.string() + ".log";
  std::filesystem::remove(output);
  const int status = run_command(argv, env, log, timeout_seconds);
  if (status == 0 && std::filesystem::exists(output)) return true;
  error = std::filesystem::path(argv.at(0)).filename().string() + " exited with " +
          std::to_string(status) + ": " + read_file(log);
  return false;
}

}  // namespace pgdatahub::test
