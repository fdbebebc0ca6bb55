#include <pgdatahub/core/error.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/schema/schema_plan.hpp>

#include <fmt/format.h>

namespace pgdatahub::schema {
namespace {

types::PgType wanted_type(const FileColumn& column) {
  if (column.forced) return *column.forced;
  // A column with no value yet is created as text; it takes a narrower type
  // from the first file that brings values (see HasValues).
  return column.type.value_or(types::PgType::Text);
}

// Bytes a value of `type` takes at the least (text can be a few bytes; the
// fixed-width types cannot shrink). Used to refuse, before any DDL, a table
// whose rows could never fit PostgreSQL's 8 kB page.
std::size_t min_width(std::optional<types::PgType> type) {
  if (!type) return 1;
  switch (*type) {
    case types::PgType::Boolean:
      return 1;
    case types::PgType::Integer:
    case types::PgType::Date:
      return 4;
    case types::PgType::Interval:
      return 16;
    case types::PgType::Text:
      return 1;
    default:
      return 8;
  }
}

constexpr std::size_t max_row_bytes = 8160;  // PostgreSQL's limit for one heap tuple

void check_row_width(const std::string& table, const TableState& live, const SchemaPlan& plan) {
  std::size_t bytes = 24 + 200;  // tuple header, null bitmap and metadata columns, generously
  for (const auto& column : live.columns) {
    bytes += min_width(planned_type(live, plan, column.name));
  }
  for (const auto& column : plan.create_columns) bytes += min_width(column.new_type);
  for (const auto& change : plan.changes) {
    if (change.kind == ChangeKind::AddColumn) bytes += min_width(change.new_type);
  }
  if (bytes > max_row_bytes) {
    throw FileError(FileFailure::TooWide,
                    fmt::format("rows of table {} would take at least {} bytes, over PostgreSQL's "
                                "row limit of {}: split the sheet or load fewer columns",
                                table, bytes, max_row_bytes));
  }
}

}  // namespace

SchemaPlan plan_schema(const std::string& table, const TableState& live,
                       const std::vector<FileColumn>& columns, const HasValues& has_values) {
  SchemaPlan plan;
  plan.table = table;
  if (!live.exists) {
    if (columns.size() + metadata_columns.size() > max_table_columns) {
      throw FileError(
          FileFailure::TooWide,
          fmt::format("{} columns: PostgreSQL allows {} per table (including pgdatahub's "
                      "{}); split the sheet",
                      columns.size(), max_table_columns, metadata_columns.size()));
    }
    SchemaChange create;
    create.kind = ChangeKind::CreateTable;
    plan.changes.push_back(create);
    for (const auto& column : columns) {
      SchemaChange add;
      add.kind = ChangeKind::AddColumn;
      add.column = column.name;
      add.header = column.header;
      add.new_type = wanted_type(column);
      plan.create_columns.push_back(std::move(add));
    }
    check_row_width(table, live, plan);
    return plan;
  }

  std::size_t added = 0;
  for (const auto& column : columns) {
    const LiveColumn* existing = live.find(column.name);
    if (existing == nullptr) {
      SchemaChange add;
      add.kind = ChangeKind::AddColumn;
      add.column = column.name;
      add.header = column.header;
      add.new_type = wanted_type(column);
      plan.changes.push_back(std::move(add));
      ++added;
      continue;
    }
    if (!existing->type) continue;  // a type set by hand outside the lattice: taken as it is
    if (!column.type && !column.forced) continue;  // nothing to store yet
    const types::PgType wanted = wanted_type(column);
    const types::PgType current = *existing->type;
    if (wanted == current) continue;
    if (types::fits_in(wanted, current)) {
      // Stored as the wider column type, unless the column is an empty
      // placeholder (text with no value at all), which may take the narrower type.
      if (current == types::PgType::Text && has_values && !has_values(column.name)) {
        SchemaChange alter;
        alter.kind = ChangeKind::AlterType;
        alter.column = column.name;
        alter.old_type = current;
        alter.new_type = wanted;
        alter.column_was_empty = true;
        plan.changes.push_back(std::move(alter));
      }
      continue;
    }
    SchemaChange alter;
    alter.kind = ChangeKind::AlterType;
    alter.column = column.name;
    alter.old_type = current;
    alter.new_type = types::widen(current, wanted);
    plan.changes.push_back(std::move(alter));
  }
  check_row_width(table, live, plan);
  if (live.columns.size() + added > max_table_columns) {
    throw FileError(FileFailure::TooWide,
                    fmt::format("table {} would have {} columns: PostgreSQL allows {}; load this "
                                "file into another table (config `table:`)",
                                table, live.columns.size() + added, max_table_columns));
  }
  return plan;
}

std::vector<ChangeRecord> change_records(const SchemaPlan& plan) {
  std::vector<ChangeRecord> records;
  for (const auto& change : plan.changes) {
    ChangeRecord record{plan.table,
                        change.kind,
                        change.column,
                        change.old_type,
                        std::nullopt,
                        change.column_was_empty,
                        {}};
    if (change.kind == ChangeKind::CreateTable) {
      for (const auto& column : plan.create_columns)
        record.columns.emplace_back(column.column, column.new_type);
    } else {
      record.new_type = change.new_type;
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string_view change_name(ChangeKind kind) noexcept {
  switch (kind) {
    case ChangeKind::CreateTable:
      return ledger::change_create_table;
    case ChangeKind::AddColumn:
      return ledger::change_add_column;
    case ChangeKind::AlterType:
      return ledger::change_alter_type;
  }
  return ledger::change_alter_type;
}

std::string describe(const ChangeRecord& change) {
  switch (change.change) {
    case ChangeKind::CreateTable: {
      std::string out = fmt::format("create_table {} (", change.table);
      for (std::size_t i = 0; i < change.columns.size(); ++i) {
        out += fmt::format("{}{} {}", i == 0 ? "" : ", ", change.columns[i].first,
                           types::sql_name(change.columns[i].second));
      }
      return out + ")";
    }
    case ChangeKind::AddColumn:
      return fmt::format("add_column {}.{} {}", change.table, change.column,
                         types::sql_name(*change.new_type));
    case ChangeKind::AlterType:
      return fmt::format("alter_type {}.{} {} -> {}{}", change.table, change.column,
                         types::sql_name(*change.old_type), types::sql_name(*change.new_type),
                         change.column_was_empty ? " (column holds no value yet)" : "");
  }
  return {};
}

void simulate(const SchemaPlan& plan, TableState& state) {
  for (const auto& change : plan.changes) {
    switch (change.kind) {
      case ChangeKind::CreateTable:
        state = TableState{};
        state.exists = true;
        for (const auto& column : plan.create_columns) {
          state.columns.push_back(LiveColumn{
              column.column, std::string(types::sql_name(column.new_type)), column.new_type});
        }
        for (auto name : metadata_columns)
          state.columns.push_back(LiveColumn{std::string(name), "", std::nullopt});
        break;
      case ChangeKind::AddColumn:
        state.columns.push_back(LiveColumn{
            change.column, std::string(types::sql_name(change.new_type)), change.new_type});
        // Without a header, as read_table_state would tell it.
        if (change.column == column_source_sheet && change.header.empty())
          state.sheet_metadata = true;
        break;
      case ChangeKind::AlterType:
        if (LiveColumn* column = state.find(change.column)) {
          column->type = change.new_type;
          column->sql_type = std::string(types::sql_name(change.new_type));
        }
        break;
    }
  }
}

std::optional<types::PgType> planned_type(const TableState& live, const SchemaPlan& plan,
                                          const std::string& column) {
  std::optional<types::PgType> type;
  if (const LiveColumn* existing = live.find(column)) type = existing->type;
  for (const auto& created : plan.create_columns) {
    if (created.column == column) type = created.new_type;
  }
  for (const auto& change : plan.changes) {
    if (change.column == column && change.kind != ChangeKind::CreateTable) type = change.new_type;
  }
  return type;
}

}  // namespace pgdatahub::schema
