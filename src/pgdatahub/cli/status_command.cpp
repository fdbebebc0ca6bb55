#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/orchestrator/connect.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

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

int run_status(const CommonOptions& options) {
  auto loaded = load_config(options);
  auto target = orchestrator::connect(loaded.settings);
  auto& conn = target.connection;
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
                          {"totals", {{"tables", tables.size()}, {"files", files}, {"rows", rows}, {"failed", failed}, {"reverted", reverted}}}};
    std::printf("%s\n", out.dump(2).c_str());
    return exit_ok;
  }
  std::printf("database: %s\n", target.display.c_str());
  if (tables.empty()) {
    std::printf("nothing loaded yet: run `pgdatahub etl DATA_DIR`\n");
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
  return exit_ok;
}

}  // namespace

void add_status_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<CommonOptions>();
  auto* command = app.add_subcommand("status", "per table: files, rows, columns, last import, failures");
  add_common_options(*command, *options);
  command->callback([options, &action] { action = [options] { return run_status(*options); }; });
}

}  // namespace pgdatahub::cli
