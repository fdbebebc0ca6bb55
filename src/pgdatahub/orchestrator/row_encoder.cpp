#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/row_encoder.hpp>
#include <pgdatahub/orchestrator/sheet_selection.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>

#include <cstring>

namespace pgdatahub::orchestrator {

void RowEncoder::set_metadata(const std::string& source_file, std::int64_t load_micros,
                              std::int64_t import_id, const std::string* source_sheet) {
  m_metadata_prefix.clear();
  m_encoder.text_field(m_metadata_prefix, source_file);
  m_encoder.timestamp_field(m_metadata_prefix, load_micros);
  m_encoder.int8_field(m_metadata_prefix, import_id);
  m_metadata_fields = schema::metadata_columns.size();
  if (source_sheet != nullptr) {
    m_encoder.text_field(m_metadata_prefix, *source_sheet);
    ++m_metadata_fields;
  }
  m_row_bytes = fixed_row_bytes();
}

void RowEncoder::set_columns(std::vector<EncodedColumn> columns, std::vector<std::string> names) {
  m_columns = std::move(columns);
  m_names = std::move(names);
  m_row_bytes = fixed_row_bytes();
}

// What every row takes at most apart from its texts: the field count, each
// column's widest field, the metadata prefix and source_row.
std::size_t RowEncoder::fixed_row_bytes() const {
  std::size_t bytes = field_count_bytes + m_metadata_prefix.size() + source_row_bytes;
  for (const auto& column : m_columns) {
    bytes += copy::BinaryCopyEncoder::max_field_bytes(column.type);
  }
  return bytes;
}

void RowEncoder::encode_row(const workbook::RowView& row, std::string& out) {
  // One reservation per row, then every field written through `at`. Only
  // the texts' sizes vary from row to row; counting every cell's view
  // overcounts (an error literal, a Text cell going into another type),
  // which costs nothing but room.
  std::size_t bound = m_row_bytes;
  for (const auto& cell : row.cells) bound += cell.text.size();
  const std::size_t start = out.size();
  out.resize(start + bound);
  char* at = copy::field_bytes::put_big_endian(
      out.data() + start, static_cast<std::uint16_t>(m_columns.size() + m_metadata_fields));
  // Local cursor and end: the encoder's calls write through `at`, which the
  // compiler cannot tell from the row, so members would be read again per cell.
  const workbook::Cell* cell = row.cells.data();
  const workbook::Cell* const end = cell + row.cells.size();
  for (const auto& column : m_columns) {
    while (cell != end && cell->column < column.source_index) ++cell;
    if (cell == end || cell->column != column.source_index) {
      at = copy::field_bytes::put_null(at);
      continue;
    }
    try {
      if (column.forced && *column.forced != column.type) {
        m_scratch.clear();
        m_encoder.cell_field(m_scratch, *cell,
                             *column.forced);  // the value must fit the config type
      }
      at = m_encoder.write_cell_field(at, *cell, column.type, m_scratch);
    } catch (const FileError& e) {
      out.resize(start);  // the rows before stay whole
      fail_cell(*cell, row.number, m_names[column.source_index], e);
    }
  }
  std::memcpy(at, m_metadata_prefix.data(), m_metadata_prefix.size());
  at = copy::field_bytes::put_fixed(at + m_metadata_prefix.size(),
                                    static_cast<std::uint32_t>(row.number));
  out.resize(static_cast<std::size_t>(at - out.data()));
}

void RowEncoder::check_forced(const workbook::RowView& row,
                              const std::vector<std::optional<types::PgType>>& forced,
                              const std::vector<std::string>& names) {
  for (const auto& cell : row.cells) {
    if (cell.column >= forced.size() || !forced[cell.column]) continue;
    try {
      m_scratch.clear();
      m_encoder.cell_field(m_scratch, cell, *forced[cell.column]);
    } catch (const FileError& e) {
      fail_cell(cell, row.number, names[cell.column], e);
    }
  }
}

void RowEncoder::fail_cell(const workbook::Cell& cell, std::uint32_t row_number,
                           const std::string& name, const FileError& error) {
  throw FileError(FileFailure::BadValue, column_letters(cell.column) + std::to_string(row_number) +
                                             ": " + error.what() + " (column " + name +
                                             "): fix the cell or the config type");
}

}  // namespace pgdatahub::orchestrator
