#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/biff_cell.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/serial_cell.hpp>
#include <pgdatahub/workbook/xls/row_assembler.hpp>
#include <pgdatahub/workbook/xls/xls_sheet_reader.hpp>

#include <algorithm>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::uint16_t substream_globals = 0x0005;
constexpr std::uint16_t substream_vb_module = 0x0006;
constexpr std::uint16_t substream_chart = 0x0020;
constexpr std::uint16_t substream_macro = 0x0040;
constexpr std::uint16_t substream_workspace = 0x0100;

class XlsSheetReader final : public SheetReader {
 public:
  XlsSheetReader(const XlsGlobals& globals, std::uint64_t offset, const std::string& sheet_name)
      : m_globals(globals),
        m_records(globals.stream, offset),
        m_sheet(sheet_name),
        m_rows(globals.rows_unordered) {
    if (!m_records.next() || !is_bof(m_records.id())) {
      throw FileError(FileFailure::Corrupt,
                      "malformed .xls: sheet \"" + m_sheet + "\" does not start with a BOF record");
    }
    ByteCursor bof(m_records.body(), ".xls", "BOF");
    bof.u16();
    m_holds_cells = substream_holds_cells(bof.u16());
    m_depth = 1;
    m_stats.repairs = globals.repairs;
  }

  bool next_row(RowView& row) override {
    while (!m_finished) {
      if (!m_records.next()) {
        m_finished = true;  // a stream cut short at a record boundary ends the sheet
        break;
      }
      m_stats.bytes_inflated = m_records.bytes_read();
      handle(m_records.id(), m_records.body());
      if (m_rows.ready()) return m_rows.take_ready(row);
    }
    return m_rows.take_remaining(row);
  }

  const ReadStats& stats() const override { return m_stats; }
  // The SST, parsed whole with the globals before any sheet is opened.
  std::string_view lasting_texts() const override { return m_globals.strings.text(); }

