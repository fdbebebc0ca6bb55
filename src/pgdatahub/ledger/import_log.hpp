#pragma once
// Reading and writing etl_imports rows.
#include <pgdatahub/ledger/ledger_tables.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

struct NewImport {
  std::string schema_name = std::string(ledger_schema);  // the data table's schema
  std::string table_name;
  std::string source_file;  // relative to DATA_DIR
  std::string sha256;
  std::string sheet;
  std::uint64_t byte_size = 0;
  std::string read_settings;  // how it was read (orchestrator::ReadSpec)
  std::string read_fingerprint;
  // The data root it came from: DATA_DIR as given, as a canonical path, and
  // its name (`source:`, default the folder's base name).
  std::string data_root{};
  std::string data_root_canonical{};
  std::string source_name{};
};

// The read settings of a folder's transform start with it
// ("transform.rename=Qty>quantity; transform.script=sales.lua@1a2b..."):
// read_spec writes them, `history` picks them out.
inline constexpr std::string_view transform_settings_prefix = "transform.";

struct LoadedImport {
  std::int64_t id = 0;
  // Null for imports recorded before reading settings were: taken as the
  // current ones, so an upgrade reloads nothing.
  std::optional<std::string> read_fingerprint;
  std::string read_settings;
};

struct ImportCounts {
  std::uint64_t rows = 0;
  std::uint64_t error_cells = 0;
  std::uint64_t nul_removed = 0;
  std::int64_t duration_ms = 0;
  std::string repairs;  // what the reader read leniently; kept in error_message
};

struct StartedImport {
  std::int64_t id = 0;
  std::int64_t imported_at_micros = 0;  // the transaction timestamp, microseconds since 1970
};

// The id of the loaded (or empty) import of this content into this table,
// if any: either way the content is not read again.
std::optional<LoadedImport> find_loaded(database::Connection& conn, const std::string& schema,
                                        const std::string& table, const std::string& sha256);

// Imports in force (loaded or empty) of the same path into the same table
// (older versions).
std::vector<std::int64_t> find_loaded_versions(database::Connection& conn,
                                               const std::string& schema, const std::string& table,
                                               const std::string& source_file);

// Inserts the import row (status loaded) inside the caller's transaction; it
// becomes visible only when that transaction commits with the file's rows.
StartedImport start_import(database::Connection& conn, const NewImport& import);

// Sets the counts; an import that wrote no row is marked status_empty.
void finish_import(database::Connection& conn, std::int64_t id, const ImportCounts& counts);

// Records a failed attempt in its own transaction (the file's own was rolled back).
void record_failure(database::Connection& conn, const NewImport& import, const std::string& error,
                    std::int64_t duration_ms);

}  // namespace pgdatahub::ledger
