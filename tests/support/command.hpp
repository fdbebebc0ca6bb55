#pragma once
// Runs a helper program of the tests (LibreOffice, node, java) with a time limit.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pgdatahub::test {

// Runs argv[0] (a path) with `argv`, stdin from /dev/null and stdout and
// stderr appended to `log`, the test's environment plus `env`. Returns its
// exit code; 124 when it ran past `timeout_seconds` and was killed with
// whatever it started (it runs in its own process group).
int run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                const std::filesystem::path& log, int timeout_seconds);

// Runs a writer, or says why: a program (argv as for run_command) that must
// write `output` (removed first), its output logged to `output`.log. True
// when it exited 0 and wrote the file; otherwise `error` is "PROGRAM exited
// with N: " and the whole log.
bool run_writer(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                const std::filesystem::path& output, int timeout_seconds, std::string& error);

}  // namespace pgdatahub::test
