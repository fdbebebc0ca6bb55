#include <pgdatahub/core/error.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/iso_datetime.hpp>
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/serial_cell.hpp>
#include <pgdatahub/workbook/spreadsheetml/spreadsheetml_sheet_reader.hpp>
#include <pgdatahub/workbook/xml_element_text.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace pgdatahub::workbook::spreadsheetml {
namespace {

constexpr std::uint64_t max_column = 16384;  // Excel's XFD
constexpr std::uint64_t max_row = std::numeric_limits<std::uint32_t>::max();
// Excel's serial of 1900-03-01 and 1970-01-01; before the phantom
// 1900-02-29, serials count from 1899-12-31 instead of 1899-12-30.
constexpr std::int64_t first_real_serial_days = -25'508;  // 1900-03-01, days since 1970
constexpr double epoch_serial = 25'569.0;

// Named formats Excel writes instead of codes. The plain ones are listed
// too: read as codes, the letters of "Standard" or "Yes/No" would look like
// date and time tokens.
struct NamedFormat {
  std::string_view name;
  NumberClass number_class;
};
constexpr std::array<NamedFormat, 20> named_formats = {{
    {"General", NumberClass::Plain},    {"General Number", NumberClass::Plain},
    {"Fixed", NumberClass::Plain},      {"Standard", NumberClass::Plain},
    {"Percent", NumberClass::Plain},    {"Scientific", NumberClass::Plain},
    {"Currency", NumberClass::Plain},   {"Euro Currency", NumberClass::Plain},
    {"Yes/No", NumberClass::Plain},     {"True/False", NumberClass::Plain},
    {"On/Off", NumberClass::Plain},     {"@", NumberClass::Plain},
    {"0", NumberClass::Plain},          {"General Date", NumberClass::DateTime},
    {"Long Date", NumberClass::Date},   {"Medium Date", NumberClass::Date},
    {"Short Date", NumberClass::Date},  {"Long Time", NumberClass::Time},
    {"Medium Time", NumberClass::Time}, {"Short Time", NumberClass::Time},
}};

std::optional<std::uint64_t> index_attribute(const XmlScanner& xml, std::string_view name) {
  const auto value = xml.attribute(name);
  if (!value) return std::nullopt;
  std::uint64_t index = 0;
  const auto result = std::from_chars(value->data(), value->data() + value->size(), index);
  if (result.ec != std::errc() || result.ptr != value->data() + value->size()) {
    throw FileError(FileFailure::Corrupt,
                    "ss:" + std::string(name) + " '" + std::string(*value) + "' is no number");
  }
  return index;
}

// The Excel serial of an ss:Type="DateTime" value, so the one serial rule
// (apply_serial) decides between date, datetime, time and duration.
double serial_of(std::int64_t micros) noexcept {
  const std::int64_t days = types::floor_div(micros, types::micros_per_day);
  const double fraction = static_cast<double>(micros - days * types::micros_per_day) /
                          static_cast<double>(types::micros_per_day);
  const double shift = days < first_real_serial_days ? epoch_serial - 1.0 : epoch_serial;
  return static_cast<double>(days) + shift + fraction;
}

class SpreadsheetMlSheetReader final : public SheetReader {
 public:
  SpreadsheetMlSheetReader(std::string_view document, const StyleClasses& styles, std::size_t index)
      : m_source(document), m_xml(m_source), m_styles(styles) {
    std::size_t seen = 0;
    while (true) {
      const XmlEvent event = m_xml.next();
      if (event == XmlEvent::End) {
        throw FileError(FileFailure::Corrupt,
                        "the workbook's sheet " + std::to_string(index + 1) + " is missing");
      }
      if (event == XmlEvent::StartElement && m_xml.name() == "Worksheet" && seen++ == index) break;
    }
    const std::size_t sheet_depth = m_xml.depth();
    while (true) {
      const XmlEvent event = m_xml.next();
      if (event == XmlEvent::End ||
          (event == XmlEvent::EndElement && m_xml.depth() < sheet_depth)) {
        m_done = true;  // a worksheet without a table: empty
        return;
      }
      if (event == XmlEvent::StartElement && m_xml.name() == "Table") break;
    }
    m_table_depth = m_xml.depth();
  }

