#include <pgdatahub/core/error.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/iso_datetime.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>
#include <pgdatahub/workbook/ods/ods_sheet_reader.hpp>
#include <pgdatahub/workbook/xml_element_text.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace pgdatahub::workbook::ods {

namespace {

using types::micros_per_day;
using types::micros_per_second;
constexpr std::size_t iso_date_length = 10;  // "YYYY-MM-DD"
constexpr std::uint64_t max_row_number = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t max_column = 16384;  // beyond any spreadsheet application
// Repeats of rows and cells that hold values are expanded; past this many
// expanded cells a sheet is treated as hostile rather than loaded.
constexpr std::uint64_t max_expanded_cells = 50'000'000;
constexpr std::uint64_t max_space_run = 65536;

std::uint64_t repeat_count(const XmlScanner& xml, std::string_view attribute) {
  const auto value = xml.attribute(attribute);
  if (!value) return 1;
  std::uint64_t count = 0;
  const auto result = std::from_chars(value->data(), value->data() + value->size(), count);
  if (result.ec != std::errc() || count == 0) return 1;
  return count;
}

bool is_table(const XmlScanner& xml) {
  return xml.name() == "table" && xml.qualified_name().starts_with("table:");
}

class OdsSheetReader final : public SheetReader {
 public:
  OdsSheetReader(std::unique_ptr<ByteSource> content, std::size_t index)
      : m_content(std::move(content)), m_xml(*m_content) {
    std::size_t seen = 0;
    while (true) {
      const XmlEvent event = m_xml.next();
      if (event == XmlEvent::End) {
        throw FileError(FileFailure::Corrupt,
                        "the spreadsheet's sheet " + std::to_string(index + 1) + " is missing");
      }
      if (event != XmlEvent::StartElement || !is_table(m_xml)) continue;
      if (seen++ == index) break;
      m_xml.skip_element();
    }
    m_table_depth = m_xml.depth();
  }

  bool next_row(RowView& row) override {
    if (m_repeat_left == 0 && !read_row()) return false;
    --m_repeat_left;
    m_stats.error_cells += m_row_errors;
    if (m_next_row_number > max_row_number) {
      throw FileError(FileFailure::ResourceLimit, "sheet has rows beyond row 4294967295");
    }
    row.number = static_cast<std::uint32_t>(m_next_row_number++);
    row.cells = m_cells;
    return true;
  }

  const ReadStats& stats() const override { return m_stats; }

 private:
  // Reads up to the next row holding a value; false at the end of the table.
  bool read_row() {
    while (!m_done) {
      const XmlEvent event = m_xml.next();
      m_stats.bytes_inflated = m_xml.bytes_read();
      if (event == XmlEvent::End) {
        throw FileError(FileFailure::Truncated, "the spreadsheet's content ends inside a sheet");
      }
      if (event == XmlEvent::EndElement && m_xml.depth() < m_table_depth) {
        m_done = true;
        break;
      }
      if (event != XmlEvent::StartElement) continue;
      const auto name = m_xml.name();
      if (name == "table-row") {
        const std::uint64_t repeats = repeat_count(m_xml, "number-rows-repeated");
        read_cells();
        if (m_cells.empty()) {
          m_next_row_number += repeats;  // blank rows, however many, cost nothing
          continue;
        }
        m_expanded += repeats * m_cells.size();
        if (m_expanded > max_expanded_cells) {
          throw FileError(FileFailure::ResourceLimit,
                          "sheet repeats its filled rows and cells beyond " +
                              std::to_string(max_expanded_cells) + " cells");
        }
        m_repeat_left = repeats;
        return true;
      }
      // Rows sit in the table or in row groups; anything else (shapes,
      // column definitions, forms, nested tables) holds no rows of this sheet.
      if (name != "table-row-group" && name != "table-header-rows" && name != "table-rows") {
        m_xml.skip_element();
      }
    }
    return false;
  }

