#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connect.hpp>
#include <pgdatahub/ledger/ledger_queries.hpp>
#include <pgdatahub/ledger/run_records.hpp>
#include <pgdatahub/pause/pause_file.hpp>
#include <pgdatahub/pause/run_state.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
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

// The ledger's unfinished runs, each with the files its workers hold.
struct OpenRun {
  ledger::RunRecord run;
  std::vector<ledger::ClaimRecord> claims;
};

std::vector<OpenRun> open_runs(database::Connection& conn) {
  std::vector<OpenRun> runs;
  for (auto& run : ledger::run_records(conn, "", true)) {
    auto claims = ledger::claims_of(conn, run.id);
    runs.push_back({std::move(run), std::move(claims)});
  }
  return runs;
}

nlohmann::json runs_json(const std::vector<OpenRun>& runs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [run, claims] : runs) {
    nlohmann::json workers = nlohmann::json::array();
    for (const auto& claim : claims) {
      workers.push_back({{"worker", claim.worker},
                         {"file", claim.source_file},
                         {"table", claim.table},
                         {"since", iso_utc(claim.claimed_at)},
                         {"alive", claim.alive}});
    }
    out.push_back({{"id", run.id},
                   {"state", run.state},
                   {"data_dir", run.data_dir},
                   {"started_by", run.started_by},
                   {"started_at", iso_utc(run.started_at)},
                   {"stop_reason", run.stop_reason},
                   {"files", run.files},
                   {"done", run.done},
                   {"failed", run.failed},
                   {"pending", run.pending},
                   {"workers", workers}});
  }
  return out;
}

void print_open_runs(const std::vector<OpenRun>& runs) {
  for (const auto& [run, claims] : runs) {
    std::printf("\nrun %lld of %s: %s since %s (started by %s)%s%s\n",
                static_cast<long long>(run.id), printable(run.data_dir).c_str(), run.state.c_str(),
                run.started_at.c_str(), printable(run.started_by).c_str(),
                run.stop_reason.empty() ? "" : ": ", printable(run.stop_reason).c_str());
    std::printf("  files: %lld done, %lld failed, %lld loading, %lld waiting\n",
                static_cast<long long>(run.done), static_cast<long long>(run.failed),
                static_cast<long long>(run.claimed), static_cast<long long>(run.pending));
    for (const auto& claim : claims) {
      std::printf("  %-24s %s -> %s since %s%s\n", printable(claim.worker).c_str(),
                  printable(claim.source_file).c_str(), printable(claim.table).c_str(),
                  claim.claimed_at.c_str(),
                  claim.alive ? "" : " (its worker is gone: the next claim takes it over)");
    }
    if (run.state == "running") {
      std::printf("  more workers join with: pgdatahub etl --worker\n");
    } else {
      std::printf("  continue with: pgdatahub resume\n");
    }
  }
}

struct Totals {
  std::int64_t files = 0, rows = 0, failed = 0, reverted = 0, empty = 0;
};

Totals totals_of(const std::vector<ledger::TableSummary>& tables) {
  Totals totals;
  for (const auto& t : tables) {
    totals.files += t.files;
    totals.rows += t.rows;
    totals.failed += t.failed;
    totals.reverted += t.reverted;
    totals.empty += t.empty;
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
                                 {"empty", t.empty},
                                 {"columns", t.columns},
                                 {"table_exists", t.table_exists}});
  }
  return out;
}

int run_status(const CommonOptions& options) {
  auto loaded = load_config(options);
  auto target = database::connect(loaded.settings);
  const auto pending = pending_for(loaded.settings, target.display);
  const auto tables = ledger::table_summaries(target.connection, loaded.settings.schema);
  const auto runs = open_runs(target.connection);
  const auto totals = totals_of(tables);
  if (options.json) {
    nlohmann::json out = {{"database", target.display},
                          {"schema", loaded.settings.schema},
                          {"tables", tables_json(tables)},
                          {"pending_pause", pending_json(pending)},
                          {"runs", runs_json(runs)},
                          {"totals",
                           {{"tables", tables.size()},
                            {"files", totals.files},
                            {"rows", totals.rows},
                            {"failed", totals.failed},
                            {"reverted", totals.reverted},
                            {"empty", totals.empty}}}};
    print_json("status", out);
    return exit_ok;
  }
  std::printf("database: %s\n", printable(target.display).c_str());
  std::printf("schema: %s\n", printable(loaded.settings.schema).c_str());
  if (tables.empty()) {
    std::printf("nothing loaded yet: run `pgdatahub etl DATA_DIR`\n");
    print_pending_pause(pending);
    return exit_ok;
  }
  std::printf("%-28s %7s %6s %10s %7s  %-19s %6s %8s\n", "table", "files", "empty", "rows",
              "columns", "last import", "failed", "reverted");
  for (const auto& t : tables) {
    const std::string name = printable(t.table) + (t.table_exists ? "" : " (dropped)");
    std::printf("%-28s %7lld %6lld %10lld %7lld  %-19s %6lld %8lld\n", name.c_str(),
                static_cast<long long>(t.files), static_cast<long long>(t.empty),
                static_cast<long long>(t.rows), static_cast<long long>(t.columns),
                t.last_import ? t.last_import->c_str() : "-", static_cast<long long>(t.failed),
                static_cast<long long>(t.reverted));
  }
  std::printf(
      "total: %zu tables, %lld files, %lld empty, %lld rows, %lld failed attempts, %lld reverted "
      "imports\n",
      tables.size(), static_cast<long long>(totals.files), static_cast<long long>(totals.empty),
      static_cast<long long>(totals.rows), static_cast<long long>(totals.failed),
      static_cast<long long>(totals.reverted));
  print_open_runs(runs);
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
