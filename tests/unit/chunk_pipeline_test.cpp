#include <pgdatahub/orchestrator/chunk_pipeline.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <string>

namespace pgdatahub::orchestrator {
namespace {

// Rows 1..row_count, each one text cell holding its number; throws a
// FileError instead of row `fail_at` (0: never). Like the real readers, a
// row's text dies when the next row is read.
class CountingReader : public workbook::SheetReader {
 public:
  CountingReader(std::uint32_t row_count, std::uint32_t fail_at = 0)
      : m_row_count(row_count), m_fail_at(fail_at) {}

  bool next_row(workbook::RowView& row) override {
    if (m_next == m_fail_at)
      throw FileError(FileFailure::Corrupt, "broken at " + std::to_string(m_next));
    if (m_next > m_row_count) return false;
    m_text = "row " + std::to_string(m_next);
    m_cell.kind = workbook::CellKind::Text;
    m_cell.text = m_text;
    row.number = m_next++;
    row.cells = std::span<const workbook::Cell>(&m_cell, 1);
    return true;
  }
  const workbook::ReadStats& stats() const override { return m_stats; }
  std::uint32_t rows_read() const { return m_next - 1; }

 private:
  std::uint32_t m_row_count;
  std::uint32_t m_fail_at;
  std::uint32_t m_next = 1;
  std::string m_text;
  workbook::Cell m_cell;
  workbook::ReadStats m_stats;
};

TEST(ChunkPipeline, HandsOutEveryRowInOrderThenNull) {
  CountingReader reader(2500);
  std::atomic<bool> stop{false};
  ChunkPipeline pipeline(reader, 1000, stop);
  std::uint32_t expected = 1;
  std::vector<std::size_t> sizes;
  while (const ChunkBuffer* chunk = pipeline.next()) {
    sizes.push_back(chunk->rows());
    for (std::size_t i = 0; i < chunk->rows(); ++i, ++expected) {
      const auto row = chunk->row(i);
      ASSERT_EQ(row.number, expected);
      ASSERT_EQ(row.cells[0].text, "row " + std::to_string(expected));
    }
  }
  EXPECT_EQ(expected, 2501U);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1000, 1000, 500}));
  EXPECT_EQ(pipeline.next(), nullptr);  // stays at the end
}

TEST(ChunkPipeline, RethrowsTheReadersErrorAfterTheChunksReadBeforeIt) {
  CountingReader reader(5000, 2345);
  std::atomic<bool> stop{false};
  ChunkPipeline pipeline(reader, 1000, stop);
  std::size_t rows = 0;
  try {
    while (const ChunkBuffer* chunk = pipeline.next()) rows += chunk->rows();
    FAIL() << "the reader's error was lost";
  } catch (const FileError& e) {
    EXPECT_EQ(e.failure(), FileFailure::Corrupt);
    EXPECT_STREQ(e.what(), "broken at 2345");
  }
  EXPECT_EQ(rows, 2000U);  // the partial third chunk is never handed out
}

TEST(ChunkPipeline, StopRequestEndsReadingWithInterrupted) {
  CountingReader reader(std::numeric_limits<std::uint32_t>::max() - 1);
  std::atomic<bool> stop{false};
  ChunkPipeline pipeline(reader, 100, stop);
  ASSERT_NE(pipeline.next(), nullptr);
  stop = true;
  EXPECT_THROW(
      {
        while (pipeline.next() != nullptr) {
        }
      },
      Interrupted);
}

TEST(ChunkPipeline, AbandonedPipelineStopsAndJoinsItsThread) {
  CountingReader reader(std::numeric_limits<std::uint32_t>::max() - 1);
  std::atomic<bool> stop{false};
  {
    ChunkPipeline pipeline(reader, 100, stop);
    ASSERT_NE(pipeline.next(), nullptr);
  }  // would hang here if the reading thread were not told to stop
  // At most the three buffers were filled, plus the row that saw the cancel.
  EXPECT_LE(reader.rows_read(), 4U * 100U);
}

}  // namespace
}  // namespace pgdatahub::orchestrator
