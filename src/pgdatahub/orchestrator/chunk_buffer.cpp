#include <pgdatahub/orchestrator/chunk_buffer.hpp>

#include <algorithm>

namespace pgdatahub::orchestrator {
namespace {
constexpr std::size_t text_block_bytes = 1 << 20;
constexpr std::size_t max_kept_blocks = 16;
}  // namespace

void ChunkBuffer::clear() {
  m_row_numbers.clear();
  m_row_starts.clear();
  m_cells.clear();
  // Outsized blocks (one huge cell) are dropped, a bounded number of the rest reused.
  std::erase_if(m_text, [](const std::string& block) { return block.size() > text_block_bytes; });
  while (m_text.size() > max_kept_blocks) m_text.pop_back();
  m_text_block = 0;
  m_text_used = 0;
}

void ChunkBuffer::add(const workbook::RowView& row) {
  m_row_numbers.push_back(row.number);
  m_row_starts.push_back(m_cells.size());
  for (const auto& cell : row.cells) {
    workbook::Cell copy = cell;
    if (!cell.text.empty()) {
      const std::size_t size = cell.text.size();
      if (m_text.empty() || m_text_used + size > m_text[m_text_block].size()) next_text_block(size);
      char* dest = m_text[m_text_block].data() + m_text_used;
      std::copy(cell.text.begin(), cell.text.end(), dest);
      copy.text = std::string_view(dest, size);
      m_text_used += size;
    }
    m_cells.push_back(copy);
  }
}

void ChunkBuffer::next_text_block(std::size_t size) {
  if (!m_text.empty()) ++m_text_block;
  // Skip kept blocks too small for this text; they serve the next chunk.
  while (m_text_block < m_text.size() && m_text[m_text_block].size() < size) ++m_text_block;
  if (m_text_block == m_text.size()) {
    m_text.emplace_back(std::max(text_block_bytes, size), '\0');
  }
  m_text_used = 0;
}

workbook::RowView ChunkBuffer::row(std::size_t index) const {
  const std::size_t begin = m_row_starts[index];
  const std::size_t end =
      index + 1 < m_row_starts.size() ? m_row_starts[index + 1] : m_cells.size();
  return workbook::RowView{m_row_numbers[index],
                           std::span<const workbook::Cell>(m_cells.data() + begin, end - begin)};
}

}  // namespace pgdatahub::orchestrator
