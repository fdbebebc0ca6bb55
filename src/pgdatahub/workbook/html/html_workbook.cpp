#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>
#include <pgdatahub/workbook/html/html_workbook.hpp>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

namespace pgdatahub::workbook::html {
namespace {

// Beyond any spreadsheet, and a bound on what one span may make us write.
constexpr std::uint64_t max_column = 16384;
constexpr std::uint64_t max_span = 1000;

struct DocumentDeleter {
  void operator()(xmlDoc* document) const noexcept { xmlFreeDoc(document); }
};
using Document = std::unique_ptr<xmlDoc, DocumentDeleter>;

bool is_element(const xmlNode* node, const char* name) noexcept {
  return node->type == XML_ELEMENT_NODE &&
         xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

// Tables in document order, nested ones included (each is a sheet).
void collect_tables(xmlNode* node, std::vector<xmlNode*>& tables) {
  for (xmlNode* child = node; child != nullptr; child = child->next) {
    if (is_element(child, "table")) tables.push_back(child);
    if (child->children != nullptr) collect_tables(child->children, tables);
  }
}

// The <tr> rows of `table` itself, not of tables nested in its cells.
void collect_rows(xmlNode* node, std::vector<xmlNode*>& rows) {
  for (xmlNode* child = node; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE || is_element(child, "table")) continue;
    if (is_element(child, "tr")) {
      rows.push_back(child);
    } else if (is_element(child, "thead") || is_element(child, "tbody") ||
               is_element(child, "tfoot")) {
      collect_rows(child->children, rows);
    }
  }
}

std::uint64_t span_attribute(xmlNode* cell, const char* name) {
  xmlChar* value = xmlGetProp(cell, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return 1;
  const std::string_view text(reinterpret_cast<const char*>(value));
  std::uint64_t span = 1;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), span);
  xmlFree(value);
  if (result.ec != std::errc() || span == 0) return 1;  // browsers read a bad span as 1
  return std::min(span, max_span);
}

bool is_html_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// A cell's text as a browser shows it: runs of white space are one space,
// <br> is a line break, the ends are trimmed.
void append_cell_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      for (const xmlChar* p = child->content; p != nullptr && *p != 0; ++p) {
        const char c = static_cast<char>(*p);
        if (is_html_space(c)) {
          if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        } else {
          out += c;
        }
      }
    } else if (is_element(child, "br")) {
      if (!out.empty() && out.back() == ' ') out.pop_back();
      out += '\n';
    } else if (child->type == XML_ELEMENT_NODE && !is_element(child, "script") &&
               !is_element(child, "style")) {
      append_cell_text(child->children, out);
    }
  }
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
  return text.substr(start);
}

class HtmlTableReader final : public SheetReader {
 public:
  HtmlTableReader(xmlNode* table, const types::TextLocale& locale)
      : m_locale(locale.is_standard() ? nullptr : &locale) {
    collect_rows(table->children, m_rows);
  }

  bool next_row(RowView& row) override {
    while (m_next < m_rows.size()) {
      const std::size_t index = m_next++;
      build_row(m_rows[index]);
      if (m_cells.empty()) continue;
      row.number = static_cast<std::uint32_t>(index + 1);
      row.cells = m_cells;
      return true;
    }
    return false;
  }

  const ReadStats& stats() const override { return m_stats; }

 private:
  // A value a rowspan carries down into the rows below.
  struct Carried {
    std::uint64_t rows_left = 0;
    std::string text;
  };