  // Reads the cells of the row just started, through its end tag.
  void read_cells() {
    m_cells.clear();
    m_offsets.clear();
    m_store.clear();
    const std::size_t row_depth = m_xml.depth();
    std::uint64_t column = 0;
    while (true) {
      const XmlEvent event = m_xml.next();
      if (event == XmlEvent::End)
        throw FileError(FileFailure::Truncated, "the spreadsheet's content ends inside a row");
      if (event == XmlEvent::EndElement && m_xml.depth() < row_depth) break;
      if (event != XmlEvent::StartElement) continue;
      if (m_xml.name() != "table-cell" && m_xml.name() != "covered-table-cell") {
        m_xml.skip_element();
        continue;
      }
      const std::uint64_t repeats = repeat_count(m_xml, "number-columns-repeated");
      if (read_cell()) {
        if (column + repeats > max_column) {
          throw FileError(FileFailure::ResourceLimit, "a row holds values beyond column 16384");
        }
        m_expanded += repeats - 1;
        if (m_expanded > max_expanded_cells) {
          throw FileError(FileFailure::ResourceLimit,
                          "sheet repeats its filled cells beyond reason");
        }
        const Cell value = m_cell;
        for (std::uint64_t i = 0; i < repeats; ++i) {
          Cell copy = value;
          copy.column = static_cast<std::uint32_t>(column + i);
          m_cells.push_back(copy);
          m_offsets.push_back({m_text_offset, m_text_size});
        }
      }
      column += repeats;
    }
    m_row_errors = 0;
    for (std::size_t i = 0; i < m_cells.size(); ++i) {
      if (m_cells[i].kind == CellKind::Error) ++m_row_errors;
      if (m_offsets[i].first != no_text) {
        m_cells[i].text = std::string_view(m_store).substr(m_offsets[i].first, m_offsets[i].second);
      }
    }
  }

  // Reads the cell just started into m_cell; false when it holds no value.
  bool read_cell() {
    m_cell = Cell{};
    m_text_offset = no_text;
    std::string_view value_type;
    bool is_error = false;
    std::string value;  // the typed value, copied: attribute views die on the next event
    for (const auto& attribute : m_xml.attributes()) {
      if (attribute.qualified_name == "office:value-type") value_type = attribute.value;
      if (attribute.qualified_name == "calcext:value-type" && attribute.value == "error")
        is_error = true;
    }
    const std::string type(value_type);
    const char* value_attribute = type == "date"      ? "date-value"
                                  : type == "time"    ? "time-value"
                                  : type == "boolean" ? "boolean-value"
                                  : type == "string"  ? "string-value"
                                                      : "value";
    const auto raw_value = m_xml.attribute(value_attribute);
    const bool has_value = raw_value.has_value();
    if (has_value) value.assign(*raw_value);
    read_cell_text();
    if (is_error) {
      m_cell.kind = CellKind::Error;
      store_text(m_paragraphs.empty() ? std::string("#N/A") : m_paragraphs);
      return true;
    }
    if (type == "float" || type == "percentage" || type == "currency") {
      double number = 0;
      const auto result = std::from_chars(value.data(), value.data() + value.size(), number);
      if (has_value && result.ec == std::errc() && std::isfinite(number)) {
        m_cell.kind = CellKind::Number;
        m_cell.number = number;
        return true;
      }
    } else if (type == "boolean" && has_value) {
      m_cell.kind = CellKind::Boolean;
      m_cell.boolean = value == "true" || value == "1";
      return true;
    } else if (type == "date" && has_value) {
      if (set_date(value)) return true;
    } else if (type == "time" && has_value) {
      if (const auto micros = parse_odf_duration(value)) {
        const bool within_day = *micros >= 0 && *micros < micros_per_day;
        m_cell.kind = within_day ? CellKind::Time : CellKind::Duration;
        m_cell.micros = *micros;
        return true;
      }
    } else if (type == "string" && has_value) {
      if (value.empty()) return false;
      m_cell.kind = CellKind::Text;
      store_text(value);
      return true;
    }
    if (m_paragraphs.empty()) return false;
    m_cell.kind = CellKind::Text;
    store_text(m_paragraphs);
    return true;
  }

  bool set_date(std::string_view value) {
    // Fractions beyond microseconds are cut: LibreOffice writes nanoseconds.
    const auto micros = types::parse_iso_timestamp(value, types::ExtraFraction::Truncate);
    if (!micros) return false;
    m_cell.kind = value.size() == iso_date_length ? CellKind::Date : CellKind::DateTime;
    m_cell.micros = *micros;
    return true;
  }

