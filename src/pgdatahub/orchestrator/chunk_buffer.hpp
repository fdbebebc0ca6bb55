#pragma once
// A batch of rows kept past the reader's next row, so the batch's types can be
// checked, and the table widened, before any of its rows is encoded. A text
// the reader promises to keep (SheetReader::lasting_texts: a shared string) is
// kept as a view; every other text is copied, since the reader's row views
// live only until its next row. Memory is bounded by the chunk size.
#include <pgdatahub/workbook/cell.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::orchestrator {

class ChunkBuffer {
 public:
  // Texts wholly inside `lasting` are kept by view from now on: the range
  // must hold them, unchanged, for as long as this buffer's rows are used
  // (the lasting_texts() of the reader the rows come from). Empty: copy all.
  void keep_views_into(std::string_view lasting) noexcept { m_lasting = lasting; }

  void clear();
  void add(const workbook::RowView& row);
  std::size_t rows() const { return m_rows.size(); }
  bool empty() const { return m_rows.empty(); }
  workbook::RowView row(std::size_t index) const;
  // Starts loading the first cache line of row `index`'s texts, if there is
  // such a row and some texts are kept by view: those lie in a large table
  // read at random, so a reader that asks a few rows ahead of the one it
  // reads finds them in cache instead of waiting for each miss in turn.
  void prefetch_texts(std::size_t index) const noexcept;
  // With a transform: the columns its rows are indexed by, as they were
  // when the chunk was filled (a script can add columns as it goes).
  void set_headers(const std::vector<std::string>& headers) { m_headers = headers; }
  const std::vector<std::string>& headers() const { return m_headers; }

 private:
  struct RowStart {
    std::uint32_t number;
    std::size_t first_cell;  // index into m_cells
  };

  std::string_view copy_text(std::string_view text);
  void next_text_block(std::size_t size);

  std::string_view m_lasting;
  std::vector<RowStart> m_rows;
  // The chunk's cells are the first m_cell_count; the vector only grows, so a
  // row's cells are copied over existing ones with one memcpy (Cell's member
  // initializers make vector's own range copies go cell by cell).
  std::vector<workbook::Cell> m_cells;  // texts point into m_text or the lasting range
  std::size_t m_cell_count = 0;
  // Text storage in blocks that never move, so string_views stay valid. The
  // blocks are kept from chunk to chunk: refilling them costs no page faults.
  std::deque<std::string> m_text;
  std::size_t m_next_block = 0;  // the first block not yet filled in this chunk
  char* m_text_free = nullptr;   // the free part of the block being filled
  char* m_text_end = nullptr;
  std::vector<std::string> m_headers;
};

}  // namespace pgdatahub::orchestrator
