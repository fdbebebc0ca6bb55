#pragma once
// Encodes sheet rows as binary COPY rows of the table: the file's columns in
// their live types, then the metadata columns (source_file, load_timestamp,
// etl_import_id, source_sheet when the sheet shares its table, source_row).
#include <pgdatahub/copy/binary_copy_encoder.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/types/pg_type.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

struct EncodedColumn {
  std::uint32_t source_index = 0;            // the sheet column it comes from
  types::PgType type = types::PgType::Text;  // the live column type
  std::optional<types::PgType> forced;       // config type every value must fit
};

class RowEncoder {
 public:
  // `source_sheet`: null unless several sheets load into the table.
  void set_metadata(const std::string& source_file, std::int64_t load_micros,
                    std::int64_t import_id, const std::string* source_sheet = nullptr);
  void set_columns(std::vector<EncodedColumn> columns, std::vector<std::string> names);
  void set_text_locale(const types::TextLocale& locale) { m_encoder.set_text_locale(locale); }

  void begin(std::string& out) const { m_encoder.begin(out); }
  void end(std::string& out) const { m_encoder.end(out); }
  // Throws FileError(BadValue) with the cell address ("G17: ..."), and then
  // leaves `out` as it was before the row.
  void encode_row(const workbook::RowView& row, std::string& out);
  // The dry run's share of encode_row: every value of a column the config
  // forces (`forced`, by sheet column) goes through the very conversion the
  // load runs, and fails the same way. `names`: the columns' names.
  void check_forced(const workbook::RowView& row,
                    const std::vector<std::optional<types::PgType>>& forced,
                    const std::vector<std::string>& names);

 private:
  static constexpr std::size_t field_count_bytes = 2;
  static constexpr std::size_t source_row_bytes = copy::field_bytes::length_bytes + 4;

  std::size_t fixed_row_bytes() const;
  [[noreturn]] static void fail_cell(const workbook::Cell& cell, std::uint32_t row_number,
                                     const std::string& name, const FileError& error);

  copy::BinaryCopyEncoder m_encoder;
  std::vector<EncodedColumn> m_columns;
  std::vector<std::string> m_names;
  // source_file, load_timestamp, etl_import_id (and source_sheet): the same
  // on every row of the sheet, encoded once.
  std::string m_metadata_prefix;
  std::uint16_t m_metadata_fields = schema::metadata_columns.size();
  std::size_t m_row_bytes = 0;  // fixed_row_bytes(), kept for every row
  std::string m_scratch;
};

}  // namespace pgdatahub::orchestrator
