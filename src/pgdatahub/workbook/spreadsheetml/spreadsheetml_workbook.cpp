#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/spreadsheetml/spreadsheetml_sheet_reader.hpp>
#include <pgdatahub/workbook/spreadsheetml/spreadsheetml_workbook.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::workbook::spreadsheetml {
namespace {

// One <Style>: its own number format, or the one it inherits (ss:Parent).
struct StyleEntry {
  std::optional<std::string> format;
  std::string parent;
};

std::string text_of(const std::optional<std::string_view>& value) {
  return value ? std::string(*value) : std::string();
}

// One pass over the document: the styles, and each worksheet's name and
// visibility (<WorksheetOptions><Visible>SheetHidden</Visible>), skipping
// the tables themselves.
class DocumentScan {
 public:
  explicit DocumentScan(std::string_view document) {
    MemorySource source(document);
    XmlScanner xml(source);
    std::map<std::string, StyleEntry, std::less<>> entries;
    std::string style_id;
    bool in_visible = false;
    while (true) {
      const XmlEvent event = xml.next();
      if (event == XmlEvent::End) break;
      if (event == XmlEvent::EndElement) {
        in_visible = false;
        continue;
      }
      if (event == XmlEvent::Text) {
        if (in_visible && !sheets.empty() && xml.text().starts_with("Sheet")) {
          // SheetHidden and SheetVeryHidden; SheetVisible is the default.
          sheets.back().visible = xml.text() == "SheetVisible";
        }
        continue;
      }
      const std::string_view name = xml.name();
      if (name == "Style") {
        style_id = text_of(xml.attribute("ID"));
        entries[style_id].parent = text_of(xml.attribute("Parent"));
      } else if (name == "NumberFormat" && !style_id.empty()) {
        entries[style_id].format = text_of(xml.attribute("Format"));
      } else if (name == "Worksheet") {
        SheetInfo info;
        info.name = text_of(xml.attribute("Name"));
        if (info.name.empty()) info.name = "Sheet" + std::to_string(sheets.size() + 1);
        sheets.push_back(std::move(info));
      } else if (name == "Table") {
        xml.skip_element();
      } else if (name == "Visible") {
        in_visible = true;
      }
    }
    if (sheets.empty())
      throw FileError(FileFailure::Corrupt, "the Excel 2003 XML workbook has no <Worksheet>");
    for (const auto& [id, entry] : entries) styles[id] = resolve(entries, id);
  }

  std::vector<SheetInfo> sheets;
  StyleClasses styles;

 private:
  static NumberClass resolve(const std::map<std::string, StyleEntry, std::less<>>& entries,
                             const std::string& id) {
    std::string current = id;
    // A parent chain longer than the styles is a loop.
    for (std::size_t hops = 0; hops <= entries.size(); ++hops) {
      const auto it = entries.find(current);
      if (it == entries.end()) return NumberClass::Plain;
      if (it->second.format) return classify_spreadsheetml_format(*it->second.format);
      current = it->second.parent;
    }
    return NumberClass::Plain;
  }
};

class SpreadsheetMlWorkbook final : public Workbook {
 public:
  explicit SpreadsheetMlWorkbook(std::span<const std::byte> bytes)
      : m_document(reinterpret_cast<const char*>(bytes.data()), bytes.size()) {
    DocumentScan scan(m_document);
    m_sheets = std::move(scan.sheets);
    m_styles = std::move(scan.styles);
  }

  Format format() const override { return Format::SpreadsheetMl; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }
  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override {
    return make_spreadsheetml_sheet_reader(m_document, m_styles, index);
  }

 private:
  std::string_view m_document;
  std::vector<SheetInfo> m_sheets;
  StyleClasses m_styles;
};

}  // namespace

std::unique_ptr<Workbook> open_spreadsheetml_workbook(
    std::span<const std::byte> bytes, const std::string& /*name_hint*/,
    const OpenOptions& /*options: one XML document, no zip, typed cells*/) {
  return std::make_unique<SpreadsheetMlWorkbook>(bytes);
}

}  // namespace pgdatahub::workbook::spreadsheetml
