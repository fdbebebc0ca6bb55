// The sheet reader's tight loop: a run of cells written the way spreadsheet
// programs write most of them,
//   <c r="B2" s="1" t="s"><v>42</v></c>   <c r="B2"><v>-790200.92</v></c>
//   <c r="B2" s="1"/>
// matched and converted in one pass over their bytes: the column from r= as
// it is read, the type dispatched on t='s first byte, numbers by Clinger's
// exact fast path and shared-string indexes as they are scanned. Anything it
// is not sure of (types other than numbers, shared strings and booleans,
// values it does not parse whole, entities, odd attributes, a cell cut by the
// end of the block, a reference past XFD) ends the run before that cell, which
// the general path (match_simple_cell, then the XML scanner) reads: both
// produce the same cells, bit for bit, which the differential tests check
// against the plain path. Rows are taken the same way: `</row>` ends one and
// a common `<row ...>` start tag (match_row_start) begins the next, through
// the same start_row and finish_row the scanner's events call.
#include <pgdatahub/workbook/serial_cell.hpp>
#include <pgdatahub/workbook/xlsx/byte_match.hpp>
#include <pgdatahub/workbook/xlsx/cell_number.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_sheet_reader.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_workbook.hpp>

namespace pgdatahub::workbook::xlsx {
namespace {

constexpr std::uint32_t max_columns = 16384;  // XFD

bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') <= 9; }

// Up to 9 decimal digits (below 2^32) closed by '"' or '<'; nullptr otherwise.
const char* parse_small_uint(const char* p, const char* end, std::uint32_t& value) noexcept {
  const char* const first = p;
  std::uint32_t n = 0;
  for (; p < end && is_digit(*p); ++p) n = n * 10 + static_cast<std::uint32_t>(*p - '0');
  if (p == first || p - first > 9) return nullptr;
  value = n;
  return p;
}

}  // namespace

bool XlsxSheetReader::read_fast_markup(RowView& row) {
  XmlScanner& xml = *m_xml;
  for (;;) {
    const std::string_view bytes = xml.unscanned();
    if (bytes.size() < 4 || bytes[0] != '<') return false;
    if (bytes[1] == 'c') {
      // A cell outside any row is the scanner's: start_row reads its r=.
      if (!m_row_open) return false;
      xml.consume_unscanned(read_cell_run(bytes));
      // The run stops before a cell it does not take whole: the simple-cell
      // matcher, then the scanner, read that one.
      const SimpleCell simple = match_simple_cell(xml.unscanned());
      if (simple.size == 0) {
        if (xml.unscanned().starts_with("<c")) return false;
        continue;
      }
      read_simple_cell(simple);
      xml.consume_unscanned(simple.size);
    } else if (bytes[1] == '/') {
      // Only a depth the end tag can close: the scanner reports a stray one.
      if (!bytes.starts_with("</row>") || xml.depth() == 0) return false;
      xml.consume_end_tag(6);
      if (finish_row(row)) return true;
    } else {
      const SimpleRowStart start = match_row_start(bytes);
      if (start.size == 0) return false;
      start_row(start.number);
      if (start.self_closing) {
        xml.consume_unscanned(start.size);
        if (finish_row(row)) return true;
      } else {
        xml.consume_start_tag(start.size);
      }
    }
  }
}

std::size_t XlsxSheetReader::read_cell_run(std::string_view bytes) {
  if (!m_row_open) return 0;  // start_row() reads the scanner's current element
  const char* const begin = bytes.data();
  const char* const end = begin + bytes.size();
  const char* p = begin;
  const SharedStrings& shared = m_context.shared_strings;
  const std::vector<NumberFormat>& styles = m_context.cell_styles;
  std::uint32_t column = m_column;
  std::uint32_t next_column = m_next_column;
  std::uint32_t style = m_style;
  ValueType type = m_type;
  for (;;) {
    // <c, then attributes r, s, t, each at most once, double-quoted.
    if (end - p < 4 || p[0] != '<' || p[1] != 'c') break;
    const char* q = p + 2;
    std::uint32_t cell_column = next_column;
    std::uint32_t cell_style = 0;
    ValueType cell_type = ValueType::Number;
    unsigned seen = 0;
    bool matched = true;
    while (q < end && *q == ' ') {
      if (end - q < 6 || q[2] != '=' || q[3] != '"') {
        matched = false;
        break;
      }
      const char name = q[1];
      q += 4;
      if (name == 'r' && (seen & 1U) == 0) {
        // Letters make the column; the row digits after them are not read
        // (the row element numbers the row), as the general path does.
        std::uint32_t letters = 0;
        const char* const first = q;
        for (; q < end && q - first < 3; ++q) {
          const auto c = static_cast<unsigned char>(*q | 0x20);
          if (c < 'a' || c > 'z') break;
          letters = letters * 26 + (c - 'a' + 1);
        }
        q = skip_decimal_digits(q, end);
        if (q == first || letters > max_columns || q >= end || *q != '"') {
          matched = false;
          break;
        }
        cell_column = letters - 1;
        seen |= 1U;
      } else if (name == 's' && (seen & 2U) == 0) {
        q = parse_small_uint(q, end, cell_style);
        if (q == nullptr || q >= end || *q != '"') {
          matched = false;
          break;
        }
        seen |= 2U;
      } else if (name == 't' && (seen & 4U) == 0) {
        if (end - q >= 2 && q[1] == '"' && (q[0] == 's' || q[0] == 'b' || q[0] == 'n')) {
          cell_type = q[0] == 's'   ? ValueType::Shared
                      : q[0] == 'b' ? ValueType::Boolean
                                    : ValueType::Number;
          ++q;
        } else {
          matched = false;  // str, e, d, inlineStr and the rest: the general path
          break;
        }
        seen |= 4U;
      } else {
        matched = false;
        break;
      }
      ++q;  // the closing quote
    }
    if (!matched || q >= end || cell_column >= max_columns) break;
    // The cell's content: none, or one <v> the type converts whole.
    const char* next = nullptr;
    // Filled where it lies in the row, and taken back below if it holds
    // nothing or is not taken: a cell assembled aside and then copied is read
    // back by wide loads from the narrower stores that wrote it, which stalls
    // on every cell (a quarter of this loop's time on the big sheet).
    Cell& converted = m_cells.emplace_back();
    bool has_value = false;
    if (*q == '/') {
      if (end - q >= 2 && q[1] == '>') next = q + 2;
    } else if (*q == '>') {
      ++q;
      if (at(q, end, "</c>")) {
        next = q + 4;
      } else if (at(q, end, "<v>")) {
        q += 3;
        has_value = true;
        converted.column = cell_column;
        if (cell_type == ValueType::Number) {
          double number;
          const char* const value_end = parse_exact_decimal(q, end, number);
          if (value_end != nullptr && at(value_end, end, "</v></c>")) {
            next = value_end + 8;
            const NumberClass number_class = cell_style < styles.size()
                                                 ? styles[cell_style].class_for(number)
                                                 : NumberClass::Plain;
            if (number_class == NumberClass::Plain) {
              converted.kind = CellKind::Number;
              converted.number = number;
            } else {
              apply_serial(number, number_class, m_context.date_system, converted);
            }
          }
        } else if (cell_type == ValueType::Shared) {
          std::uint32_t index;
          const char* const value_end = parse_small_uint(q, end, index);
          if (value_end != nullptr && index < shared.size() && at(value_end, end, "</v></c>")) {
            next = value_end + 8;
            converted.kind = CellKind::Text;
            shared.prefetch_offsets(index);
            m_shared_texts.push_back({static_cast<std::uint32_t>(m_cells.size() - 1), index});
            m_stats.nul_removed += shared.nul_removed(index);
          }
        } else if (end - q >= 9 && (q[0] == '0' || q[0] == '1') && at(q + 1, end, "</v></c>")) {
          next = q + 9;  // a boolean: "1" is true, "0" false
          converted.kind = CellKind::Boolean;
          converted.boolean = q[0] == '1';
        }
      }
    }
    if (next == nullptr || !has_value) m_cells.pop_back();
    if (next == nullptr) break;  // not taken whole: the general path reads it
    column = cell_column;
    style = cell_style;
    type = cell_type;
    next_column = cell_column + 1;
    if (has_value && m_cells.size() >= 2 && m_cells[m_cells.size() - 2].column >= cell_column) {
      m_cells_unsorted = true;
    }
    p = next;
  }
  if (p != begin) {
    // What start_cell and finish_cell leave behind after the last cell: a
    // stray <v> or </c> that follows is read against it, as on the plain path.
    m_column = column;
    m_next_column = next_column;
    m_style = style;
    m_type = type;
    m_has_value = false;
    m_in_inline = false;
    m_capture = Capture::None;
    m_value.clear();
  }
  return static_cast<std::size_t>(p - begin);
}

}  // namespace pgdatahub::workbook::xlsx
