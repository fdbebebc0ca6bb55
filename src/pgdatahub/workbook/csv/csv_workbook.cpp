#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/csv_workbook.hpp>
#include <pgdatahub/workbook/csv/text_decoder.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <vector>

namespace pgdatahub::workbook::csv {

namespace {

constexpr std::size_t decode_chunk = std::size_t{256} * 1024;
constexpr std::size_t max_columns = 16384;  // Excel's limit; far above PostgreSQL's 1600

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  const auto tail = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (static_cast<char>(tail[i] | 0x20) != suffix[i]) return false;
  }
  return true;
}

struct Field {
  std::size_t begin = 0;  // into the row's text store
  std::size_t size = 0;
};

class CsvSheetReader final : public SheetReader {
 public:
  CsvSheetReader(std::span<const std::byte> bytes, const std::string& name_hint,
                 const OpenOptions& options)
      : m_decoder(bytes, options.csv_encoding),
        m_locale(options.text_locale.is_standard() ? nullptr : &options.text_locale) {
    if (m_decoder.is_utf8()) {
      m_window = m_decoder.text();
      m_exhausted = true;
    } else {
      refill();
    }
    if (options.csv_delimiter != '\0') {
      m_delimiter = options.csv_delimiter;
    } else if (ends_with_ignoring_case(name_hint, ".tsv") ||
               ends_with_ignoring_case(name_hint, ".tab")) {
      m_delimiter = '\t';
    } else {
      m_delimiter = detect_delimiter(m_window.substr(0, decode_chunk),
                                     m_exhausted && m_window.size() <= decode_chunk);
    }
  }

  bool next_row(RowView& row) override {
    while (true) {
      if (m_pos >= m_window.size() && m_exhausted) return false;
      const std::size_t start = m_pos;
      if (!parse_record()) {
        m_pos = start;
        refill();  // at the end of input the record is parsed again as the last one
        continue;
      }
      ++m_row_number;
      if (!m_decoder.is_utf8() || is_valid_utf8(m_store)) {
        if (build_cells()) break;
        continue;
      }
      throw FileError(FileFailure::Corrupt,
                      "row " + std::to_string(m_row_number) +
                          " is not valid UTF-8; set the csv_encoding option to the file's "
                          "encoding (e.g. windows-1252 or latin1)");
    }
    row.number = m_row_number;
    row.cells = m_cells;
    return true;
  }

  const ReadStats& stats() const override { return m_stats; }

 private:
  // Decodes more text after the unconsumed part of the window; false at the end.
  bool refill() {
    if (m_exhausted) return false;
    m_buffer.erase(0, m_pos);
    m_pos = 0;
    const bool more = m_decoder.decode_more(m_buffer, std::max(decode_chunk, m_buffer.size()));
    if (!more) m_exhausted = true;
    m_window = m_buffer;
    return more;
  }

  void append_text(std::string_view piece) {
    for (char c : piece) {
      if (c == '\0') {
        ++m_stats.nul_removed;
      } else {
        m_store.push_back(c);
      }
    }
  }

  void end_field(std::size_t begin) {
    if (m_fields.size() >= max_columns) {
      throw FileError(FileFailure::TooWide, "row " + std::to_string(m_row_number + 1) +
                                                " has more than " + std::to_string(max_columns) +
                                                " fields");
    }
    m_fields.push_back(Field{begin, m_store.size() - begin});
  }

  // Parses one record at m_pos into m_fields/m_store. False when the window
  // ends before the record does and more text may follow.
  bool parse_record() {
    m_fields.clear();
    m_store.clear();
    const std::string_view w = m_window;
    std::size_t i = m_pos;
    while (true) {
      const std::size_t begin = m_store.size();
      if (i < w.size() && w[i] == '"') {
        ++i;
        while (true) {
          const std::size_t quote = w.find('"', i);
          if (quote == std::string_view::npos) {
            if (!m_exhausted) return false;
            throw FileError(FileFailure::Truncated,
                            "quoted field in row " + std::to_string(m_row_number + 1) +
                                " is never closed: the file ends inside quotes");
          }
          append_text(w.substr(i, quote - i));
          i = quote + 1;
          if (i >= w.size() && !m_exhausted) return false;
          if (i < w.size() && w[i] == '"') {
            m_store.push_back('"');
            ++i;
            continue;
          }
          break;
        }
      }
      // Unquoted text, or stray text after a closing quote (kept, as Excel does).
      std::size_t j = i;
      while (j < w.size() && w[j] != m_delimiter && w[j] != '\n' && w[j] != '\r') ++j;
      append_text(w.substr(i, j - i));
      i = j;
      if (i >= w.size()) {
        if (!m_exhausted) return false;
        end_field(begin);
        m_pos = i;
        return true;
      }
      if (w[i] == m_delimiter) {
        end_field(begin);
        ++i;
        continue;
      }
      end_field(begin);
      if (w[i] == '\r') {
        if (i + 1 >= w.size() && !m_exhausted) return false;
        if (i + 1 < w.size() && w[i + 1] == '\n') ++i;
      }
      m_pos = i + 1;
      return true;
    }
  }

  bool build_cells() {
    m_cells.clear();
    for (std::size_t k = 0; k < m_fields.size(); ++k) {
      if (m_fields[k].size == 0) continue;
      Cell cell;
      cell.column = static_cast<std::uint32_t>(k);
      const std::string_view text =
          std::string_view(m_store).substr(m_fields[k].begin, m_fields[k].size);
      if (m_locale == nullptr) {
        infer_cell(text, cell);
      } else {
        infer_cell(text, cell, *m_locale);
        if (cell.kind == CellKind::Empty) continue;  // a null_values word
      }
      m_cells.push_back(cell);
    }
    return !m_cells.empty();
  }

  TextDecoder m_decoder;
  const types::TextLocale* m_locale;  // nullptr: the plain grammar, no lookups per field
  std::string m_buffer;               // converted text (only when not UTF-8)
  std::string_view m_window;          // the text being parsed
  std::size_t m_pos = 0;
  bool m_exhausted = false;
  char m_delimiter = ',';
  std::uint32_t m_row_number = 0;
  std::vector<Field> m_fields;
  std::string m_store;
  std::vector<Cell> m_cells;
  ReadStats m_stats;
};

class CsvWorkbook final : public Workbook {
 public:
  CsvWorkbook(std::span<const std::byte> bytes, const std::string& name_hint,
              const OpenOptions& options)
      : m_bytes(bytes), m_name_hint(name_hint), m_options(options) {
    std::string stem = std::filesystem::path(name_hint).stem().string();
    if (stem.empty()) stem = "Sheet1";
    m_sheets.push_back(SheetInfo{stem, true, true});
    // Fail early on an unknown encoding rather than at the first row.
    TextDecoder probe(bytes, options.csv_encoding);
  }

  Format format() const override { return Format::Csv; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }

  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t /*index: the only sheet*/) override {
    return std::make_unique<CsvSheetReader>(m_bytes, m_name_hint, m_options);
  }

 private:
  std::span<const std::byte> m_bytes;
  std::string m_name_hint;
  OpenOptions m_options;
  std::vector<SheetInfo> m_sheets;
};

}  // namespace

std::unique_ptr<Workbook> open_csv_workbook(std::span<const std::byte> bytes,
                                            const std::string& name_hint,
                                            const OpenOptions& options) {
  return std::make_unique<CsvWorkbook>(bytes, name_hint, options);
}

}  // namespace pgdatahub::workbook::csv
