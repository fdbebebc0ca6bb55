#pragma once
// A batch of rows copied out of the reader (whose row views live only until
// the next row), so the batch's types can be checked, and the table widened,
// before any of its rows is encoded. Memory is bounded by the chunk size.
#include <pgdatahub/workbook/cell.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

class ChunkBuffer {
 public:
  void clear();
  void add(const workbook::RowView& row);
  std::size_t rows() const { return m_row_numbers.size(); }
  bool empty() const { return m_row_numbers.empty(); }
  workbook::RowView row(std::size_t index) const;
  // With a transform: the columns its rows are indexed by, as they were
  // when the chunk was filled (a script can add columns as it goes).
  void set_headers(const std::vector<std::string>& headers) { m_headers = headers; }
  const std::vector<std::string>& headers() const { return m_headers; }

 private:
  void next_text_block(std::size_t size);

  std::vector<std::uint32_t> m_row_numbers;
  std::vector<std::size_t> m_row_starts;  // index of each row's first cell in m_cells
  std::vector<workbook::Cell> m_cells;    // texts point into m_text
  // Text storage in blocks that never move, so string_views stay valid. The
  // blocks are kept from chunk to chunk: refilling them costs no page faults.
  std::deque<std::string> m_text;
  std::size_t m_text_block = 0;  // the block being filled
  std::size_t m_text_used = 0;   // bytes used in that block
  std::vector<std::string> m_headers;
};

}  // namespace pgdatahub::orchestrator
