#pragma once
// Streams the rows of one worksheet part: inflates and scans its XML in
// blocks and turns <c> elements into typed cells with Excel semantics.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xlsx/simple_cell.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::workbook::xlsx {

struct WorkbookContext;

class XlsxSheetReader final : public SheetReader {
 public:
  // A reader over a worksheet part; the context must outlive the reader.
  XlsxSheetReader(const WorkbookContext& context, std::string sheet_name,
                  std::unique_ptr<ByteSource> part);
  // A reader with no rows (chartsheets and other non-worksheets).
  XlsxSheetReader(const WorkbookContext& context, std::string sheet_name);

  bool next_row(RowView& row) override;
  const ReadStats& stats() const override { return m_stats; }
  std::string_view lasting_texts() const override;  // the shared strings (xlsx_workbook.cpp)

 private:
  enum class ValueType : std::uint8_t { Number, Shared, String, Inline, Boolean, Error, IsoDate };
  enum class Capture : std::uint8_t { None, Value, InlineText };

  bool scan_row(RowView& row);
  // Reads the markup at the scanner's position that the fast paths take whole
  // (cell_run.cpp): runs of common cells, row start and end tags. True when
  // that completed a row, which is then in `row`.
  bool read_fast_markup(RowView& row);
  // The steps of a row's start tag (with its r= value, if any) and end tag,
  // the same whether the scanner or a fast path read the tag; finish_row is
  // true when the row had cells and is now in `row`.
  void start_row(std::optional<std::string_view> number);
  bool finish_row(RowView& row);
  void number_rows_from_zero();
  void check_shared_text_expansion() const;
  void start_cell();
  void start_cell(const std::vector<XmlAttribute>& attributes);
  void apply_cell_attribute(char name, std::string_view value);
  void check_cell_column();
  void read_simple_cell(const SimpleCell& simple);
  // Reads the run of common cells `bytes` starts with (cell_run.cpp), as
  // start_cell and finish_cell would; returns the bytes it took whole.
  std::size_t read_cell_run(std::string_view bytes);
  void finish_cell(std::string_view value);
  void add_text_cell(std::string_view text);
  [[noreturn]] void fail_cell(FileFailure failure, const std::string& what) const;

  const WorkbookContext& m_context;
  std::string m_sheet_name;
  std::unique_ptr<ByteSource> m_part;
  std::unique_ptr<XmlScanner> m_xml;
  ReadStats m_stats;
  bool m_in_sheet_data = false;
  bool m_done = false;

  // The row being assembled; its texts live in m_arena until the next row.
  std::uint32_t m_row_number = 0;
  std::uint32_t m_row_offset = 0;         // 1 when the writer numbered rows from 0
  std::uint64_t m_shared_text_bytes = 0;  // shared-string text handed out so far
  bool m_row_open = false;
  std::vector<Cell> m_cells;
  std::string m_arena;
  struct ArenaText {
    std::uint32_t cell;
    std::size_t offset;
    std::size_t size;
  };
  std::vector<ArenaText> m_arena_texts;
  // Shared-string cells of the row, looked up when the row is complete: the
  // table is large and read at random, so a row's cache misses are started
  // together (prefetch) instead of waited for one cell at a time.
  struct SharedText {
    std::uint32_t cell;   // index into m_cells
    std::uint32_t index;  // into the shared string table
  };
  std::vector<SharedText> m_shared_texts;
  bool m_cells_unsorted = false;

  // The cell being assembled.
  std::uint32_t m_column = 0;
  std::uint32_t m_next_column = 0;
  std::uint32_t m_style = 0;
  ValueType m_type = ValueType::Number;
  Capture m_capture = Capture::None;
  bool m_has_value = false;
  bool m_in_inline = false;
  std::string m_value;  // the <v> text the scanner's events deliver in pieces
};

}  // namespace pgdatahub::workbook::xlsx
