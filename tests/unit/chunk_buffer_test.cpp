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

TEST(ChunkBuffer, KeepsALastingTextByViewAndCopiesTheOthers) {
  const std::string table = "alphabetagamma";  // a shared string table: alpha, beta, gamma
  const std::string_view lasting = table;
  ChunkBuffer chunk;
  chunk.keep_views_into(lasting);
  std::string row_text = "inline text";  // the reader's row buffer
  const workbook::Cell cells[] = {text_cell(0, lasting.substr(0, 5)), text_cell(1, row_text),
                                  text_cell(2, lasting.substr(5, 4)), text_cell(3, lasting)};
  chunk.add(workbook::RowView{7, cells});
  row_text.assign(row_text.size(), '#');  // the reader reads its next row over it

  const auto row = chunk.row(0);
  ASSERT_EQ(row.cells.size(), 4U);
  EXPECT_EQ(row.cells[0].text.data(), table.data());  // the very table's bytes
  EXPECT_EQ(row.cells[2].text.data(), table.data() + 5);
  EXPECT_EQ(row.cells[3].text.data(), table.data());  // the whole range is inside it
  EXPECT_EQ(row.cells[1].text, "inline text");        // copied before it was overwritten
  EXPECT_NE(row.cells[1].text.data(), row_text.data());
  EXPECT_EQ(row.cells[0].text, "alpha");
  EXPECT_EQ(row.cells[2].text, "beta");
}

TEST(ChunkBuffer, CopiesATextThatOnlyOverlapsTheLastingRange) {
  std::string memory = "0123456789abcdefghij";
  ChunkBuffer chunk;
  chunk.keep_views_into(std::string_view(memory).substr(5, 10));  // "56789abcde"
  const std::string_view whole = memory;
  const workbook::Cell cells[] = {text_cell(0, whole.substr(0, 6)),   // starts before it
                                  text_cell(1, whole.substr(14, 3)),  // ends after it
                                  text_cell(2, whole.substr(4, 12)),  // covers it
                                  text_cell(3, whole.substr(14, 1)),  // its last byte
                                  text_cell(4, whole.substr(5, 1))};  // its first byte
  chunk.add(workbook::RowView{1, cells});
  memory.assign(memory.size(), '#');

  const auto row = chunk.row(0);
  EXPECT_EQ(row.cells[0].text, "012345");
  EXPECT_EQ(row.cells[1].text, "efg");
  EXPECT_EQ(row.cells[2].text, "456789abcdef");
  EXPECT_EQ(row.cells[3].text, "#");  // kept by view: it lies inside
  EXPECT_EQ(row.cells[4].text, "#");
}

TEST(ChunkBuffer, WithoutALastingRangeCopiesEveryText) {
  std::string source = "kept nowhere";
  ChunkBuffer chunk;
  const workbook::Cell cells[] = {text_cell(0, source)};
  chunk.add(workbook::RowView{1, cells});
  source.assign(source.size(), '#');
  EXPECT_EQ(chunk.row(0).cells[0].text, "kept nowhere");
}

// Rows whose texts alternate between a lasting table and the reader's row
// buffer, with numbers and empty texts between them, across reused chunks.
TEST(ChunkBuffer, MixedRowsSurviveReuse) {
  std::string table;
  for (int i = 0; i < 100; ++i) table += "s" + std::to_string(i) + ";";
  ChunkBuffer chunk;
  chunk.keep_views_into(table);
  for (int round = 0; round < 3; ++round) {
    chunk.clear();
    std::vector<std::string> expected;
    std::string row_text;
    for (std::uint32_t r = 0; r < 2000; ++r) {
      row_text = "row " + std::to_string(r) + std::string(r % 50, 'x');
      const std::string_view shared = std::string_view(table).substr(r % 300, 4);
      workbook::Cell number;
      number.column = 1;
      number.kind = workbook::CellKind::Number;
      number.number = r;
      const workbook::Cell cells[] = {text_cell(0, shared), number, text_cell(2, row_text),
                                      text_cell(3, "")};
      chunk.add(workbook::RowView{r + 1, cells});
      expected.push_back(std::string(shared) + "|" + row_text);
      row_text.assign(row_text.size(), '#');
    }
    ASSERT_EQ(chunk.rows(), 2000U);
    for (std::uint32_t r = 0; r < 2000; ++r) {
      const auto row = chunk.row(r);
      ASSERT_EQ(row.number, r + 1);
      ASSERT_EQ(row.cells.size(), 4U);
      EXPECT_EQ(row.cells[0].text.data(), table.data() + r % 300);
      EXPECT_EQ(row.cells[1].number, r);
      EXPECT_EQ(std::string(row.cells[0].text) + "|" + std::string(row.cells[2].text), expected[r]);
      EXPECT_TRUE(row.cells[3].text.empty());
    }
  }
}

// The encoder asks for texts a few rows ahead, past the chunk's last row
// too: those asks, and asks on a chunk that holds nothing yet, do nothing.
TEST(ChunkBuffer, PrefetchingTextsAheadOfAnyRowLeavesTheChunkAsItIs) {
  const std::string table = "alphabeta";
  ChunkBuffer chunk;
  chunk.keep_views_into(table);
  for (std::size_t i = 0; i < 8; ++i) chunk.prefetch_texts(i);  // empty: no row to look at
  const workbook::Cell cells[] = {text_cell(0, std::string_view(table).substr(5))};
  chunk.add(workbook::RowView{1, cells});
  chunk.add(workbook::RowView{2, {}});  // a row with no cells, last
  for (std::size_t i = 0; i < 8; ++i) chunk.prefetch_texts(i);
  ASSERT_EQ(chunk.rows(), 2U);
  EXPECT_EQ(chunk.row(0).cells[0].text, "beta");
  EXPECT_TRUE(chunk.row(1).cells.empty());
}

}  // namespace
}  // namespace pgdatahub::orchestrator
