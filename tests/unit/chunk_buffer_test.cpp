#include <pgdatahub/orchestrator/chunk_buffer.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::orchestrator {
namespace {

workbook::Cell text_cell(std::uint32_t column, std::string_view text) {
  workbook::Cell cell;
  cell.column = column;
  cell.kind = workbook::CellKind::Text;
  cell.text = text;
  return cell;
}

// Fills a chunk with rows whose texts total several text blocks (and one
// cell larger than a block), then checks every view after the chunk is full.
void fill_and_check(ChunkBuffer& chunk, std::size_t rows, std::size_t seed) {
  chunk.clear();
  std::vector<std::string> expected;
  for (std::size_t r = 0; r < rows; ++r) {
    std::string text(r == rows / 2 ? (3U << 20) : 700 + (r * 37 + seed) % 900,
                     static_cast<char>('a' + (r + seed) % 26));
    text += std::to_string(r);
    expected.push_back(text);  // the source dies before the check, like a reader's row
    const workbook::Cell cells[] = {text_cell(0, text), text_cell(3, "x")};
    chunk.add(workbook::RowView{static_cast<std::uint32_t>(r + 2), cells});
  }
  ASSERT_EQ(chunk.rows(), rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const auto row = chunk.row(r);
    ASSERT_EQ(row.number, r + 2);
    ASSERT_EQ(row.cells.size(), 2U);
    ASSERT_EQ(row.cells[0].text, expected[r]) << "row " << r;
    ASSERT_EQ(row.cells[1].text, "x");
  }
}

TEST(ChunkBuffer, TextsStayValidAcrossBlocksAndReusedChunks) {
  ChunkBuffer chunk;
  fill_and_check(chunk, 5000, 1);
  fill_and_check(chunk, 300, 2);
  fill_and_check(chunk, 8000, 3);
  chunk.clear();
  EXPECT_TRUE(chunk.empty());
}

}  // namespace
}  // namespace pgdatahub::orchestrator
