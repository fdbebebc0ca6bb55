#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/orchestrator/connect.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>

namespace pgdatahub::cli {
namespace {

// Per table: loaded files and rows, columns, last import, failed and reverted attempts.
constexpr const char* status_sql = R"(
SELECT i.table_name,
       count(*) FILTER (WHERE i.status = 'loaded') AS files,
       coalesce(sum(i.row_count) FILTER (WHERE i.status = 'loaded'), 0) AS rows,
       to_char(max(i.imported_at) FILTER (WHERE i.status = 'loaded'), 'YYYY-MM-DD HH24:MI:SS') AS last_import,
       count(*) FILTER (WHERE i.status = 'failed') AS failed,
       count(*) FILTER (WHERE i.status = 'reverted') AS reverted,
       (SELECT count(*) FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relname = i.table_name
           AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relname = i.table_name) AS present
  FROM etl_imports i
 GROUP BY i.table_name
 ORDER BY i.table_name)";

// The run waiting in the pause file, if any, for --json: null when there is none.
nlohmann::json pending_pause(const std::filesystem::path& file) {
  std::optional<pause::PauseState> state;
  try {
    state = pause::try_read_pause_file(file);
  } catch (const Error& e) {
    return {{"file", file.string()}, {"error", e.what()}};
  }
  if (!state) return nullptr;
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& entry : state->failed) failed.push_back({{"file", entry.source_file}, {"error", entry.error}});
  nlohmann::json section;
  if (state->failed_section) {
    section = {{"folder", state->failed_section->folder},
               {"file", state->failed_section->file},
               {"error", state->failed_section->error}};
  }
  return {{"file", file.string()},
          {"state", std::string(pause::state_name(state->state))},
          {"stop_reason", state->stop_reason},
          {"written_at", state->written_at},
          {"tool_version", state->tool_version},
          {"data_dir", state->data_dir},
          {"database", state->database},
          {"done", state->done.size()},
          {"failed", failed},
          {"remaining", state->remaining.size()},
          {"next", state->remaining.empty() ? nlohmann::json() : nlohmann::json(state->remaining.front())},
          {"failed_section", section}};
}

void print_pending_pause(const nlohmann::json& pending) {
  if (pending.is_null()) return;
  const auto file = pending["file"].get<std::string>();
  if (pending.contains("error")) {
    std::printf("pause file %s cannot be resumed: %s\n", file.c_str(),
                pending["error"].get<std::string>().c_str());
    return;
  }
  const auto state = pending["state"].get<std::string>();
  std::printf("\npending run in %s, %s at %s: %s\n", file.c_str(),
              state == "running" ? "last checkpoint" : state.c_str(),
              pending["written_at"].get<std::string>().c_str(), pending["stop_reason"].get<std::string>().c_str());
  if (state == "running") {
    std::printf("  (it is still loading, or it ended without stopping cleanly)\n");
  }
  std::printf("  data dir: %s\n  database: %s\n", pending["data_dir"].get<std::string>().c_str(),
              pending["database"].get<std::string>().c_str());
  if (!pending["failed_section"].is_null()) {
    const auto& section = pending["failed_section"];
    std::printf("  folder '%s' rolled back: %s failed: %s\n", section["folder"].get<std::string>().c_str(),
                section["file"].get<std::string>().c_str(), section["error"].get<std::string>().c_str());
  }
  std::printf("  done: %zu files; to retry first: %zu; remaining: %zu", pending["done"].get<std::size_t>(),
              pending["failed"].size(), pending["remaining"].get<std::size_t>());
  if (!pending["next"].is_null()) std::printf(" (next: %s)", pending["next"].get<std::string>().c_str());
  std::printf("\n");
  for (const auto& failed : pending["failed"]) {
    std::printf("  failed %s: %s\n", failed["file"].get<std::string>().c_str(),
                failed["error"].get<std::string>().c_str());
  }
  std::printf("  continue with: pgdatahub resume\n");
}

int run_status(const CommonOptions& options) {
  auto loaded = load_config(options);
  auto target = orchestrator::connect(loaded.settings);
  auto& conn = target.connection;
  const auto pending = pending_pause(loaded.settings.pause_file);
  auto ledger = conn.exec("SELECT to_regclass('etl_imports') IS NOT NULL");
  nlohmann::json tables = nlohmann::json::array();
  if (ledger.text(0, 0) == "t") {
    auto result = conn.exec(status_sql);
    for (int row = 0; row < result.rows(); ++row) {
      const auto last = result.optional_text(row, 3);
      tables.push_back(nlohmann::json{{"table", std::string(result.text(row, 0))},
                        {"files", result.int64(row, 1)},
                        {"rows", result.int64(row, 2)},
                        {"last_import", last ? nlohmann::json(*last) : nlohmann::json()},
                        {"failed", result.int64(row, 4)},
                        {"reverted", result.int64(row, 5)},
                        {"columns", result.int64(row, 6)},
                        {"table_exists", result.text(row, 7) == "t"}});
    }
  }
  std::int64_t files = 0, rows = 0, failed = 0, reverted = 0;
  for (const auto& t : tables) {
    files += t["files"].get<std::int64_t>();
    rows += t["rows"].get<std::int64_t>();
    failed += t["failed"].get<std::int64_t>();
    reverted += t["reverted"].get<std::int64_t>();
  }
  if (options.json) {
    nlohmann::json out = {{"database", target.display},
                          {"tables", tables},
                          {"pending_pause", pending},
                          {"totals", {{"tables", tables.size()}, {"files", files}, {"rows", rows}, {"failed", failed}, {"reverted", reverted}}}};
    std::printf("%s\n", out.dump(2).c_str());
    return exit_ok;
  }
  std::printf("database: %s\n", target.display.c_str());
  if (tables.empty()) {
    std::printf("nothing loaded yet: run `pgdatahub etl DATA_DIR`\n");
    print_pending_pause(pending);
    return exit_ok;
  }
  std::printf("%-28s %7s %10s %7s  %-19s %6s %8s\n", "table", "files", "rows", "columns",
              "last import", "failed", "reverted");
  for (const auto& t : tables) {
    const std::string name = t["table"].get<std::string>() + (t["table_exists"].get<bool>() ? "" : " (dropped)");
    std::printf("%-28s %7lld %10lld %7lld  %-19s %6lld %8lld\n", name.c_str(),
                static_cast<long long>(t["files"].get<std::int64_t>()),
                static_cast<long long>(t["rows"].get<std::int64_t>()),
                static_cast<long long>(t["columns"].get<std::int64_t>()),
                t["last_import"].is_null() ? "-" : t["last_import"].get<std::string>().c_str(),
                static_cast<long long>(t["failed"].get<std::int64_t>()),
                static_cast<long long>(t["reverted"].get<std::int64_t>()));
  }
  std::printf("total: %zu tables, %lld files, %lld rows, %lld failed attempts, %lld reverted imports\n",
              tables.size(), static_cast<long long>(files), static_cast<long long>(rows),
              static_cast<long long>(failed), static_cast<long long>(reverted));
  print_pending_pause(pending);
  return exit_ok;
}

}  // namespace

void add_status_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<CommonOptions>();
  auto* command = app.add_subcommand("status", "per table: files, rows, columns, last import, failures; a pending paused run");
  add_common_options(*command, *options);
  command->callback([options, &action] { action = [options] { return run_status(*options); }; });
}

}  // namespace pgdatahub::cli
