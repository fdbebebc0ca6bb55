#pragma once
// The columns pgdatahub adds to every data table, so each row is traceable to
// its file, its import and its row in the sheet; and one more, source_sheet,
// only in a table that several sheets of a workbook load into (`sheets:`).
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::schema {

inline constexpr std::string_view column_source_file = "source_file";
inline constexpr std::string_view column_load_timestamp = "load_timestamp";
inline constexpr std::string_view column_import_id = "etl_import_id";
inline constexpr std::string_view column_source_row = "source_row";

inline constexpr std::array<std::string_view, 4> metadata_columns = {
    column_source_file, column_load_timestamp, column_import_id, column_source_row};

// The DDL of the metadata columns, in table order.
inline constexpr std::array<std::string_view, 4> metadata_column_types = {
    "text NOT NULL", "timestamp NOT NULL", "bigint NOT NULL", "integer NOT NULL"};

// Only in tables loaded with several sheets at once: added (audited, as any
// column) by the first such load, NULL in rows loaded one sheet at a time.
inline constexpr std::string_view column_source_sheet = "source_sheet";

// Whether a column of this name is the metadata column source_sheet: it is
// unless it carries a comment, since pgdatahub comments every column it makes
// from a header with that header and leaves the metadata column without one.
inline bool is_source_sheet_metadata(std::string_view name, bool commented) {
  return name == column_source_sheet && !commented;
}

// Whether a column of a data table is one pgdatahub adds, not one of the data.
inline bool is_metadata_column(std::string_view name, bool commented) {
  for (const auto metadata : metadata_columns) {
    if (name == metadata) return true;
  }
  return is_source_sheet_metadata(name, commented);
}

// The names a header must not take: with `with_source_sheet`, source_sheet too.
inline std::vector<std::string> metadata_column_names(bool with_source_sheet = false) {
  std::vector<std::string> names(metadata_columns.begin(), metadata_columns.end());
  if (with_source_sheet) names.emplace_back(column_source_sheet);
  return names;
}

// PostgreSQL's limit on columns per table.
inline constexpr std::size_t max_table_columns = 1600;

}  // namespace pgdatahub::schema
