#pragma once
// Runs the real pgdatahub binary, as a user would, and captures its output.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pgdatahub::test {

struct ProgramResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs PGDATAHUB_BINARY with `args` in `working_dir` (empty: a scratch
// folder), with `env` added to the environment (a value of "" unsets it).
// DATABASE_URL, PG* and ETL_* variables of the test process are not passed on
// unless given in `env`. XDG_STATE_HOME is working_dir/.state unless given.
ProgramResult run_pgdatahub(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env = {},
                            const std::string& working_dir = "");

// A system user made for one test and removed after it, with a scratch
// folder of its own: what runs as it can read only what any user can.
class TemporaryUser {
 public:
  TemporaryUser();  // needs root
  ~TemporaryUser();
  TemporaryUser(const TemporaryUser&) = delete;
  TemporaryUser& operator=(const TemporaryUser&) = delete;
  unsigned uid() const noexcept { return m_uid; }
  unsigned gid() const noexcept { return m_gid; }
  const std::filesystem::path& home() const noexcept { return m_home; }

 private:
  std::string m_name;
  unsigned m_uid = 0;
  unsigned m_gid = 0;
  std::filesystem::path m_home;
};

// Runs the binary as `user`, in its folder (HOME), as run_pgdatahub does.
ProgramResult run_pgdatahub_as(const TemporaryUser& user, const std::vector<std::string>& args,
                               std::map<std::string, std::string> env = {});

// A file of a run's state folder (pause/run_state.hpp) when the program ran
// in `working_dir` with the default XDG_STATE_HOME (working_dir/.state);
// empty when there is none.
std::filesystem::path state_file(const std::filesystem::path& working_dir, const std::string& name);

// Starts it without waiting; returns the child's pid.
int spawn_pgdatahub(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env, const std::string& working_dir,
                    const std::string& output_file);

// Waits for a spawned child; returns its exit code (128+signal if killed).
int wait_for(int pid);

}  // namespace pgdatahub::test
