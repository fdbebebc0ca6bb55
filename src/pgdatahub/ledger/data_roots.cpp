#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/data_roots.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>

#include <nlohmann/json.hpp>

namespace pgdatahub::ledger {

std::vector<RootConflict> tables_of_other_roots(database::Connection& conn,
                                                const std::string& schema,
                                                const std::vector<std::string>& tables,
                                                const std::string& canonical_root) {
  std::vector<RootConflict> conflicts;
  if (tables.empty() || !exists(conn)) return conflicts;
  // The names travel as one JSON parameter: no array literal to escape.
  auto result = conn.exec(
      "SELECT DISTINCT ON (table_name) table_name, coalesce(data_root, data_root_canonical), "
      "coalesce(source_name, '') FROM public.etl_imports WHERE schema_name = $1 AND table_name IN "
      "(SELECT json_array_elements_text($2::json)) AND status IN ($3, $4) AND "
      "data_root_canonical IS NOT NULL AND data_root_canonical <> $5 ORDER BY table_name, id DESC",
      {schema, nlohmann::json(tables).dump(), std::string(status_loaded), std::string(status_empty),
       canonical_root});
  for (int row = 0; row < result.rows(); ++row) {
    conflicts.push_back({std::string(result.text(row, 0)), std::string(result.text(row, 1)),
                         std::string(result.text(row, 2))});
  }
  return conflicts;
}

}  // namespace pgdatahub::ledger
