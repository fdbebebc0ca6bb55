#pragma once
// Each command adds its subcommand and, when chosen, sets `action` to the
// function that runs it and returns the exit code.
#include <CLI/CLI.hpp>

#include <functional>

namespace pgdatahub::cli {

using Action = std::function<int()>;

void add_etl_command(CLI::App& app, Action& action);
void add_resume_command(CLI::App& app, Action& action);
void add_status_command(CLI::App& app, Action& action);
void add_revert_command(CLI::App& app, Action& action);
void add_history_command(CLI::App& app, Action& action);
void add_report_command(CLI::App& app, Action& action);
void add_db_command(CLI::App& app, Action& action);

}  // namespace pgdatahub::cli
