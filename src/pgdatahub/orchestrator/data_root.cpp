#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/ledger/data_roots.hpp>
#include <pgdatahub/orchestrator/data_root.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <set>

namespace pgdatahub::orchestrator {
namespace fs = std::filesystem;
namespace {

bool is_within(const fs::path& root, const fs::path& path) {
  const auto relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

RunTarget resolve_target(const std::string& path, const std::string& data_root) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {path, std::nullopt};
  std::string root = data_root;
  if (root.empty()) {
    const char* env = std::getenv("DATA_DIR");
    root = env != nullptr && *env != '\0' ? env : "data";
  }
  const fs::path file = fs::canonical(path, ec);
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec || !is_within(canonical_root, file)) {
    throw ConfigError(fmt::format(
        "{} is not inside the data root {}: give the folder whose subfolders name the tables "
        "with --data-root DIR (or DATA_DIR)",
        printable(path), printable(root)));
  }
  return {root, file};
}

void keep_only(RunPlan& plan, const fs::path& file) {
  for (auto& section : plan.sections) {
    for (auto& job : section) {
      std::error_code ec;
      if (fs::canonical(job.path, ec) != file) continue;
      FileJob only = std::move(job);
      plan.sections = {{std::move(only)}};
      return;
    }
  }
  throw ConfigError(fmt::format(
      "{} is not a file pgdatahub loads (hidden, an Office lock file, not a spreadsheet, or left "
      "out by include/exclude): give a workbook",
      printable(file.string())));
}

DataRoot data_root_of(const std::string& given, const fs::path& canonical,
                      const config::Settings& settings) {
  return {given, canonical.string(),
          settings.source_name.empty() ? canonical.filename().string() : settings.source_name};
}

void check_shared_tables(database::Connection& conn, const RunPlan& plan, const DataRoot& root,
                         const config::Settings& settings) {
  if (settings.shared_table) return;
  std::set<std::string> tables;
  for (const auto& section : plan.sections) {
    for (const auto& job : section) tables.insert(job.table);
  }
  const auto conflicts = ledger::tables_of_other_roots(
      conn, settings.schema, {tables.begin(), tables.end()}, root.canonical);
  if (conflicts.empty()) return;
  const auto& first = conflicts.front();
  throw ConfigError(fmt::format(
      "table \"{}\" already holds files of the data root {} (source \"{}\"), and {} maps to it "
      "too{}: give this root its own tables with `table:` or `table_prefix:` in the config (or "
      "--table-prefix), or set `shared_table: true` if both roots feed it on purpose; nothing "
      "was loaded",
      printable(first.table), printable(first.other_root), printable(first.other_source),
      printable(root.given),
      conflicts.size() > 1 ? fmt::format(" (and {} more tables)", conflicts.size() - 1) : ""));
}

}  // namespace pgdatahub::orchestrator
