#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/serial_cell.hpp>
#include <pgdatahub/workbook/xlsx/cell_number.hpp>
#include <pgdatahub/workbook/xlsx/ooxml_text.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_sheet_reader.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_workbook.hpp>

#include <algorithm>
#include <charconv>

namespace pgdatahub::workbook::xlsx {
namespace {

constexpr std::uint32_t max_columns = 16384;  // XFD
constexpr std::uint32_t max_row_number = 1U << 30;
// Shared-string text handed out may exceed the XML read by this ratio, once
// past the floor; real sheets stay far below (a long category in every row is
// tens of times its reference).
constexpr std::uint64_t shared_text_floor = 256ULL << 20;
constexpr std::uint64_t shared_text_ratio = 100;

// Column index of a reference like "B12" or "ab3"; false when it is none.
bool parse_column(std::string_view ref, std::uint32_t& column) noexcept {
  std::uint32_t value = 0;
  std::size_t i = 0;
  for (; i < ref.size(); ++i) {
    const auto c = static_cast<unsigned char>(ref[i] | 0x20);  // ASCII lower case
    if (c < 'a' || c > 'z') break;
    value = value * 26 + (c - 'a' + 1);
    if (value > max_columns) return false;
  }
  if (i == 0) return false;
  column = value - 1;
  return true;
}

bool parse_uint(std::string_view text, std::uint32_t& value) noexcept {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::string column_name(std::uint32_t column) {
  std::string name;
  for (std::uint32_t n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

}  // namespace

XlsxSheetReader::XlsxSheetReader(const WorkbookContext& context, std::string sheet_name,
                                 std::unique_ptr<ByteSource> part)
    : m_context(context),
      m_sheet_name(std::move(sheet_name)),
      m_part(std::move(part)),
      m_xml(std::make_unique<XmlScanner>(*m_part)) {
  m_cells.reserve(64);
  m_arena.reserve(4096);
  m_value.reserve(256);
}

XlsxSheetReader::XlsxSheetReader(const WorkbookContext& context, std::string sheet_name)
    : m_context(context), m_sheet_name(std::move(sheet_name)), m_done(true) {}

bool XlsxSheetReader::next_row(RowView& row) {
  if (m_done) return false;
  try {
    const bool got = scan_row(row);
    m_stats.bytes_inflated = m_xml->bytes_read();
    // A table loading behind must load whole, whatever the sheet used of it.
    if (!got) m_context.shared_strings.finish_loading();
    return got;
  } catch (const FileError& e) {
    m_done = true;
    throw FileError(e.failure(), "sheet '" + m_sheet_name + "': " + e.what());
  }
}

bool XlsxSheetReader::scan_row(RowView& row) {
  m_cells.clear();
  m_arena.clear();
  m_arena_texts.clear();
  m_shared_texts.clear();
  m_cells_unsorted = false;
  XmlScanner& xml = *m_xml;
  for (;;) {
    if (m_in_sheet_data && m_context.fast_paths && read_fast_markup(row)) return true;
    const XmlEvent event = xml.next();
    if (event == XmlEvent::Text) {
      if (m_capture != Capture::None) m_value.append(xml.text());
      continue;
    }
    if (event == XmlEvent::End) {
      m_done = true;
      return false;
    }
    const std::string_view name = xml.name();
    if (event == XmlEvent::StartElement) {
      if (!m_in_sheet_data) {
        if (name == "sheetData") m_in_sheet_data = true;
        continue;
      }
      switch (name.size()) {
        case 1:
          if (name[0] == 'c') {
            start_cell(xml.attributes());
          } else if (name[0] == 'v') {
            m_capture = Capture::Value;
            m_has_value = true;
          } else if (name[0] == 't' && m_in_inline) {
            m_capture = Capture::InlineText;
          } else if (name[0] == 'f') {
            xml.skip_element();
          }
          break;
        case 2:
          if (name == "is") {
            m_in_inline = true;
            m_has_value = true;
          }
          break;
        case 3:
          if (name == "row") {
            start_row(xml.attribute("r"));
          } else if (name == "rPh") {
            xml.skip_element();
          }
          break;
        default:
          break;
      }
      continue;
    }
    // EndElement
    switch (name.size()) {
      case 1:
        if (name[0] == 'c') {
          finish_cell(m_value);
        } else {
          m_capture = Capture::None;
        }
        break;
      case 2:
        if (name == "is") m_in_inline = false;
        break;
      case 3:
        if (name == "row" && finish_row(row)) return true;
        break;
      case 9:
        if (name == "sheetData") {
          m_done = true;
          return false;
        }
        break;
      default:
        break;
    }
  }
}

void XlsxSheetReader::start_row(std::optional<std::string_view> r) {
  std::uint32_t number = m_row_number + 1;
  if (r) {
    if (!parse_uint(*r, number) || number > max_row_number) {
      fail_cell(FileFailure::Corrupt, "row number '" + std::string(*r) + "' is invalid");
    }
    if (number == 0) number_rows_from_zero();
    number += m_row_offset;
  }
  m_row_number = number;
  m_row_open = true;
  m_next_column = 0;
}

bool XlsxSheetReader::finish_row(RowView& row) {
  m_row_open = false;
  if (m_cells.empty()) return false;
  // The arena may have moved while the row grew: attach its texts now.
  for (const ArenaText& t : m_arena_texts) {
    m_cells[t.cell].text = std::string_view(m_arena.data() + t.offset, t.size);
  }
  for (const SharedText& t : m_shared_texts) {
    const std::string_view text = m_context.shared_strings[t.index];
    m_cells[t.cell].text = text;
    m_shared_text_bytes += text.size();
  }
  if (m_shared_text_bytes > shared_text_floor) check_shared_text_expansion();
  if (m_cells_unsorted) {
    std::stable_sort(m_cells.begin(), m_cells.end(),
                     [](const Cell& a, const Cell& b) { return a.column < b.column; });
  }
  row.number = m_row_number;
  row.cells = std::span<const Cell>(m_cells.data(), m_cells.size());
  return true;
}

void XlsxSheetReader::check_shared_text_expansion() const {
  // A small sheet can point every cell at one huge shared string (poi's
  // poc-shared-strings.xlsx turns 100 KB into 12 GB of text): bound the text
  // handed out by the XML actually read, as the zip reader bounds inflation.
  const SharedStrings& shared = m_context.shared_strings;
  const auto within_bound = [&] {
    return m_shared_text_bytes / shared_text_ratio <= m_xml->bytes_read() + shared.bytes();
  };
  if (within_bound()) return;
  if (shared.loading()) {  // judged against the whole table, not the part loaded yet
    shared.finish_loading();
    if (within_bound()) return;
  }
  throw FileError(FileFailure::ResourceLimit,
                  "shared strings repeated into more than " + std::to_string(shared_text_ratio) +
                      " times the XML read (" + std::to_string(m_shared_text_bytes >> 20) +
                      " MB of text by row " + std::to_string(m_row_number) +
                      "): refused as a shared-strings amplification");
}

void XlsxSheetReader::number_rows_from_zero() {
  // Row 0 first means the writer counted from 0 (some LibreOffice 4 exports):
  // every row is then one further down. Row 0 after other rows is ambiguous.
  if (m_row_number != 0 || m_row_offset != 0) {
    fail_cell(FileFailure::Corrupt,
              "row number 0 after row " + std::to_string(m_row_number) +
                  " is ambiguous: open the file in Excel or LibreOffice and save it again");
  }
  m_row_offset = 1;
  m_stats.repairs = "sheet '" + m_sheet_name + "' numbers its rows from 0: read as numbered from 1";
}

void XlsxSheetReader::start_cell() {
  // A cell outside any row: be lenient. (It reads r= of the scanner's
  // current element, the cell's own: the fast paths leave such cells to it.)
  if (!m_row_open) start_row(m_xml->attribute("r"));
  m_column = m_next_column;
  m_style = 0;
  m_type = ValueType::Number;
  m_has_value = false;
  m_in_inline = false;
  m_capture = Capture::None;
  m_value.clear();
}

void XlsxSheetReader::start_cell(const std::vector<XmlAttribute>& attributes) {
  start_cell();
  for (const XmlAttribute& a : attributes) {
    if (a.name.size() == 1) apply_cell_attribute(a.name[0], a.value);
  }
  check_cell_column();
}

void XlsxSheetReader::apply_cell_attribute(char name, std::string_view value) {
  switch (name) {
    case 'r':
      if (!parse_column(value, m_column)) {
        fail_cell(FileFailure::Corrupt, "cell reference '" + std::string(value) + "' is invalid");
      }
      break;
    case 's':
      if (!parse_uint(value, m_style)) m_style = 0;
      break;
    case 't':
      if (value == "s")
        m_type = ValueType::Shared;
      else if (value == "str")
        m_type = ValueType::String;
      else if (value == "inlineStr")
        m_type = ValueType::Inline;
      else if (value == "b")
        m_type = ValueType::Boolean;
      else if (value == "e")
        m_type = ValueType::Error;
      else if (value == "d")
        m_type = ValueType::IsoDate;
      else
        m_type = ValueType::Number;
      break;
    default:
      break;
  }
}

void XlsxSheetReader::check_cell_column() {
  if (m_column >= max_columns) fail_cell(FileFailure::Corrupt, "cell beyond column XFD");
  m_next_column = m_column + 1;
}

void XlsxSheetReader::read_simple_cell(const SimpleCell& simple) {
  // The same steps, in the same order, as the scanner's events for this
  // markup would take: start tag, <v> and its text, end tag.
  start_cell();
  if (simple.reference) apply_cell_attribute('r', *simple.reference);
  if (simple.style) apply_cell_attribute('s', *simple.style);
  if (simple.type) apply_cell_attribute('t', *simple.type);
  check_cell_column();
  m_has_value = simple.has_value;
  finish_cell(simple.value);
}

void XlsxSheetReader::add_text_cell(std::string_view text) {
  // Copy into the arena and clean there; views are fixed when the row is done.
  const std::size_t offset = m_arena.size();
  m_arena.append(text);
  const std::size_t size =
      clean_ooxml_text(m_arena.data() + offset, text.size(), m_stats.nul_removed);
  m_arena.resize(offset + size);
  m_arena_texts.push_back({static_cast<std::uint32_t>(m_cells.size()), offset, size});
}

void XlsxSheetReader::finish_cell(std::string_view value) {
  m_capture = Capture::None;
  if (!m_has_value) return;
  // A stray second </c> must not add the cell again.
  m_has_value = false;
  Cell cell;
  cell.column = m_column;
  switch (m_type) {
    case ValueType::Number: {
      if (value.empty()) return;
      double number;
      const bool is_number = m_context.fast_paths ? parse_cell_number(value, number)
                                                  : parse_cell_number_plain(value, number);
      if (!is_number) {
        cell.kind = CellKind::Text;
        add_text_cell(value);
        break;
      }
      const NumberClass cls = m_style < m_context.cell_styles.size()
                                  ? m_context.cell_styles[m_style].class_for(number)
                                  : NumberClass::Plain;
      apply_serial(number, cls, m_context.date_system, cell);
      break;
    }
    case ValueType::Shared: {
      std::uint32_t index;
      if (!parse_uint(value, index) || !m_context.shared_strings.has(index)) {
        fail_cell(FileFailure::Corrupt,
                  "shared string index '" + std::string(value) + "' is out of range");
      }
      cell.kind = CellKind::Text;
      m_context.shared_strings.prefetch_offsets(index);
      m_shared_texts.push_back({static_cast<std::uint32_t>(m_cells.size()), index});
      m_stats.nul_removed += m_context.shared_strings.nul_removed(index);
      break;
    }
    case ValueType::String:
    case ValueType::Inline:
      cell.kind = CellKind::Text;
      add_text_cell(value);
      break;
    case ValueType::Boolean:
      cell.kind = CellKind::Boolean;
      cell.boolean = value == "1" || value == "true" || value == "TRUE";
      break;
    case ValueType::Error:
      cell.kind = CellKind::Error;
      add_text_cell(value);
      ++m_stats.error_cells;
      break;
    case ValueType::IsoDate: {
      if (value.empty()) return;
      if (const auto date = parse_iso8601(value)) {
        cell.kind = date->kind;
        cell.micros = date->micros;
      } else {
        cell.kind = CellKind::Text;
        add_text_cell(value);
      }
      break;
    }
  }
  if (!m_cells.empty() && m_cells.back().column >= cell.column) m_cells_unsorted = true;
  m_cells.push_back(cell);
}

void XlsxSheetReader::fail_cell(FileFailure failure, const std::string& what) const {
  throw FileError(failure, "row " + std::to_string(m_row_number) + ", column " +
                               column_name(m_column) + ": " + what);
}

}  // namespace pgdatahub::workbook::xlsx
