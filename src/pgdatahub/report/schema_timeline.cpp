#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/report/schema_timeline.hpp>

#include <algorithm>

namespace pgdatahub::report {

std::vector<ledger::SchemaChangeRecord> oldest_first(
    const std::vector<ledger::SchemaChangeRecord>& changes) {
  std::vector<ledger::SchemaChangeRecord> oldest(changes.rbegin(), changes.rend());
  return oldest;
}

std::vector<ColumnPath> column_paths(const std::vector<ledger::SchemaChangeRecord>& oldest) {
  std::vector<ColumnPath> paths;
  auto find = [&](const std::string& column) {
    return std::find_if(paths.begin(), paths.end(),
                        [&](const ColumnPath& p) { return p.column == column; });
  };
  for (const auto& change : oldest) {
    if (change.change == ledger::change_drop_table) {
      for (auto& path : paths) path.dropped = true;
      continue;
    }
    if (!change.column) continue;
    auto path = find(*change.column);
    if (change.change == ledger::change_add_column) {
      // A column added again after a revert dropped it starts a new path.
      if (path != paths.end()) paths.erase(path);
      paths.push_back({*change.column, {change.new_type.value_or("?")}, false});
    } else if (change.change == ledger::change_alter_type) {
      // Columns of the first file arrive with create_table, which names none.
      if (path == paths.end()) {
        paths.push_back({*change.column, {change.old_type.value_or("?")}, false});
        path = paths.end() - 1;
      }
      path->types.push_back(change.new_type.value_or("?"));
    } else if (change.change == ledger::change_drop_column && path != paths.end()) {
      path->dropped = true;
    }
  }
  return paths;
}

}  // namespace pgdatahub::report
