#include <pgdatahub/workbook/xls/xls_sheet_reader.hpp>

#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/biff_cell.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/serial_cell.hpp>

#include <algorithm>
#include <limits>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::uint16_t substream_worksheet = 0x0010;
constexpr std::size_t text_in_strings = std::numeric_limits<std::size_t>::max();

// A row being assembled: cells plus, for texts not in the SST, their place
// in the row's own text store (views are fixed when the row is handed out).
struct RowBuffer {
  std::uint32_t number = 0;
  std::vector<Cell> cells;
  std::vector<std::size_t> text_offsets;
  std::string store;

  void clear() {
    cells.clear();
    text_offsets.clear();
    store.clear();
  }
};

class XlsSheetReader final : public SheetReader {
public:
  XlsSheetReader(const XlsGlobals& globals, std::uint64_t offset, const std::string& sheet_name)
      : m_globals(globals), m_records(globals.stream, offset), m_sheet(sheet_name) {
    if (!m_records.next() || m_records.id() != record::bof) {
      throw FileError(FileFailure::Corrupt,
                      "malformed .xls: sheet \"" + m_sheet + "\" does not start with a BOF record");
    }
    ByteCursor bof(m_records.body(), "BOF");
    bof.u16();
    m_is_worksheet = bof.u16() == substream_worksheet;
    m_depth = 1;
  }

  bool next_row(RowView& row) override {
    while (!m_finished) {
      if (!m_records.next()) {
        m_finished = true;  // a stream cut short at a record boundary ends the sheet
        break;
      }
      m_stats.bytes_inflated = m_records.bytes_read();
      handle(m_records.id(), m_records.body());
      if (m_ready) {
        m_ready = false;
        return emit(row);
      }
    }
    if (!m_current.cells.empty()) return emit(row);
    return false;
  }

  const ReadStats& stats() const override { return m_stats; }

private:
  void handle(std::uint16_t id, std::span<const std::byte> body) {
    if (id == record::bof) {
      ++m_depth;  // an embedded chart substream
      return;
    }
    if (id == record::eof) {
      if (--m_depth == 0) m_finished = true;
      return;
    }
    if (m_depth != 1 || !m_is_worksheet) return;
    if (id != record::string) m_pending_formula_string = false;
    switch (id) {
      case record::number: {
        ByteCursor c(body, "NUMBER");
        const auto [r, col, xf] = address(c);
        add_number(r, col, xf, c.f64());
        break;
      }
      case record::rk: {
        ByteCursor c(body, "RK");
        const auto [r, col, xf] = address(c);
        add_number(r, col, xf, rk_value(c.u32()));
        break;
      }
      case record::mulrk: {
        ByteCursor c(body, "MULRK");
        const std::uint16_t r = c.u16();
        std::uint32_t col = c.u16();
        while (c.remaining() >= 6 + 2) {
          const std::uint16_t xf = c.u16();
          add_number(r, col++, xf, rk_value(c.u32()));
        }
        break;
      }
      case record::labelsst: {
        ByteCursor c(body, "LABELSST");
        const auto [r, col, xf] = address(c);
        const std::uint32_t index = c.u32();
        if (index >= m_globals.strings.size()) {
          throw FileError(FileFailure::Corrupt, "malformed .xls: sheet \"" + m_sheet +
                                                    "\" refers to a shared string that does not exist");
        }
        Cell& cell = add_cell(r, col, CellKind::Text, text_in_strings);
        cell.text = m_globals.strings.at(index);
        m_stats.nul_removed += m_globals.strings.nul_count(index);
        break;
      }
      case record::label:
      case record::rstring: {
        ByteCursor c(body, "LABEL");
        const auto [r, col, xf] = address(c);
        add_text(r, col, c);
        break;
      }
      case record::boolerr: {
        ByteCursor c(body, "BOOLERR");
        const auto [r, col, xf] = address(c);
        const std::uint8_t value = c.u8();
        const bool is_error = c.u8() != 0;
        add_flag(r, col, value, is_error);
        break;
      }
      case record::formula: {
        ByteCursor c(body, "FORMULA");
        const auto [r, col, xf] = address(c);
        const auto result = c.take(8);
        if (result[6] != std::byte{0xFF} || result[7] != std::byte{0xFF}) {
          add_number(r, col, xf, load_le_f64(result.data()));
          break;
        }
        switch (static_cast<std::uint8_t>(result[0])) {
          case 0:  // the text follows in a STRING record
            m_pending_formula_string = true;
            m_pending_row = r;
            m_pending_column = col;
            break;
          case 1:
            add_flag(r, col, static_cast<std::uint8_t>(result[2]), false);
            break;
          case 2:
            add_flag(r, col, static_cast<std::uint8_t>(result[2]), true);
            break;
          default:  // an empty string result
            break;
        }
        break;
      }
      case record::string: {
        if (!m_pending_formula_string) break;
        m_pending_formula_string = false;
        ByteCursor c(body, "STRING");
        add_text(m_pending_row, m_pending_column, c);
        break;
      }
      default:
        break;
    }
  }