  bool next_row(RowView& row) override {
    while (!m_done) {
      const XmlEvent event = m_xml.next();
      if (event == XmlEvent::End)
        throw FileError(FileFailure::Truncated, "the workbook ends inside a table");
      if (event == XmlEvent::EndElement && m_xml.depth() < m_table_depth) {
        m_done = true;
        break;
      }
      if (event != XmlEvent::StartElement || m_xml.depth() != m_table_depth + 1) continue;
      if (m_xml.name() != "Row") {
        m_xml.skip_element();  // <Column> widths and the like
        continue;
      }
      const std::uint64_t number = index_attribute(m_xml, "Index").value_or(m_next_row);
      if (number < m_next_row || number > max_row) {
        throw FileError(FileFailure::Corrupt,
                        "row ss:Index " + std::to_string(number) + " is out of order or range");
      }
      m_next_row = number + 1;
      read_row(number);
      if (m_cells.empty()) continue;
      for (std::size_t i = 0; i < m_cells.size(); ++i) {
        if (m_offsets[i].first != no_text)
          m_cells[i].text =
              std::string_view(m_store).substr(m_offsets[i].first, m_offsets[i].second);
      }
      row.number = static_cast<std::uint32_t>(number);
      row.cells = m_cells;
      return true;
    }
    return false;
  }

  const ReadStats& stats() const override { return m_stats; }

 private:
  static constexpr std::size_t no_text = std::numeric_limits<std::size_t>::max();

  void read_row(std::uint64_t row_number) {
    m_cells.clear();
    m_offsets.clear();
    m_store.clear();
    const std::size_t row_depth = m_xml.depth();
    std::uint64_t column = 0;
    while (true) {
      const XmlEvent event = m_xml.next();
      if (event == XmlEvent::End)
        throw FileError(FileFailure::Truncated, "the workbook ends inside a row");
      if (event == XmlEvent::EndElement && m_xml.depth() < row_depth) return;
      if (event != XmlEvent::StartElement || m_xml.name() != "Cell") continue;
      if (const auto index = index_attribute(m_xml, "Index")) {
        if (*index == 0 || *index - 1 < column) {
          throw FileError(FileFailure::Corrupt,
                          "cell ss:Index " + std::to_string(*index) + " is out of order");
        }
        column = *index - 1;
      } else {
        // Cells under a MergeDown from a row above are left out of this one.
        while (column < m_merged_down.size() && m_merged_down[column] >= row_number) ++column;
      }
      if (column >= max_column) {
        throw FileError(FileFailure::ResourceLimit,
                        "a cell lies beyond column " + std::to_string(max_column));
      }
      const std::uint64_t across = index_attribute(m_xml, "MergeAcross").value_or(0);
      const std::uint64_t down = index_attribute(m_xml, "MergeDown").value_or(0);
      if (across >= max_column || down >= max_row)
        throw FileError(FileFailure::ResourceLimit, "a merged area is too large");
      const auto style = m_xml.attribute("StyleID");
      const NumberClass number_class = style ? class_of(*style) : NumberClass::Plain;
      read_cell(static_cast<std::uint32_t>(column), number_class);
      const std::uint64_t last = std::min(column + across, max_column - 1);
      if (down > 0) {
        if (m_merged_down.size() <= last) m_merged_down.resize(last + 1, 0);
        for (std::uint64_t c = column; c <= last; ++c) m_merged_down[c] = row_number + down;
      }
      // Only the top-left cell of a merged area holds its value, as in Excel.
      column = last + 1;
    }
  }

