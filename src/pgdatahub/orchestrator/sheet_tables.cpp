#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/naming/identifier.hpp>
#include <pgdatahub/orchestrator/sheet_tables.hpp>

#include <map>

namespace pgdatahub::orchestrator {

std::vector<std::string> sheet_tables(const FileJob& job, const std::vector<std::string>& sheets) {
  std::vector<std::string> tables;
  std::map<std::string, std::string> sheet_of_table;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string part =
        naming::clean_text(sheets[i]).empty() ? "sheet_" + std::to_string(i + 1) : sheets[i];
    std::string table = naming::table_name({job.table, part}, job.table);
    const auto [it, added] = sheet_of_table.emplace(table, sheets[i]);
    if (!added) {
      throw FileError(FileFailure::MissingSheet, "sheets '" + printable(it->second) + "' and '" +
                                                     printable(sheets[i]) +
                                                     "' would both load into table " + table +
                                                     ": rename one, or leave one out of `sheets`");
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

std::string joined_names(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

}  // namespace pgdatahub::orchestrator
