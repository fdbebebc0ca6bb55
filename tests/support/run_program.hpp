#pragma once
// Runs the real pgdatahub binary, as a user would, and captures its output.
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
// unless given in `env`.
ProgramResult run_pgdatahub(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env = {},
                            const std::string& working_dir = "");

// Starts it without waiting; returns the child's pid.
int spawn_pgdatahub(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env, const std::string& working_dir,
                    const std::string& output_file);

// Waits for a spawned child; returns its exit code (128+signal if killed).
int wait_for(int pid);

}  // namespace pgdatahub::test
