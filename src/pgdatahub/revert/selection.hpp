#pragma once
// Which imports a revert touches: a file path, a content hash, an import id,
// or a table (optionally since a time), resolved against etl_imports.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::revert {

enum class SelectBy { File, Hash, Import, Table };

struct Selection {
  SelectBy by = SelectBy::Import;
  std::string value;                 // the path, hash (or a prefix of 6+ digits), id or table
  std::optional<std::string> since;  // with Table: ISO timestamp, UTC unless it has an offset
  bool all_versions = false;         // with File: every loaded version, not just the latest
  std::string schema = "public";     // only imports into tables of this schema (--schema)
};

// One loaded import, as etl_imports records it.
struct ImportRef {
  std::int64_t id = 0;
  std::string table;
  std::string source_file;
  std::string sha256;
  std::int64_t row_count = 0;
  std::string imported_at;  // "YYYY-MM-DD HH:MM:SS", UTC
};

// The loaded imports the selection names, oldest first. Throws Error with a
// message saying what was not found (an unknown file, hash or id; nothing left
// to revert) so the command ends with exit code 2.
std::vector<ImportRef> select_imports(database::Connection& conn, const Selection& selection);

// The imports in force (loaded or empty) with these ids; the others are left
// out.
std::vector<ImportRef> loaded_imports(database::Connection& conn,
                                      const std::vector<std::int64_t>& ids);

// "{1,2,3}": an array parameter for `= ANY($n::bigint[])`.
std::string id_array(const std::vector<std::int64_t>& ids);

}  // namespace pgdatahub::revert
