#include <pgdatahub/orchestrator/owned_row.hpp>
#include <pgdatahub/orchestrator/sheet_window.hpp>

#include <vector>

namespace pgdatahub::orchestrator {
namespace {

class WindowReader final : public workbook::SheetReader {
 public:
  WindowReader(std::unique_ptr<workbook::SheetReader> inner, const config::SheetLayout& layout)
      : m_inner(std::move(inner)), m_footer(layout.skip_footer.value_or(0)) {
    if (layout.range) m_range = config::parse_range(*layout.range, "range");
    m_range.first_row = std::max(m_range.first_row, header_row_of(layout));
  }

  bool next_row(workbook::RowView& row) override {
    if (m_footer == 0) return next_inside(row);
    // Hold the last skip_footer rows back: a row is given out only once
    // that many rows follow it.
    workbook::RowView ahead;
    while (m_held.size() <= m_footer) {
      if (!next_inside(ahead)) return false;
      m_held.hold(ahead, m_inner->lasting_texts());  // held rows die with this reader
    }
    row = m_held.take();
    return true;
  }

  const workbook::ReadStats& stats() const override { return m_inner->stats(); }
  // The inner reader's: the rows held for the footer keep its lasting texts by
  // view (they die with this reader, before it) and copy the others elsewhere.
  std::string_view lasting_texts() const override { return m_inner->lasting_texts(); }

 private:
  // The next row inside the range's rows that has a cell inside its columns.
  bool next_inside(workbook::RowView& row) {
    while (m_inner->next_row(row)) {
      if (row.number < m_range.first_row) continue;
      if (row.number > m_range.last_row) return false;
      m_cells.clear();
      for (const auto& cell : row.cells) {
        if (cell.column >= m_range.first_column && cell.column <= m_range.last_column)
          m_cells.push_back(cell);
      }
      if (m_cells.empty()) continue;
      row.cells = m_cells;
      return true;
    }
    return false;
  }

  std::unique_ptr<workbook::SheetReader> m_inner;
  config::CellRange m_range;
  std::size_t m_footer;
  std::vector<workbook::Cell> m_cells;
  HeldRows m_held;
};

}  // namespace

std::uint32_t header_row_of(const config::SheetLayout& layout) {
  if (layout.header_row) return *layout.header_row;
  if (layout.skip_rows) return *layout.skip_rows + 1;
  if (layout.range) return config::parse_range(*layout.range, "range").first_row;
  return 1;
}

std::unique_ptr<workbook::SheetReader> window_rows(std::unique_ptr<workbook::SheetReader> reader,
                                                   const config::SheetLayout& layout) {
  if (layout.empty()) return reader;
  return std::make_unique<WindowReader>(std::move(reader), layout);
}

}  // namespace pgdatahub::orchestrator
