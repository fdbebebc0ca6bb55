#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connect.hpp>
#include <pgdatahub/ledger/ledger_queries.hpp>
#include <pgdatahub/pause/pause_file.hpp>
#include <pgdatahub/pause/run_state.hpp>
#include <string>
#include <vector>

namespace pgdatahub::cli {
namespace {

// The run waiting in the pause file: none, one, or a file that cannot be read.
struct PendingPause {
  std::filesystem::path file;
  std::optional<pause::PauseState> state;
  std::string error;  // set when the file exists but cannot be resumed
};

PendingPause pending_pause(const std::filesystem::path& file) {
  PendingPause pending{file, std::nullopt, ""};
  try {
    pending.state = pause::try_read_pause_file(file);
  } catch (const Error& e) {
    pending.error = e.what();
  }
  return pending;
}

// The run pending for this database: ETL_PAUSE_FILE's when set, else the
// one of DATA_DIR (when set) or the only one in the state folders (or left in
// the current folder by an older version). Several: the error names them.
PendingPause pending_for(const config::Settings& settings, const std::string& database) {
  if (!settings.pause_file.empty()) return pending_pause(settings.pause_file);
  const char* data_dir = std::getenv("DATA_DIR");
  try {
    const auto run = pause::choose_pending_run(pause::pending_runs(),
                                               data_dir != nullptr ? data_dir : "", database);
    if (!run) return {};
    return {run->pause_file, run->state, ""};
  } catch (const Error& e) {
    return {"", std::nullopt, e.what()};
  }
}

// For --json: null when there is none.
nlohmann::json pending_json(const PendingPause& pending) {
  if (!pending.error.empty()) return {{"file", pending.file.string()}, {"error", pending.error}};
  if (!pending.state) return nullptr;
  const auto& state = *pending.state;
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& entry : state.failed)
    failed.push_back({{"file", entry.source_file}, {"error", entry.error}});
  nlohmann::json section;
  if (state.failed_section) {
    section = {{"folder", state.failed_section->folder},
               {"file", state.failed_section->file},
               {"error", state.failed_section->error}};
  }
  return {{"file", pending.file.string()},
          {"state", std::string(pause::state_name(state.state))},
          {"stop_reason", state.stop_reason},
          {"written_at", state.written_at},
          {"tool_version", state.tool_version},
          {"data_dir", state.data_dir},
          {"database", state.database},
          {"done", state.done.size()},
          {"failed", failed},
          {"remaining", state.remaining.size()},
          {"next",
           state.remaining.empty() ? nlohmann::json() : nlohmann::json(state.remaining.front())},
          {"failed_section", section}};
}

void print_pending_pause(const PendingPause& pending) {
  const auto file = pending.file.string();
  if (!pending.error.empty() && file.empty()) {  // several pending runs, or no state folder
    std::printf("\n%s\n", printable(pending.error).c_str());
    return;
  }
  if (!pending.error.empty()) {
    std::printf("pause file %s cannot be resumed: %s\n", printable(file).c_str(),
                printable(pending.error).c_str());
    return;
  }
  if (!pending.state) return;
  const auto& state = *pending.state;
  const bool running = state.state == pause::RunState::Running;
  std::printf("\npending run in %s, %s at %s: %s\n", printable(file).c_str(),
              running ? "last checkpoint" : std::string(pause::state_name(state.state)).c_str(),
              printable(state.written_at).c_str(), printable(state.stop_reason).c_str());
  if (running) std::printf("  (it is still loading, or it ended without stopping cleanly)\n");
  std::printf("  data dir: %s\n  database: %s\n", printable(state.data_dir).c_str(),
              printable(state.database).c_str());
  if (state.failed_section) {
    const auto& section = *state.failed_section;
    std::printf("  folder '%s' rolled back: %s failed: %s\n", printable(section.folder).c_str(),
                printable(section.file).c_str(), printable(section.error).c_str());
  }
  std::printf("  done: %zu files; to retry first: %zu; remaining: %zu", state.done.size(),
              state.failed.size(), state.remaining.size());
  if (!state.remaining.empty())
    std::printf(" (next: %s)", printable(state.remaining.front()).c_str());
  std::printf("\n");
  for (const auto& failed : state.failed) {
    std::printf("  failed %s: %s\n", printable(failed.source_file).c_str(),
                printable(failed.error).c_str());
  }
  std::printf("  continue with: pgdatahub resume %s\n", printable(state.data_dir).c_str());
}

struct Totals {
  std::int64_t files = 0, rows = 0, failed = 0, reverted = 0;
};

Totals totals_of(const std::vector<ledger::TableSummary>& tables) {
  Totals totals;
  for (const auto& t : tables) {
    totals.files += t.files;
    totals.rows += t.rows;
    totals.failed += t.failed;
    totals.reverted += t.reverted;
  }
  return totals;
}

nlohmann::json tables_json(const std::vector<ledger::TableSummary>& tables) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : tables) {
    out.push_back(nlohmann::json{{"table", t.table},
                                 {"files", t.files},
                                 {"rows", t.rows},
                                 {"last_import", iso_utc(t.last_import)},
                                 {"failed", t.failed},
                                 {"reverted", t.reverted},
                                 {"columns", t.columns},
                                 {"table_exists", t.table_exists}});
  }
  return out;
}

int run_status(const CommonOptions& options) {
  auto loaded = load_config(options);
  auto target = database::connect(loaded.settings);
  const auto pending = pending_for(loaded.settings, target.display);
  const auto tables = ledger::table_summaries(target.connection);
  const auto totals = totals_of(tables);
  if (options.json) {
    nlohmann::json out = {{"database", target.display},
                          {"tables", tables_json(tables)},
                          {"pending_pause", pending_json(pending)},
                          {"totals",
                           {{"tables", tables.size()},
                            {"files", totals.files},
                            {"rows", totals.rows},
                            {"failed", totals.failed},
                            {"reverted", totals.reverted}}}};
    print_json("status", out);
    return exit_ok;
  }
  std::printf("database: %s\n", printable(target.display).c_str());
  if (tables.empty()) {
    std::printf("nothing loaded yet: run `pgdatahub etl DATA_DIR`\n");
    print_pending_pause(pending);
    return exit_ok;
  }
  std::printf("%-28s %7s %10s %7s  %-19s %6s %8s\n", "table", "files", "rows", "columns",
              "last import", "failed", "reverted");
  for (const auto& t : tables) {
    const std::string name = printable(t.table) + (t.table_exists ? "" : " (dropped)");
    std::printf("%-28s %7lld %10lld %7lld  %-19s %6lld %8lld\n", name.c_str(),
                static_cast<long long>(t.files), static_cast<long long>(t.rows),
                static_cast<long long>(t.columns), t.last_import ? t.last_import->c_str() : "-",
                static_cast<long long>(t.failed), static_cast<long long>(t.reverted));
  }
  std::printf(
      "total: %zu tables, %lld files, %lld rows, %lld failed attempts, %lld reverted imports\n",
      tables.size(), static_cast<long long>(totals.files), static_cast<long long>(totals.rows),
      static_cast<long long>(totals.failed), static_cast<long long>(totals.reverted));
  print_pending_pause(pending);
  return exit_ok;
}

}  // namespace

void add_status_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<CommonOptions>();
  auto* command = app.add_subcommand(
      "status", "per table: files, rows, columns, last import, failures; a pending paused run");
  add_common_options(*command, *options);
  command->callback([options, &action] { action = [options] { return run_status(*options); }; });
}

}  // namespace pgdatahub::cli
