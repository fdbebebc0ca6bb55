#pragma once
// Plan, then apply: what a revert will delete and which schema changes it
// will undo, computed without changing anything. The dry run prints it; the
// executor applies exactly it.
//
// Schema undo follows the audit trail in etl_schema_changes, newest first. A
// change is undone only when the import that made it is reverted (now or
// earlier) and no remaining row needs it: a table pgdatahub created is
// dropped when no row and no loaded import is left; a column an import added
// is dropped when no remaining row has a value in it; a widened type is
// narrowed back when every remaining value converts to the old type and back
// unchanged, and no later change by a still-loaded import built on it.
#include <pgdatahub/revert/selection.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::revert {

struct TableRows {
  std::string table;
  std::vector<std::int64_t> import_ids;
  std::uint64_t rows = 0;  // rows those imports inserted that are still there
  bool exists = true;      // false when the table was dropped by hand
};

enum class UndoKind { DropTable, DropColumn, NarrowType };

struct UndoStep {
  UndoKind kind = UndoKind::DropColumn;
  std::string table;
  std::string column;          // empty for DropTable
  std::string from_type;       // NarrowType: the type now
  std::string to_type;         // NarrowType: the type before the change
  std::int64_t import_id = 0;  // the import whose change this undoes
  std::string source_file;
  std::string sql;
};

// A change of a reverted import that stays, and why.
struct KeptChange {
  std::string table;
  std::string change;  // e.g. "column qty stays text (was double precision)"
  std::string reason;
  std::int64_t import_id = 0;
};

struct RevertPlan {
  std::string schema = "public";  // of every table of the plan
  std::vector<ImportRef> imports;
  std::vector<TableRows> tables;
  std::vector<UndoStep> undo;
  std::vector<KeptChange> kept;
  bool keep_schema = false;

  std::uint64_t total_rows() const;
  std::vector<std::string> table_names() const;
  std::vector<std::int64_t> import_ids() const;
};

// Computes the plan for reverting `imports` (all loaded, all into tables of
// `schema`). Reads only; run it inside the transaction that will apply it,
// after the table locks.
RevertPlan plan_revert(database::Connection& conn, std::vector<ImportRef> imports, bool keep_schema,
                       const std::string& schema);

// "drop table", "drop column", "narrow type".
std::string_view undo_name(UndoKind kind) noexcept;

}  // namespace pgdatahub::revert
