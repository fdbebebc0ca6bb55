#include "support/run_program.hpp"

#include "support/read_file.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

extern char** environ;

namespace pgdatahub::test {
namespace {

bool inherited(const std::string& entry) {
  for (const char* prefix : {"DATABASE_URL=", "PG", "ETL_", "SKIP_DB=", "DEBUG=", "DATA_DIR="}) {
    if (entry.rfind(prefix, 0) == 0) return false;
  }
  return true;
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& env,
                                           const std::string& working_dir) {
  std::vector<std::string> out;
  // Run state never lands in the real home: under the working folder unless
  // the test says where.
  if (env.count("XDG_STATE_HOME") == 0) out.push_back("XDG_STATE_HOME=" + working_dir + "/.state");
  // One job unless the test names more (ETL_JOBS here, or --jobs): files of
  // one table load at once with several, so which file creates, widens or
  // deduplicates is a race that tests reading those results would lose now
  // and then. The parallel paths have tests of their own that name their jobs.
  if (env.count("ETL_JOBS") == 0) out.emplace_back("ETL_JOBS=1");
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    if (inherited(entry) && env.count(name) == 0 && name != "XDG_STATE_HOME") out.push_back(entry);
  }
  for (const auto& [name, value] : env) {
    if (!value.empty()) {
      std::string entry = name;
      entry += '=';
      entry += value;
      out.push_back(std::move(entry));
    }
  }
  return out;
}

// Waits for `pid`, then reads what it wrote to `dir`/out and `dir`/err and
// removes `dir`.
ProgramResult finish(int pid, const std::filesystem::path& dir) {
  ProgramResult result;
  result.exit_code = wait_for(pid);
  result.out = read_file(dir / "out");
  result.err = read_file(dir / "err");
  std::filesystem::remove_all(dir);
  return result;
}

int start(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
          const std::string& working_dir, const std::string& out_file, const std::string& err_file,
          const TemporaryUser* as_user = nullptr) {
  std::vector<std::string> argv_storage{PGDATAHUB_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  const auto env_storage = child_environment(
      env, working_dir.empty() ? std::filesystem::current_path().string() : working_dir);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err =
        err_file.empty() ? out : open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // The output files are opened first, as the test; then the user's
    // identity is taken for good, supplementary groups included.
    if (as_user != nullptr && (setgroups(0, nullptr) != 0 || setgid(as_user->gid()) != 0 ||
                               setuid(as_user->uid()) != 0)) {
      _exit(126);
    }
    if (!working_dir.empty() && chdir(working_dir.c_str()) != 0) _exit(127);
    const int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    argv.reserve(argv_storage.size() + 1);
    for (auto& a : argv_storage) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    envp.reserve(env_storage.size() + 1);
    for (auto& e : env_storage) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

int wait_for(int pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int spawn_pgdatahub(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env, const std::string& working_dir,
                    const std::string& output_file) {
  return start(args, env, working_dir, output_file, "");
}

TemporaryUser::TemporaryUser() : m_name("pgdh_test_" + std::to_string(getpid())) {
  const std::string add = "useradd --system --no-create-home --shell /usr/sbin/nologin " + m_name;
  if (std::system(add.c_str()) != 0) throw std::runtime_error("useradd " + m_name + " failed");
  const passwd* entry = getpwnam(m_name.c_str());
  if (entry == nullptr) throw std::runtime_error("no passwd entry for " + m_name);
  m_uid = entry->pw_uid;
  m_gid = entry->pw_gid;
  char home_template[] = "/tmp/pgdatahub-user-XXXXXX";
  const char* made = mkdtemp(home_template);
  if (made == nullptr || chown(made, m_uid, m_gid) != 0) throw std::runtime_error("user home");
  m_home = made;
}

TemporaryUser::~TemporaryUser() {
  std::error_code ignored;
  std::filesystem::remove_all(m_home, ignored);
  const std::string remove = "userdel " + m_name + " 2>/dev/null";
  if (std::system(remove.c_str()) != 0) {
    // Left behind only if userdel itself fails; nothing else depends on it.
  }
}

ProgramResult run_pgdatahub_as(const TemporaryUser& user, const std::vector<std::string>& args,
                               std::map<std::string, std::string> env) {
  char scratch_template[] = "/tmp/pgdatahub-run-XXXXXX";
  const char* scratch = mkdtemp(scratch_template);
  if (scratch == nullptr) throw std::runtime_error("mkdtemp failed");
  const std::filesystem::path dir(scratch);
  env["HOME"] = user.home().string();
  env.emplace("XDG_STATE_HOME", (user.home() / "state").string());
  const int pid =
      start(args, env, user.home().string(), (dir / "out").string(), (dir / "err").string(), &user);
  return finish(pid, dir);
}

std::filesystem::path state_file(const std::filesystem::path& working_dir,
                                 const std::string& name) {
  std::error_code error;
  const auto root = working_dir / ".state" / "pgdatahub";
  for (std::filesystem::directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    if (std::filesystem::exists(it->path() / name)) return it->path() / name;
  }
  return {};
}

ProgramResult run_pgdatahub(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env,
                            const std::string& working_dir) {
  char scratch_template[] = "/tmp/pgdatahub-run-XXXXXX";
  const char* scratch = mkdtemp(scratch_template);
  if (scratch == nullptr) throw std::runtime_error("mkdtemp failed");
  const std::filesystem::path dir(scratch);
  const std::string cwd = working_dir.empty() ? dir.string() : working_dir;
  const int pid = start(args, env, cwd, (dir / "out").string(), (dir / "err").string());
  return finish(pid, dir);
}

}  // namespace pgdatahub::test
