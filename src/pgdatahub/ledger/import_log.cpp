#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/import_log.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>

namespace pgdatahub::ledger {
namespace {

database::Param or_null(const std::string& text) {
  return text.empty() ? database::Param{} : database::Param{text};
}

}  // namespace

std::optional<LoadedImport> find_loaded(database::Connection& conn, const std::string& schema,
                                        const std::string& table, const std::string& sha256) {
  auto result = conn.exec(
      "SELECT id, read_fingerprint, coalesce(read_settings, '') FROM public.etl_imports WHERE "
      "table_name = $1 AND file_sha256 = $2 AND status IN ($3, $4) AND schema_name = $5 "
      "ORDER BY id DESC LIMIT 1",
      {table, sha256, std::string(status_loaded), std::string(status_empty), schema});
  if (result.rows() == 0) return std::nullopt;
  return LoadedImport{result.int64(0, 0), result.optional_text(0, 1),
                      std::string(result.text(0, 2))};
}

std::vector<std::int64_t> find_loaded_versions(database::Connection& conn,
                                               const std::string& schema, const std::string& table,
                                               const std::string& source_file) {
  auto result = conn.exec(
      "SELECT id FROM public.etl_imports WHERE table_name = $1 AND source_file = $2 AND " +
          in_force_sql(3) + " AND schema_name = $5 ORDER BY id",
      {table, source_file, std::string(status_loaded), std::string(status_empty), schema});
  std::vector<std::int64_t> ids;
  ids.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) ids.push_back(result.int64(row, 0));
  return ids;
}

StartedImport start_import(database::Connection& conn, const NewImport& import) {
  auto result = conn.exec(
      "INSERT INTO public.etl_imports (table_name, source_file, file_sha256, sheet, status, "
      "byte_size, read_settings, read_fingerprint, schema_name, data_root, data_root_canonical, "
      "source_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "RETURNING id, (extract(epoch FROM imported_at) * 1000000)::bigint",
      {import.table_name, import.source_file, import.sha256, import.sheet,
       std::string(status_loaded), std::to_string(import.byte_size), import.read_settings,
       import.read_fingerprint, import.schema_name, or_null(import.data_root),
       or_null(import.data_root_canonical), or_null(import.source_name)});
  return StartedImport{result.int64(0, 0), result.int64(0, 1)};
}

void finish_import(database::Connection& conn, std::int64_t id, const ImportCounts& counts) {
  conn.exec(
      "UPDATE public.etl_imports SET row_count = $2, error_cells = $3, nul_removed = $4, "
      "duration_ms = $5, status = $6, error_message = $7 WHERE id = $1",
      {std::to_string(id), std::to_string(counts.rows), std::to_string(counts.error_cells),
       std::to_string(counts.nul_removed), std::to_string(counts.duration_ms),
       std::string(counts.rows == 0 ? status_empty : status_loaded),
       counts.repairs.empty() ? database::Param{} : database::Param{counts.repairs}});
}

void record_failure(database::Connection& conn, const NewImport& import, const std::string& error,
                    std::int64_t duration_ms) {
  conn.exec(
      "INSERT INTO public.etl_imports (table_name, source_file, file_sha256, sheet, status, "
      "byte_size, error_message, duration_ms, read_settings, read_fingerprint, schema_name, "
      "data_root, data_root_canonical, source_name) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
      {import.table_name, import.source_file, import.sha256,
       import.sheet.empty() ? database::Param{} : database::Param{import.sheet},
       std::string(status_failed), std::to_string(import.byte_size), error,
       std::to_string(duration_ms), import.read_settings, import.read_fingerprint,
       import.schema_name, or_null(import.data_root), or_null(import.data_root_canonical),
       or_null(import.source_name)});
}

}  // namespace pgdatahub::ledger