  // Collects the <text:p> paragraphs of the cell just started into m_paragraphs,
  // joined by newlines. Only paragraphs hold text: whitespace between the
  // cell's elements (a pretty-printed file's indentation) is not its value.
  void read_cell_text() {
    m_paragraphs.clear();
    bool first_paragraph = true;
    read_element_text(
        m_xml, "the spreadsheet's content ends inside a cell",
        [&](bool /*in_paragraph*/) {
          const auto name = m_xml.name();
          if (name == "p" || name == "h") {
            if (!first_paragraph) m_paragraphs += '\n';
            first_paragraph = false;
            return ChildElement::Text;
          }
          if (name == "s") {
            const std::uint64_t count = std::min(repeat_count(m_xml, "c"), max_space_run);
            m_paragraphs.append(static_cast<std::size_t>(count), ' ');
          } else if (name == "tab") {
            m_paragraphs += '\t';
          } else if (name == "line-break") {
            m_paragraphs += '\n';
          } else if (name == "annotation" || name == "note" || name == "frame" ||
                     name == "custom-shape") {
            return ChildElement::Skip;  // comments and drawings are not the cell's value
          }
          return ChildElement::Enter;
        },
        [&](std::string_view text) { append_text(text); });
  }

  void append_text(std::string_view text) {
    for (char c : text) {
      if (c == '\0') {
        ++m_stats.nul_removed;
      } else {
        m_paragraphs += c;
      }
    }
  }

  void store_text(const std::string& text) {
    m_text_offset = m_store.size();
    m_text_size = text.size();
    m_store += text;
  }

  static constexpr std::size_t no_text = std::numeric_limits<std::size_t>::max();

  std::unique_ptr<ByteSource> m_content;
  XmlScanner m_xml;
  std::size_t m_table_depth = 0;
  bool m_done = false;
  std::uint64_t m_next_row_number = 1;
  std::uint64_t m_repeat_left = 0;
  std::uint64_t m_expanded = 0;
  std::uint64_t m_row_errors = 0;  // error cells in m_cells, counted per emitted row
  std::vector<Cell> m_cells;
  std::vector<std::pair<std::size_t, std::size_t>> m_offsets;  // text in m_store, per cell
  std::string m_store;
  std::string m_paragraphs;
  Cell m_cell;
  std::size_t m_text_offset = no_text;
  std::size_t m_text_size = 0;
  ReadStats m_stats;
};

}  // namespace

std::vector<SheetInfo> scan_sheet_names(ByteSource& content) {
  XmlScanner xml(content);
  std::vector<SheetInfo> sheets;
  while (true) {
    const XmlEvent event = xml.next();
    if (event == XmlEvent::End) break;
    if (event != XmlEvent::StartElement || !is_table(xml)) continue;
    SheetInfo info;
    info.name = std::string(xml.attribute("name").value_or(""));
    if (info.name.empty()) info.name = "Sheet" + std::to_string(sheets.size() + 1);
    sheets.push_back(std::move(info));
    xml.skip_element();
  }
  return sheets;
}

std::unique_ptr<SheetReader> make_ods_sheet_reader(std::unique_ptr<ByteSource> content,
                                                   std::size_t index) {
  return std::make_unique<OdsSheetReader>(std::move(content), index);
}

std::optional<std::int64_t> parse_odf_duration(std::string_view text) noexcept {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() != 'P') return std::nullopt;
  text.remove_prefix(1);
  bool in_time = false;
  bool any = false;
  double total_seconds = 0;
  while (!text.empty()) {
    if (text.front() == 'T') {
      in_time = true;
      text.remove_prefix(1);
      continue;
    }
    double amount = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), amount);
    if (result.ec != std::errc() || amount < 0) return std::nullopt;
    const std::size_t used = static_cast<std::size_t>(result.ptr - text.data());
    if (used >= text.size()) return std::nullopt;
    const char unit = text[used];
    text.remove_prefix(used + 1);
    any = true;
    if (!in_time && unit == 'D') {
      total_seconds += amount * 86400;
    } else if (in_time && unit == 'H') {
      total_seconds += amount * 3600;
    } else if (in_time && unit == 'M') {
      total_seconds += amount * 60;
    } else if (in_time && unit == 'S') {
      total_seconds += amount;
    } else {
      return std::nullopt;  // years and months have no fixed length
    }
  }
  if (!any || !std::isfinite(total_seconds) || total_seconds > 9.0e12) return std::nullopt;
  const auto micros = static_cast<std::int64_t>(std::llround(total_seconds * 1e6));
  return negative ? -micros : micros;
}

}  // namespace pgdatahub::workbook::ods