  struct Address {
    std::uint32_t row;
    std::uint32_t column;
    std::uint16_t xf;
  };

  static Address address(ByteCursor& c) {
    const std::uint16_t r = c.u16();
    const std::uint16_t col = c.u16();
    const std::uint16_t xf = c.u16();
    return {r, col, xf};
  }

  Cell& add_cell(std::uint32_t r, std::uint32_t column, CellKind kind, std::size_t text_offset) {
    if (!m_current.cells.empty() && r != m_current.number - 1) {
      // A new row starts: hand out the finished one first.
      std::swap(m_current, m_finished_row);
      m_current.clear();
      m_ready = true;
    }
    m_current.number = r + 1;
    Cell cell;
    cell.column = column;
    cell.kind = kind;
    m_current.cells.push_back(cell);
    m_current.text_offsets.push_back(text_offset);
    return m_current.cells.back();
  }

  void add_number(std::uint32_t r, std::uint32_t column, std::uint16_t xf, double value) {
    Cell& cell = add_cell(r, column, CellKind::Number, text_in_strings);
    const NumberClass number_class = xf < m_globals.xf_classes.size()
                                         ? m_globals.xf_classes[xf].class_for(value)
                                         : NumberClass::Plain;
    apply_serial(value, number_class, m_globals.date_system, cell);
  }

  void add_flag(std::uint32_t r, std::uint32_t column, std::uint8_t value, bool is_error) {
    if (is_error) {
      Cell& cell = add_cell(r, column, CellKind::Error, text_in_strings);
      cell.text = error_literal(value);
      ++m_stats.error_cells;
    } else {
      Cell& cell = add_cell(r, column, CellKind::Boolean, text_in_strings);
      cell.boolean = value != 0;
    }
  }

  void add_text(std::uint32_t r, std::uint32_t column, ByteCursor& c) {
    m_text.clear();
    if (m_globals.biff8) {
      read_biff8_string(c, false, m_text);
    } else {
      const std::size_t length = c.u16();
      m_globals.codepage->append(c.take(length), m_text);
    }
    const auto nuls = static_cast<std::size_t>(std::count(m_text.begin(), m_text.end(), '\0'));
    if (nuls > 0) {
      m_stats.nul_removed += nuls;
      m_text.erase(std::remove(m_text.begin(), m_text.end(), '\0'), m_text.end());
    }
    if (m_text.empty()) return;
    // The new row may start here, so the cell is added before the text is stored.
    Cell& cell = add_cell(r, column, CellKind::Text, 0);
    m_current.text_offsets.back() = m_current.store.size();
    m_current.store += m_text;
    cell.text = std::string_view(nullptr, 0);
    cell.number = static_cast<double>(m_text.size());  // length until the view is fixed
  }

  bool emit(RowView& row) {
    RowBuffer& out = m_ready_source();
    for (std::size_t i = 0; i < out.cells.size(); ++i) {
      if (out.text_offsets[i] == text_in_strings) continue;
      const auto size = static_cast<std::size_t>(out.cells[i].number);
      out.cells[i].text = std::string_view(out.store).substr(out.text_offsets[i], size);
      out.cells[i].number = 0;
      out.text_offsets[i] = text_in_strings;
    }
    // Writers list cells in column order; a stray duplicate keeps the last value.
    std::stable_sort(out.cells.begin(), out.cells.end(),
                     [](const Cell& a, const Cell& b) { return a.column < b.column; });
    auto last = std::unique(out.cells.rbegin(), out.cells.rend(),
                            [](const Cell& a, const Cell& b) { return a.column == b.column; });
    out.cells.erase(out.cells.begin(), last.base());
    row.number = out.number;
    row.cells = out.cells;
    return true;
  }

  // The row to hand out: the finished one when a new row began, else (at the
  // end of the sheet) the current one.
  RowBuffer& m_ready_source() {
    if (!m_finished_row.cells.empty()) {
      m_emitted.clear();
      std::swap(m_emitted, m_finished_row);
      return m_emitted;
    }
    m_emitted.clear();
    std::swap(m_emitted, m_current);
    return m_emitted;
  }

  const XlsGlobals& m_globals;
  RecordReader m_records;
  std::string m_sheet;
  bool m_is_worksheet = true;
  int m_depth = 0;
  bool m_finished = false;
  bool m_ready = false;
  bool m_pending_formula_string = false;
  std::uint32_t m_pending_row = 0;
  std::uint32_t m_pending_column = 0;
  RowBuffer m_current;
  RowBuffer m_finished_row;
  RowBuffer m_emitted;
  std::string m_text;
  ReadStats m_stats;
};

}  // namespace

std::unique_ptr<SheetReader> make_xls_sheet_reader(const XlsGlobals& globals, std::uint64_t offset,
                                                   const std::string& sheet_name) {
  return std::make_unique<XlsSheetReader>(globals, offset, sheet_name);
}

}  // namespace pgdatahub::workbook::xls
