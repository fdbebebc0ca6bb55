#pragma once
// The command line: the only module that parses arguments and prints.

namespace pgdatahub::cli {

// Runs `pgdatahub <command> ...` and returns the process exit code.
int run(int argc, char** argv);

}  // namespace pgdatahub::cli