  NumberClass class_of(std::string_view style) const {
    const auto it = m_styles.find(style);
    return it == m_styles.end() ? NumberClass::Plain : it->second;
  }

  // Reads the <Data> of the <Cell> just started, through the cell's end.
  void read_cell(std::uint32_t column, NumberClass number_class) {
    std::string type;
    bool has_data = false;
    m_text.clear();
    read_element_text(
        m_xml, "the workbook ends inside a cell",
        [&](bool in_data) {
          // Inside <Data>: HTML formatting (<B>, <Font>) whose text is the value.
          if (in_data) return ChildElement::Enter;
          // <Comment>, <NamedCell>, <SmartTags>
          if (m_xml.name() != "Data") return ChildElement::Skip;
          has_data = true;
          type = std::string(m_xml.attribute("Type").value_or("String"));
          return ChildElement::Text;
        },
        [&](std::string_view text) { append_text(text); });
    if (!has_data) return;
    Cell cell;
    cell.column = column;
    std::size_t text_offset = no_text;
    if (!set_value(type, number_class, cell)) {
      if (m_text.empty()) return;  // an empty string is no value
      cell.kind = type == "Error" ? CellKind::Error : CellKind::Text;
      if (cell.kind == CellKind::Error) ++m_stats.error_cells;
      text_offset = m_store.size();
      m_store += m_text;
    }
    m_cells.push_back(cell);
    m_offsets.emplace_back(text_offset, m_text.size());
  }

  // Typed values; false leaves the cell to be text.
  bool set_value(std::string_view type, NumberClass number_class, Cell& cell) const {
    if (type == "Number") {
      double number = 0;
      const char* end = m_text.data() + m_text.size();
      const auto result = std::from_chars(m_text.data(), end, number);
      if (result.ec != std::errc() || result.ptr != end || !std::isfinite(number)) return false;
      apply_serial(number, number_class, DateSystem::Excel1900, cell);
      return true;
    }
    if (type == "Boolean") {
      if (m_text != "0" && m_text != "1") return false;
      cell.kind = CellKind::Boolean;
      cell.boolean = m_text == "1";
      return true;
    }
    if (type == "DateTime") {
      const auto micros = types::parse_iso_timestamp(m_text, types::ExtraFraction::Truncate);
      if (!micros) return false;
      // A date cell without a date format still holds a date and time.
      const NumberClass shown =
          number_class == NumberClass::Plain ? NumberClass::DateTime : number_class;
      apply_serial(serial_of(*micros), shown, DateSystem::Excel1900, cell);
      if (cell.kind == CellKind::Number) {  // before Excel's first day
        cell.kind = CellKind::DateTime;
        cell.micros = *micros;
      }
      return true;
    }
    return false;
  }

  void append_text(std::string_view text) {
    for (char c : text) {
      if (c == '\0') {
        ++m_stats.nul_removed;
      } else {
        m_text += c;
      }
    }
  }

  MemorySource m_source;
  XmlScanner m_xml;
  const StyleClasses& m_styles;
  std::size_t m_table_depth = 0;
  bool m_done = false;
  std::uint64_t m_next_row = 1;
  std::vector<std::uint64_t> m_merged_down;  // per column: the last row a MergeDown covers
  std::vector<Cell> m_cells;
  std::vector<std::pair<std::size_t, std::size_t>> m_offsets;  // text in m_store, per cell
  std::string m_store;
  std::string m_text;
  ReadStats m_stats;
};

}  // namespace

NumberClass classify_spreadsheetml_format(std::string_view format) noexcept {
  for (const auto& named : named_formats) {
    if (named.name == format) return named.number_class;
  }
  return classify_format_code(format);
}

std::unique_ptr<SheetReader> make_spreadsheetml_sheet_reader(std::string_view document,
                                                             const StyleClasses& styles,
                                                             std::size_t index) {
  return std::make_unique<SpreadsheetMlSheetReader>(document, styles, index);
}

}  // namespace pgdatahub::workbook::spreadsheetml
