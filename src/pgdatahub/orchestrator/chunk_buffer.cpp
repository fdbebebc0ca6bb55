#include <pgdatahub/orchestrator/chunk_buffer.hpp>

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace pgdatahub::orchestrator {
namespace {
constexpr std::size_t text_block_bytes = 1 << 20;
constexpr std::size_t max_kept_blocks = 16;
}  // namespace

void ChunkBuffer::clear() {
  m_rows.clear();
  m_cell_count = 0;
  // Outsized blocks (one huge cell) are dropped, a bounded number of the rest reused.
  std::erase_if(m_text, [](const std::string& block) { return block.size() > text_block_bytes; });
  while (m_text.size() > max_kept_blocks) m_text.pop_back();
  m_next_block = 0;
  m_text_free = nullptr;
  m_text_end = nullptr;
}

void ChunkBuffer::add(const workbook::RowView& row) {
  static_assert(std::is_trivially_copyable_v<workbook::Cell>);
  const std::size_t first = m_cell_count;
  const std::size_t count = row.cells.size();
  m_rows.push_back({row.number, first});
  if (first + count > m_cells.size()) m_cells.resize(std::max(first + count, 2 * m_cells.size()));
  // The cells in one go, then only the texts that would not outlive the
  // reader's row are moved into the chunk.
  workbook::Cell* const cells = m_cells.data() + first;
  if (count != 0) std::memcpy(cells, row.cells.data(), count * sizeof(workbook::Cell));
  m_cell_count += count;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view text = cells[i].text;
    if (text.empty() || workbook::lies_within(text, m_lasting)) continue;
    cells[i].text = copy_text(text);
  }
}

std::string_view ChunkBuffer::copy_text(std::string_view text) {
  const std::size_t size = text.size();
  if (static_cast<std::size_t>(m_text_end - m_text_free) < size) next_text_block(size);
  char* dest = m_text_free;
  std::memcpy(dest, text.data(), size);
  m_text_free += size;
  return {dest, size};
}

void ChunkBuffer::next_text_block(std::size_t size) {
  // Skip kept blocks too small for this text; they serve the next chunk.
  while (m_next_block < m_text.size() && m_text[m_next_block].size() < size) ++m_next_block;
  if (m_next_block == m_text.size()) m_text.emplace_back(std::max(text_block_bytes, size), '\0');
  std::string& block = m_text[m_next_block++];
  m_text_free = block.data();
  m_text_end = block.data() + block.size();
}

void ChunkBuffer::prefetch_texts(std::size_t index) const noexcept {
  if (m_lasting.empty() || index >= m_rows.size()) return;
  // Every text of the row, not only the lasting ones: telling them apart
  // costs more than prefetching the copies, which lie together in the
  // chunk's blocks.
  const std::size_t end = index + 1 < m_rows.size() ? m_rows[index + 1].first_cell : m_cell_count;
  for (std::size_t i = m_rows[index].first_cell; i < end; ++i) {
    const std::string_view text = m_cells[i].text;
    if (!text.empty()) __builtin_prefetch(text.data());
  }
}

workbook::RowView ChunkBuffer::row(std::size_t index) const {
  const std::size_t begin = m_rows[index].first_cell;
  const std::size_t end = index + 1 < m_rows.size() ? m_rows[index + 1].first_cell : m_cell_count;
  return workbook::RowView{m_rows[index].number,
                           std::span<const workbook::Cell>(m_cells.data() + begin, end - begin)};
}

}  // namespace pgdatahub::orchestrator
