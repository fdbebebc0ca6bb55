#pragma once
// Plan, then apply: a schema plan is a value computed from a file's columns
// and the live table. The dry run prints it; the load applies exactly it.
#include <pgdatahub/schema/table_state.hpp>
#include <pgdatahub/types/pg_type.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgdatahub::schema {

// A column as the file sees it so far.
struct FileColumn {
  std::string name;                     // cleaned column name
  std::string header;                   // original header (kept as the column's COMMENT)
  std::optional<types::PgType> type;    // join of its values so far; nullopt: no value yet
  std::optional<types::PgType> forced;  // type from the config's `columns:`, wins over inference
};

enum class ChangeKind { CreateTable, AddColumn, AlterType };

struct SchemaChange {
  ChangeKind kind = ChangeKind::AddColumn;
  std::string column;                     // empty for CreateTable
  std::string header;                     // for CreateTable columns and AddColumn
  std::optional<types::PgType> old_type;  // AlterType
  types::PgType new_type = types::PgType::Text;
  bool column_was_empty = false;  // AlterType of a column that holds no value yet
};

struct SchemaPlan {
  std::string table;
  // For CreateTable: the table's data columns, in file order.
  std::vector<SchemaChange> create_columns;
  std::vector<SchemaChange> changes;
  bool empty() const { return changes.empty(); }
};

// Asked only when a column's live type is text but the file's values are of
// a narrower type: if the column holds no value at all yet, it may take the
// file's type without losing anything.
using HasValues = std::function<bool(const std::string& column)>;

// The changes that make `live` hold every value of `columns`. Never narrows a
// column that holds values; never touches columns the file does not have.
// Throws FileError(TooWide) when the table would pass 1600 columns.
SchemaPlan plan_schema(const std::string& table, const TableState& live,
                       const std::vector<FileColumn>& columns, const HasValues& has_values);

// One change a file made to its table (or, in a dry run, would make), as it
// is reported: a value for the summary, the progress lines and a report.
struct ChangeRecord {
  std::string table;
  ChangeKind change = ChangeKind::AddColumn;
  std::string column;                     // empty for CreateTable
  std::optional<types::PgType> old_type;  // AlterType
  std::optional<types::PgType> new_type;  // AddColumn, AlterType
  bool column_was_empty = false;          // AlterType of a column that held no value yet
  // CreateTable: the new table's data columns, in file order.
  std::vector<std::pair<std::string, types::PgType>> columns;
};

// The plan's changes as records, in the order they apply.
std::vector<ChangeRecord> change_records(const SchemaPlan& plan);

// One change as a line of text (no newline):
// "add_column sales.extra bigint", "alter_type sales.n bigint -> numeric".
std::string describe(const ChangeRecord& change);

// The ledger's name of a change kind (etl_schema_changes.change_type).
std::string_view change_name(ChangeKind kind) noexcept;

// What `state` looks like once `plan` is applied: the dry run carries it from
// file to file, so each file's plan is relative to the files before it.
void simulate(const SchemaPlan& plan, TableState& state);

// The type the column will have once `plan` is applied to `live`.
std::optional<types::PgType> planned_type(const TableState& live, const SchemaPlan& plan,
                                          const std::string& column);

}  // namespace pgdatahub::schema
