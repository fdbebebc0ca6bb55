#pragma once
// Gathers the cells of an .xls sheet's records into rows. Writers list a
// row's cells together, so a row is handed out as soon as the next one
// starts and memory stays flat; a sheet known to go back to earlier rows
// (some writers go column by column) is held whole and handed out in order.
#include <pgdatahub/workbook/workbook.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook::xls {

class RowAssembler {
 public:
  explicit RowAssembler(bool hold_whole_sheet) : m_hold(hold_whole_sheet) {}

  // Adds a cell to row `r` (0-based); the reference is valid until the next
  // add. Its text, if any, must outlive the row (shared strings do).
  Cell& add(std::uint32_t r, std::uint32_t column, CellKind kind) {
    m_target = m_hold ? &m_held[r] : &current_row(r);
    m_target->number = r + 1;
    Cell& cell = m_target->cells.emplace_back();
    cell.column = column;
    cell.kind = kind;
    m_target->text_offsets.push_back(not_stored);
    return cell;
  }

  // Adds a text cell whose characters are copied into the row.
  void add_text(std::uint32_t r, std::uint32_t column, std::string_view text) {
    Cell& cell = add(r, column, CellKind::Text);
    m_target->text_offsets.back() = m_target->store.size();
    m_target->store += text;
    cell.number = static_cast<double>(text.size());  // the length, until the view is fixed
  }

  // A row is complete (a later one has started).
  bool ready() const noexcept { return m_ready; }
  // Hands out the completed row.
  bool take_ready(RowView& row);
  // At the end of the sheet: hands out what remains, a row per call.
  bool take_remaining(RowView& row);

 private:
  static constexpr std::size_t not_stored = std::numeric_limits<std::size_t>::max();

  // Cells plus, for texts not in the SST, their place in the row's own text
  // store (views are fixed when the row is handed out).
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

  RowBuffer& current_row(std::uint32_t r) {
    if (!m_current.cells.empty() && r != m_current.number - 1) {
      std::swap(m_current, m_finished);
      m_current.clear();
      m_ready = true;
    }
    return m_current;
  }

  bool emit(RowBuffer& source, RowView& row);

  bool m_hold;
  bool m_ready = false;
  RowBuffer m_current;
  RowBuffer m_finished;
  RowBuffer m_emitted;
  RowBuffer* m_target = nullptr;              // the row the last cell went to
  std::map<std::uint32_t, RowBuffer> m_held;  // the whole sheet, by row
};

}  // namespace pgdatahub::workbook::xls
