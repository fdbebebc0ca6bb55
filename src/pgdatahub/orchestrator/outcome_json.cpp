#include <pgdatahub/orchestrator/outcome_json.hpp>
#include <pgdatahub/types/pg_type.hpp>

namespace pgdatahub::orchestrator {

nlohmann::json change_json(const schema::ChangeRecord& change) {
  const auto type_json = [](const std::optional<types::PgType>& type) {
    return type ? nlohmann::json(std::string(types::sql_name(*type))) : nlohmann::json();
  };
  return {{"table", change.table},
          {"change", std::string(schema::change_name(change.change))},
          {"column", change.column.empty() ? nlohmann::json() : nlohmann::json(change.column)},
          {"old_type", type_json(change.old_type)},
          {"new_type", type_json(change.new_type)}};
}

nlohmann::json outcome_json(const FileOutcome& outcome) {
  nlohmann::json file = {
      {"file", outcome.source_file},
      {"table", outcome.table},
      {"status", std::string(status_name(outcome.status))},
      {"sheet", outcome.sheet},
      {"sha256", outcome.sha256},
      {"rows", outcome.rows},
      {"bytes", outcome.byte_size},
      {"seconds", outcome.seconds},
      {"error_cells", outcome.read_stats.error_cells},
      {"nul_removed", outcome.read_stats.nul_removed},
  };
  if (outcome.import_id != 0) file["import_id"] = outcome.import_id;
  if (!outcome.replaced_imports.empty()) file["replaced_imports"] = outcome.replaced_imports;
  if (outcome.failure) file["reason"] = failure_name(*outcome.failure);
  if (!outcome.error.empty()) file["error"] = outcome.error;
  if (!outcome.notes.empty()) file["notes"] = outcome.notes;
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& change : outcome.schema_changes) changes.push_back(change_json(change));
  file["schema_changes"] = changes;
  return file;
}

}  // namespace pgdatahub::orchestrator
