#pragma once
// A row copied out of a reader, for rows held past the reader's next row
// (a footer held back, rows read ahead to find the header). Texts live in a
// vector, whose buffer keeps its address when the row is moved (a
// std::string's small buffer would not).
#include <pgdatahub/workbook/cell.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <algorithm>
#include <deque>
#include <utility>
#include <vector>

namespace pgdatahub::orchestrator {

struct OwnedRow {
  std::uint32_t number = 0;
  std::vector<workbook::Cell> cells;
  std::vector<char> texts;

  OwnedRow() = default;
  // A copy points its texts at its own buffer; a move keeps the buffer.
  OwnedRow(const OwnedRow& other) { assign(other.view()); }
  OwnedRow& operator=(const OwnedRow& other) {
    if (this != &other) assign(other.view());
    return *this;
  }
  OwnedRow(OwnedRow&&) noexcept = default;
  OwnedRow& operator=(OwnedRow&&) noexcept = default;
  ~OwnedRow() = default;

  // Texts inside `lasting` (the reader's lasting_texts()) are kept by view:
  // such a row must not outlive that reader.
  void assign(const workbook::RowView& row, std::string_view lasting = {}) {
    number = row.number;
    std::size_t bytes = 0;
    for (const auto& cell : row.cells) {
      if (!workbook::lies_within(cell.text, lasting)) bytes += cell.text.size();
    }
    texts.assign(bytes, '\0');
    cells.assign(row.cells.begin(), row.cells.end());
    std::size_t at = 0;
    for (auto& cell : cells) {
      if (workbook::lies_within(cell.text, lasting)) continue;
      std::copy(cell.text.begin(), cell.text.end(),
                texts.begin() + static_cast<std::ptrdiff_t>(at));
      cell.text = std::string_view(texts.data() + at, cell.text.size());
      at += cell.text.size();
    }
  }

  workbook::RowView view() const { return {number, cells}; }
};

// Rows held back in reading order and given out oldest first, as a reader
// gives rows: the view `take` returns stays valid until the next `take`
// (the row moves out of the queue into `m_current`, which the view points into).
class HeldRows {
 public:
  HeldRows() = default;
  explicit HeldRows(std::deque<OwnedRow> rows) : m_rows(std::move(rows)) {}

  bool empty() const noexcept { return m_rows.empty(); }
  std::size_t size() const noexcept { return m_rows.size(); }
  void hold(const workbook::RowView& row, std::string_view lasting = {}) {
    m_rows.emplace_back().assign(row, lasting);
  }
  // The oldest row held; call only when not empty.
  workbook::RowView take() {
    m_current = std::move(m_rows.front());
    m_rows.pop_front();
    return m_current.view();
  }

 private:
  std::deque<OwnedRow> m_rows;
  OwnedRow m_current;
};

}  // namespace pgdatahub::orchestrator