  void build_row(xmlNode* tr) {
    m_texts.clear();
    std::vector<std::pair<std::uint64_t, std::size_t>> placed;  // column, index into m_texts
    std::uint64_t column = 0;
    auto place_carried = [&]() {
      while (column < m_carried.size() && m_carried[column].rows_left > 0) {
        placed.emplace_back(column, m_texts.size());
        m_texts.push_back(m_carried[column].text);
        --m_carried[column].rows_left;
        ++column;
      }
    };
    for (xmlNode* cell = tr->children; cell != nullptr; cell = cell->next) {
      if (!is_element(cell, "td") && !is_element(cell, "th")) continue;
      place_carried();
      std::string text;
      append_cell_text(cell->children, text);
      text = trimmed(std::move(text));
      const std::uint64_t colspan = span_attribute(cell, "colspan");
      const std::uint64_t rowspan = span_attribute(cell, "rowspan");
      if (column + colspan > max_column) {
        throw FileError(FileFailure::ResourceLimit, "an HTML table row is wider than " +
                                                        std::to_string(max_column) + " columns");
      }
      for (std::uint64_t c = column; c < column + colspan; ++c) {
        placed.emplace_back(c, m_texts.size());
        m_texts.push_back(text);
        if (rowspan > 1) {
          if (m_carried.size() <= c) m_carried.resize(c + 1);
          m_carried[c] = Carried{rowspan - 1, text};
        }
      }
      column += colspan;
    }
    // Spans from above that reach past the row's own cells.
    for (std::uint64_t c = column; c < m_carried.size(); ++c) {
      if (m_carried[c].rows_left == 0) continue;
      placed.emplace_back(c, m_texts.size());
      m_texts.push_back(m_carried[c].text);
      --m_carried[c].rows_left;
    }
    m_cells.clear();
    for (const auto& [at, text_index] : placed) {
      const std::string& text = m_texts[text_index];
      if (text.empty()) continue;
      Cell cell;
      cell.column = static_cast<std::uint32_t>(at);
      if (m_locale == nullptr) {
        csv::infer_cell(text, cell);
      } else {
        csv::infer_cell(text, cell, *m_locale);
        if (cell.kind == CellKind::Empty) continue;
      }
      m_cells.push_back(cell);
    }
  }

  const types::TextLocale* m_locale;
  std::vector<xmlNode*> m_rows;
  std::size_t m_next = 0;
  std::vector<Carried> m_carried;    // per column
  std::vector<std::string> m_texts;  // this row's texts; cells view into them
  std::vector<Cell> m_cells;
  ReadStats m_stats;
};

class HtmlWorkbook final : public Workbook {
 public:
  HtmlWorkbook(std::span<const std::byte> bytes, const OpenOptions& options)
      : m_locale(options.text_locale) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
      throw FileError(FileFailure::ResourceLimit, "an HTML file larger than 2 GB");
    }
    // No network, no error output; libxml2 reads the page's own charset.
    constexpr int parse_options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
    m_document.reset(htmlReadMemory(reinterpret_cast<const char*>(bytes.data()),
                                    static_cast<int>(bytes.size()), nullptr, nullptr,
                                    parse_options));
    if (!m_document) throw FileError(FileFailure::Corrupt, "the HTML file cannot be parsed");
    collect_tables(xmlDocGetRootElement(m_document.get()), m_tables);
    if (m_tables.empty()) {
      throw FileError(FileFailure::NotSpreadsheet,
                      "not a spreadsheet: an HTML page without a <table>; export the report as a "
                      "table or .xlsx");
    }
    for (std::size_t i = 0; i < m_tables.size(); ++i)
      m_sheets.push_back(SheetInfo{"Table" + std::to_string(i + 1)});
  }

  Format format() const override { return Format::Html; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }
  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override {
    return std::make_unique<HtmlTableReader>(m_tables[index], m_locale);
  }

 private:
  types::TextLocale m_locale;
  Document m_document;
  std::vector<xmlNode*> m_tables;
  std::vector<SheetInfo> m_sheets;
};

}  // namespace

std::unique_ptr<Workbook> open_html_workbook(std::span<const std::byte> bytes,
                                             const std::string& /*name_hint*/,
                                             const OpenOptions& options) {
  return std::make_unique<HtmlWorkbook>(bytes, options);
}

bool looks_like_html_table(std::string_view lowered_head) noexcept {
  return lowered_head.find("<table") != std::string_view::npos ||
         lowered_head.find("urn:schemas-microsoft-com:office:excel") != std::string_view::npos;
}

}  // namespace pgdatahub::workbook::html
