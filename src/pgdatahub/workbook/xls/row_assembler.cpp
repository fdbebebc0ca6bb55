#include <pgdatahub/workbook/xls/row_assembler.hpp>

#include <algorithm>
#include <utility>

namespace pgdatahub::workbook::xls {

bool RowAssembler::take_ready(RowView& row) {
  m_ready = false;
  return emit(m_finished, row);
}

bool RowAssembler::take_remaining(RowView& row) {
  if (!m_hold) return !m_current.cells.empty() && emit(m_current, row);
  if (m_held.empty()) return false;
  const auto first = m_held.begin();
  const bool emitted = emit(first->second, row);
  m_held.erase(first);
  return emitted;
}

bool RowAssembler::emit(RowBuffer& source, RowView& row) {
  // The row handed out stays valid until the next call: it moves to
  // m_emitted, and `source` is left empty for the cells to come.
  m_emitted.clear();
  std::swap(m_emitted, source);
  RowBuffer& out = m_emitted;
  for (std::size_t i = 0; i < out.cells.size(); ++i) {
    if (out.text_offsets[i] == not_stored) continue;
    const auto size = static_cast<std::size_t>(out.cells[i].number);
    out.cells[i].text = std::string_view(out.store).substr(out.text_offsets[i], size);
    out.cells[i].number = 0;
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

}  // namespace pgdatahub::workbook::xls
