#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/ledger/ledger_queries.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <optional>

namespace pgdatahub::cli {
namespace {

struct HistoryOptions {
  CommonOptions common;
  std::string table;
  std::string file;
};

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json history_json(const ledger::History& history) {
  nlohmann::json imports = nlohmann::json::array();
  for (const auto& i : history.imports) {
    imports.push_back({{"id", i.id},
                       {"imported_at", iso_utc(i.imported_at)},
                       {"file", i.file},
                       {"sha256", i.sha256},
                       {"rows", i.rows},
                       {"status", i.status},
                       {"duration_ms", optional_json(i.duration_ms)},
                       {"table", i.table},
                       {"reverted_at", iso_utc(i.reverted_at)},
                       {"error", optional_json(i.error)},
                       {"transform", optional_json(i.transform)}});
  }
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : history.schema_changes) {
    changes.push_back({{"id", c.id},
                       {"changed_at", iso_utc(c.changed_at)},
                       {"table", c.table},
                       {"change", c.change},
                       {"column", optional_json(c.column)},
                       {"old_type", optional_json(c.old_type)},
                       {"new_type", optional_json(c.new_type)},
                       {"file", optional_json(c.file)},
                       {"import_id", optional_json(c.import_id)}});
  }
  return {{"imports", imports}, {"schema_changes", changes}};
}

// "add_column amount (numeric)", "alter_type qty bigint -> numeric".
std::string change_text(const ledger::SchemaChangeRecord& c) {
  std::string what = c.change;
  if (c.column) what += " " + *c.column;
  if (c.old_type && c.new_type) {
    what += fmt::format(" {} -> {}", *c.old_type, *c.new_type);
  } else if (c.old_type || c.new_type) {
    what += fmt::format(" ({})", c.new_type ? *c.new_type : *c.old_type);
  }
  return what;
}

void print_text(const ledger::History& history) {
  std::printf("imports (newest first):\n");
  if (history.imports.empty()) std::printf("  none\n");
  if (!history.imports.empty()) {
    std::printf("  %5s  %-19s  %-9s  %-12s  %8s  %9s  %-16s %s\n", "id", "time (UTC)", "status",
                "hash", "rows", "duration", "table", "file");
  }
  for (const auto& i : history.imports) {
    const std::string duration =
        i.duration_ms ? fmt::format("{:.2f} s", static_cast<double>(*i.duration_ms) / 1000.0) : "-";
    std::printf("  %5lld  %-19s  %-9s  %-12s  %8lld  %9s  %-16s %s\n", static_cast<long long>(i.id),
                i.imported_at.c_str(), i.status.c_str(), i.sha256.substr(0, 12).c_str(),
                static_cast<long long>(i.rows), duration.c_str(), printable(i.table).c_str(),
                printable(i.file).c_str());
    if (i.transform) std::printf("         transform: %s\n", printable(*i.transform).c_str());
  }
  std::printf("schema changes (newest first):\n");
  if (history.schema_changes.empty()) std::printf("  none\n");
  for (const auto& c : history.schema_changes) {
    const std::string import = c.import_id ? fmt::format("#{}", *c.import_id) : "";
    std::printf("  %-19s  %-16s %-44s %6s %s\n", c.changed_at.c_str(), printable(c.table).c_str(),
                printable(change_text(c)).c_str(), import.c_str(),
                c.file ? printable(*c.file).c_str() : "-");
  }
}

int run_history(const HistoryOptions& options) {
  auto [settings, target] = connect_database(options.common);
  ledger::HistoryFilter filter;
  if (!options.table.empty()) filter.table = options.table;
  if (!options.file.empty()) filter.file = options.file;
  filter.schema = settings.schema;
  const auto history = ledger::history(target.connection, filter);
  if (options.common.json) {
    print_json("history", history_json(history));
  } else {
    print_text(history);
  }
  return exit_ok;
}

}  // namespace

void add_history_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<HistoryOptions>();
  auto* command = app.add_subcommand("history", "imports and schema changes, newest first");
  add_table_filter(*command, options->table);
  command->add_option("--file", options->file,
                      "only this file (path as loaded, or a path ending with it)");
  add_common_options(*command, options->common);
  command->callback([options, &action] { action = [options] { return run_history(*options); }; });
}

}  // namespace pgdatahub::cli