 private:
  void handle(std::uint16_t id, std::span<const std::byte> body) {
    if (is_bof(id)) {
      ++m_depth;  // an embedded chart substream
      return;
    }
    if (id == record::eof) {
      if (--m_depth == 0) m_finished = true;
      return;
    }
    if (m_depth != 1 || !m_holds_cells) return;
    if (id != record::string && id != record::string_biff2) m_pending_formula_string = false;
    switch (id) {
      case record::number: {
        ByteCursor c(body, ".xls", "NUMBER");
        const auto [r, col, xf] = address(c);
        add_number(r, col, xf, c.f64());
        break;
      }
      case record::rk: {
        ByteCursor c(body, ".xls", "RK");
        const auto [r, col, xf] = address(c);
        add_number(r, col, xf, rk_value(c.u32()));
        break;
      }
      case record::mulrk: {
        ByteCursor c(body, ".xls", "MULRK");
        const std::uint16_t r = c.u16();
        std::uint32_t col = c.u16();
        while (c.remaining() >= 6 + 2) {
          const std::uint16_t xf = c.u16();
          add_number(r, col++, xf, rk_value(c.u32()));
        }
        break;
      }
      case record::labelsst: {
        ByteCursor c(body, ".xls", "LABELSST");
        const auto [r, col, xf] = address(c);
        const std::uint32_t index = c.u32();
        if (index >= m_globals.strings.size()) {
          throw FileError(FileFailure::Corrupt,
                          "malformed .xls: sheet \"" + m_sheet +
                              "\" refers to a shared string that does not exist");
        }
        Cell& cell = m_rows.add(r, col, CellKind::Text);
        cell.text = m_globals.strings.at(index);
        m_stats.nul_removed += m_globals.strings.nul_count(index);
        break;
      }
      case record::label:
      case record::rstring: {
        ByteCursor c(body, ".xls", "LABEL");
        const auto [r, col, xf] = address(c);
        add_text(r, col, c);
        break;
      }
      case record::boolerr: {
        ByteCursor c(body, ".xls", "BOOLERR");
        const auto [r, col, xf] = address(c);
        const std::uint8_t value = c.u8();
        const bool is_error = c.u8() != 0;
        add_flag(r, col, value, is_error);
        break;
      }
      case record::formula:
      case record::formula_biff3:
      case record::formula_biff4: {
        ByteCursor c(body, ".xls", "FORMULA");
        // 0x0006 is also BIFF2's FORMULA, with attribute bytes for the XF.
        const auto [r, col, number_format] =
            m_globals.version == BiffVersion::Biff2 ? biff2_address(c) : classified(address(c));
        const auto result = c.take(8);
        if (result[6] != std::byte{0xFF} || result[7] != std::byte{0xFF}) {
          add_classified(r, col, number_format, load_le_f64(result.data()));
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
        ByteCursor c(body, ".xls", "STRING");
        add_text(m_pending_row, m_pending_column, c);
        break;
      }
      case record::integer_biff2: {
        ByteCursor c(body, ".xls", "INTEGER");
        const auto [r, col, number_format] = biff2_address(c);
        add_classified(r, col, number_format, c.u16());
        break;
      }
      case record::number_biff2: {
        ByteCursor c(body, ".xls", "NUMBER");
        const auto [r, col, number_format] = biff2_address(c);
        add_classified(r, col, number_format, c.f64());
        break;
      }
      case record::label_biff2: {
        ByteCursor c(body, ".xls", "LABEL");
        const auto [r, col, number_format] = biff2_address(c);
        add_byte_string(r, col, c.take(c.u8()));
        break;
      }
      case record::boolerr_biff2: {
        ByteCursor c(body, ".xls", "BOOLERR");
        const auto [r, col, number_format] = biff2_address(c);
        const std::uint8_t value = c.u8();
        const bool is_error = c.u8() != 0;
        add_flag(r, col, value, is_error);
        break;
      }
      case record::string_biff2: {
        if (!m_pending_formula_string) break;
        m_pending_formula_string = false;
        ByteCursor c(body, ".xls", "STRING");
        add_byte_string(m_pending_row, m_pending_column, c.take(c.u8()));
        break;
      }
      case record::ixfe: {
        ByteCursor c(body, ".xls", "IXFE");
        m_ixfe = c.u16();
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

  struct ClassifiedAddress {
    std::uint32_t row = 0;
    std::uint32_t column = 0;
    NumberFormat number_format;
  };

  NumberFormat number_format(std::uint16_t xf) const {
    return xf < m_globals.xf_classes.size() ? m_globals.xf_classes[xf]
                                            : NumberFormat(NumberClass::Plain);
  }

  ClassifiedAddress classified(Address a) const { return {a.row, a.column, number_format(a.xf)}; }

  // BIFF2 cells carry three attribute bytes instead of an XF index: the XF
  // in the low six bits of the first (63: the IXFE record before the cell
  // holds it), the format in the low six bits of the second, for streams
  // without XF records.
  ClassifiedAddress biff2_address(ByteCursor& c) const {
    const std::uint16_t r = c.u16();
    const std::uint16_t col = c.u16();
    const auto attributes = c.take(3);
    constexpr unsigned six_bits = 0x3F;
    unsigned xf = std::to_integer<unsigned>(attributes[0]) & six_bits;
    if (xf == six_bits) xf = m_ixfe;
    if (xf < m_globals.xf_classes.size()) return {r, col, m_globals.xf_classes[xf]};
    const auto format =
        static_cast<std::uint16_t>(std::to_integer<unsigned>(attributes[1]) & six_bits);
    return {r, col, m_globals.formats.format_class(format)};
  }

  void add_number(std::uint32_t r, std::uint32_t column, std::uint16_t xf, double value) {
    add_classified(r, column, number_format(xf), value);
  }

  // The format's section for this value decides date, time or number.
  void add_classified(std::uint32_t r, std::uint32_t column, const NumberFormat& format,
                      double value) {
    Cell& cell = m_rows.add(r, column, CellKind::Number);
    const NumberClass number_class = format.class_for(value);
    apply_serial(value, number_class, m_globals.date_system, cell);
  }

  void add_flag(std::uint32_t r, std::uint32_t column, std::uint8_t value, bool is_error) {
    if (is_error) {
      Cell& cell = m_rows.add(r, column, CellKind::Error);
      cell.text = error_literal(value);
      ++m_stats.error_cells;
    } else {
      Cell& cell = m_rows.add(r, column, CellKind::Boolean);
      cell.boolean = value != 0;
    }
  }

  // LABEL and STRING of BIFF3-8: a 16-bit length, then the characters.
  void add_text(std::uint32_t r, std::uint32_t column, ByteCursor& c) {
    m_text.clear();
    if (m_globals.version == BiffVersion::Biff8) {
      read_biff8_string(c, false, m_text);
    } else {
      const std::size_t length = c.u16();
      m_globals.codepage->append(c.take(length), m_text);
    }
    store_text(r, column);
  }

  // The 8-bit strings of BIFF2 records, in the code page; a BIFF8 stream
  // (UTF-16) that mixes them in writes them as its compressed strings.
  void add_byte_string(std::uint32_t r, std::uint32_t column, std::span<const std::byte> bytes) {
    m_text.clear();
    if (m_globals.version == BiffVersion::Biff8) {
      append_latin1(bytes, m_text);
    } else {
      m_globals.codepage->append(bytes, m_text);
    }
    store_text(r, column);
  }

  void store_text(std::uint32_t r, std::uint32_t column) {
    const auto nuls = static_cast<std::size_t>(std::count(m_text.begin(), m_text.end(), '\0'));
    if (nuls > 0) {
      m_stats.nul_removed += nuls;
      m_text.erase(std::remove(m_text.begin(), m_text.end(), '\0'), m_text.end());
    }
    if (!m_text.empty()) m_rows.add_text(r, column, m_text);
  }

  const XlsGlobals& m_globals;
  RecordReader m_records;
  std::string m_sheet;
  bool m_holds_cells = true;
  int m_depth = 0;
  bool m_finished = false;
  bool m_pending_formula_string = false;
  std::uint32_t m_pending_row = 0;
  std::uint32_t m_pending_column = 0;
  std::uint16_t m_ixfe = 0;
  RowAssembler m_rows;
  std::string m_text;
  ReadStats m_stats;
};

}  // namespace

bool substream_holds_cells(std::uint16_t bof_type) noexcept {
  return bof_type != substream_globals && bof_type != substream_vb_module &&
         bof_type != substream_chart && bof_type != substream_macro &&
         bof_type != substream_workspace;
}

std::unique_ptr<SheetReader> make_xls_sheet_reader(const XlsGlobals& globals, std::uint64_t offset,
                                                   const std::string& sheet_name) {
  return std::make_unique<XlsSheetReader>(globals, offset, sheet_name);
}

}  // namespace pgdatahub::workbook::xls
