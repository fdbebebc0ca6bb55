#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/orchestrator/connect.hpp>
#include <pgdatahub/revert/selection.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace pgdatahub::cli {
namespace {

struct HistoryOptions {
  CommonOptions common;
  std::string table;
  std::string file;
};

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

// Both filters are parameters; NULL means "any".
std::vector<database::Param> filters(const HistoryOptions& options) {
  return {options.table.empty() ? database::Param{} : database::Param{options.table},
          options.file.empty() ? database::Param{} : database::Param{options.file}};
}

nlohmann::json read_imports(database::Connection& conn, const HistoryOptions& options) {
  auto result = conn.exec(
      fmt::format("SELECT id, to_char(imported_at, 'YYYY-MM-DD HH24:MI:SS'), source_file, file_sha256, row_count, "
                  "status, duration_ms, table_name, to_char(reverted_at, 'YYYY-MM-DD HH24:MI:SS'), error_message "
                  "FROM etl_imports WHERE ($1::text IS NULL OR table_name = $1) "
                  "AND ($2::text IS NULL OR {}) ORDER BY imported_at DESC, id DESC",
                  revert::path_matches_sql("source_file", 2)),
      filters(options));
  nlohmann::json imports = nlohmann::json::array();
  for (int row = 0; row < result.rows(); ++row) {
    imports.push_back({{"id", result.int64(row, 0)},
                       {"imported_at", std::string(result.text(row, 1))},
                       {"file", std::string(result.text(row, 2))},
                       {"sha256", std::string(result.text(row, 3))},
                       {"rows", result.int64(row, 4)},
                       {"status", std::string(result.text(row, 5))},
                       {"duration_ms", result.is_null(row, 6) ? nlohmann::json() : nlohmann::json(result.int64(row, 6))},
                       {"table", std::string(result.text(row, 7))},
                       {"reverted_at", optional_json(result.optional_text(row, 8))},
                       {"error", optional_json(result.optional_text(row, 9))}});
  }
  return imports;
}

nlohmann::json read_changes(database::Connection& conn, const HistoryOptions& options) {
  auto result = conn.exec(
      fmt::format("SELECT id, to_char(changed_at, 'YYYY-MM-DD HH24:MI:SS'), table_name, change_type, column_name, "
                  "old_type, new_type, source_file, etl_import_id FROM etl_schema_changes "
                  "WHERE ($1::text IS NULL OR table_name = $1) AND ($2::text IS NULL OR {}) "
                  "ORDER BY changed_at DESC, id DESC",
                  revert::path_matches_sql("source_file", 2)),
      filters(options));
  nlohmann::json changes = nlohmann::json::array();
  for (int row = 0; row < result.rows(); ++row) {
    changes.push_back({{"id", result.int64(row, 0)},
                       {"changed_at", std::string(result.text(row, 1))},
                       {"table", std::string(result.text(row, 2))},
                       {"change", std::string(result.text(row, 3))},
                       {"column", optional_json(result.optional_text(row, 4))},
                       {"old_type", optional_json(result.optional_text(row, 5))},
                       {"new_type", optional_json(result.optional_text(row, 6))},
                       {"file", optional_json(result.optional_text(row, 7))},
                       {"import_id", result.is_null(row, 8) ? nlohmann::json() : nlohmann::json(result.int64(row, 8))}});
  }
  return changes;
}

std::string text_or_dash(const nlohmann::json& value) {
  return value.is_null() ? "-" : value.get<std::string>();
}

void print_text(const nlohmann::json& imports, const nlohmann::json& changes) {
  std::printf("imports (newest first):\n");
  if (imports.empty()) std::printf("  none\n");
  if (!imports.empty()) {
    std::printf("  %5s  %-19s  %-9s  %-12s  %8s  %9s  %-16s %s\n", "id", "time (UTC)", "status", "hash", "rows",
                "duration", "table", "file");
  }
  for (const auto& i : imports) {
    const std::string duration = i["duration_ms"].is_null() ? "-" : fmt::format("{:.2f} s", i["duration_ms"].get<double>() / 1000.0);
    std::printf("  %5lld  %-19s  %-9s  %-12s  %8lld  %9s  %-16s %s\n", static_cast<long long>(i["id"].get<std::int64_t>()),
                i["imported_at"].get<std::string>().c_str(), i["status"].get<std::string>().c_str(),
                i["sha256"].get<std::string>().substr(0, 12).c_str(), static_cast<long long>(i["rows"].get<std::int64_t>()),
                duration.c_str(), i["table"].get<std::string>().c_str(), i["file"].get<std::string>().c_str());
  }
  std::printf("schema changes (newest first):\n");
  if (changes.empty()) std::printf("  none\n");
  for (const auto& c : changes) {
    std::string what = c["change"].get<std::string>();
    if (!c["column"].is_null()) what += " " + c["column"].get<std::string>();
    if (!c["old_type"].is_null() && !c["new_type"].is_null()) {
      what += fmt::format(" {} -> {}", c["old_type"].get<std::string>(), c["new_type"].get<std::string>());
    } else if (!c["old_type"].is_null() || !c["new_type"].is_null()) {
      what += fmt::format(" ({})", c["new_type"].is_null() ? c["old_type"].get<std::string>() : c["new_type"].get<std::string>());
    }
    const std::string import = c["import_id"].is_null() ? "" : fmt::format("#{}", c["import_id"].get<std::int64_t>());
    std::printf("  %-19s  %-16s %-44s %6s %s\n", c["changed_at"].get<std::string>().c_str(),
                c["table"].get<std::string>().c_str(), what.c_str(), import.c_str(), text_or_dash(c["file"]).c_str());
  }
}

int run_history(const HistoryOptions& options) {
  auto loaded = load_config(options.common);
  auto target = orchestrator::connect(loaded.settings);
  auto& conn = target.connection;
  nlohmann::json imports = nlohmann::json::array();
  nlohmann::json changes = nlohmann::json::array();
  if (conn.exec("SELECT to_regclass('etl_imports') IS NOT NULL").text(0, 0) == "t") {
    imports = read_imports(conn, options);
    changes = read_changes(conn, options);
  }
  if (options.common.json) {
    std::printf("%s\n", nlohmann::json{{"imports", imports}, {"schema_changes", changes}}.dump(2).c_str());
  } else {
    print_text(imports, changes);
  }
  return exit_ok;
}

}  // namespace

void add_history_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<HistoryOptions>();
  auto* command = app.add_subcommand("history", "imports and schema changes, newest first");
  command->add_option("--table", options->table, "only this table");
  command->add_option("--file", options->file, "only this file (path as loaded, or a path ending with it)");
  add_common_options(*command, options->common);
  command->callback([options, &action] { action = [options] { return run_history(*options); }; });
}

}  // namespace pgdatahub::cli
