#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/row_encoder.hpp>
#include <pgdatahub/orchestrator/sheet_selection.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>

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
}

void RowEncoder::set_columns(std::vector<EncodedColumn> columns, std::vector<std::string> names) {
  m_columns = std::move(columns);
  m_names = std::move(names);
}

void RowEncoder::encode_row(const workbook::RowView& row, std::string& out) {
  m_encoder.begin_row(out, static_cast<std::uint16_t>(m_columns.size() + m_metadata_fields));
  // Local cursor and end: the encoder's calls write through `out`, which the
  // compiler cannot tell from the row, so members would be read again per cell.
  const workbook::Cell* cell = row.cells.data();
  const workbook::Cell* const end = cell + row.cells.size();
  for (const auto& column : m_columns) {
    while (cell != end && cell->column < column.source_index) ++cell;
    if (cell == end || cell->column != column.source_index) {
      m_encoder.null_field(out);
      continue;
    }
    try {
      if (column.forced && *column.forced != column.type) {
        m_scratch.clear();
        m_encoder.cell_field(m_scratch, *cell,
                             *column.forced);  // the value must fit the config type
      }
      m_encoder.cell_field(out, *cell, column.type);
    } catch (const FileError& e) {
      fail_cell(*cell, row.number, m_names[column.source_index], e);
    }
  }
  out += m_metadata_prefix;
  m_encoder.int4_field(out, static_cast<std::int32_t>(row.number));
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
