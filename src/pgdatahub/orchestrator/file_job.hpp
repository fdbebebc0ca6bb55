#pragma once
// One file to load and what became of it.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/file_identity.hpp>
#include <pgdatahub/schema/schema_plan.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

// The data root a run loads from, as the ledger records it.
struct DataRoot {
  std::string given;      // DATA_DIR as the user wrote it
  std::string canonical;  // its canonical path
  std::string source;     // `source:`, default the canonical path's base name
};

struct FileJob {
  std::filesystem::path path;
  std::string source_file;  // relative to DATA_DIR, '/' separated
  std::string table;
  config::FolderConfig folder;
  std::string schema = "public";  // the table's schema (--schema)
  std::string lock_file{};        // an Office lock file beside it (~$name): open, maybe mid-edit
  DataRoot root{};
  // The file discovery saw under `path`; what is opened must still be it.
  std::optional<FileIdentity> seen = std::nullopt;
};

enum class FileStatus {
  Loaded,       // committed (or, in a section, awaiting the section's commit)
  Duplicate,    // this content is already loaded into this table
  Failed,       // nothing of it stayed; the reason is recorded
  Empty,        // committed with no data row: a sheet with no cells, or a header alone
  Planned,      // dry run: read and planned, nothing written
  Interrupted,  // a stop was requested while it loaded; rolled back
};

struct FileOutcome {
  FileStatus status = FileStatus::Failed;
  std::string source_file;
  std::string table;
  std::string sheet;
  std::string sha256;
  std::uint64_t byte_size = 0;
  std::uint64_t rows = 0;
  workbook::ReadStats read_stats;
  std::optional<FileFailure> failure;
  std::string error;  // one line: what went wrong and what to do
  // How the file was read where the reader chose (a sheet other than the
  // first, a header with no data): one line each, for the summary and log.
  std::vector<std::string> notes;
  std::vector<schema::ChangeRecord> schema_changes;  // applied (or, in a dry run, planned)
  bool created_table = false;
  std::int64_t import_id = 0;
  std::vector<std::int64_t> replaced_imports;  // ETL_ON_CHANGE=replace: older versions reverted
  double seconds = 0;
};

std::string_view status_name(FileStatus status) noexcept;

}  // namespace pgdatahub::orchestrator
