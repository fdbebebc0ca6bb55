#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/orchestrator/chunk_pipeline.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>
#include <pgdatahub/transform/row_transform.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

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

// Rows 1..row_count of two text cells: A a shared string ("Lyon / FR" and
// the like, from a table that lasts as long as the reader) and B a text of
// the row's own ("own <row> / n<row>"), overwritten by the next row.
class SharedTableReader : public workbook::SheetReader {
 public:
  explicit SharedTableReader(std::uint32_t row_count) : m_row_count(row_count) {
    for (const char* city : {"Lyon / FR", "Graz / AT", "Bern / CH"}) {
      m_offsets.push_back(m_table.size());
      m_table += city;
    }
    m_offsets.push_back(m_table.size());
  }

  bool next_row(workbook::RowView& row) override {
    if (m_next > m_row_count) return false;
    m_own.assign(m_own.size(), '#');  // what the previous row's views saw is gone
    m_own = "own " + std::to_string(m_next) + " / n" + std::to_string(m_next);
    m_cells[0] = workbook::Cell{0, workbook::CellKind::Text, false, 0, 0, shared(m_next)};
    m_cells[1] = workbook::Cell{1, workbook::CellKind::Text, false, 0, 0, m_own};
    row.number = m_next++;
    row.cells = m_cells;
    return true;
  }
  const workbook::ReadStats& stats() const override { return m_stats; }
  std::string_view lasting_texts() const override { return m_table; }

  std::string_view shared(std::uint32_t row) const {
    const std::size_t i = row % 3;
    return std::string_view(m_table).substr(m_offsets[i], m_offsets[i + 1] - m_offsets[i]);
  }

 private:
  std::uint32_t m_row_count;
  std::uint32_t m_next = 1;
  std::string m_table;
  std::vector<std::size_t> m_offsets;
  std::string m_own;
  workbook::Cell m_cells[2];
  workbook::ReadStats m_stats;
};

bool inside(std::string_view text, std::string_view range) {
  return !text.empty() && text.data() >= range.data() &&
         text.data() + text.size() <= range.data() + range.size();
}

TEST(ChunkPipeline, KeepsTheReadersLastingTextsByView) {
  SharedTableReader reader(2500);
  std::atomic<bool> stop{false};
  ChunkPipeline pipeline(reader, 1000, stop);
  std::uint32_t expected = 1;
  while (const ChunkBuffer* chunk = pipeline.next()) {
    for (std::size_t i = 0; i < chunk->rows(); ++i, ++expected) {
      const auto row = chunk->row(i);
      ASSERT_EQ(row.cells[0].text.data(), reader.shared(expected).data());
      ASSERT_EQ(row.cells[1].text,
                "own " + std::to_string(expected) + " / n" + std::to_string(expected));
    }
  }
  EXPECT_EQ(expected, 2501U);
}

// With a transform, rows are copied twice (as read, then as shaped): a
// shaped text cut from a shared string still lies in the table and is kept
// by view; one cut from the row's own text lies in the first copy, which the
// next chunk overwrites, so the chunk must hold its own copy.
TEST(ChunkPipeline, ATransformsRowsKeepOnlyTheTextsThatLast) {
  const auto settings = config::EtlConfig::parse(R"yaml(f:
  split:
    A: {separator: " / ", into: [city, country]}
    B: {separator: " / ", into: [own, number]}
)yaml",
                                                 "cfg")
                            .resolve({"f"})
                            .transforms;
  transform::RowTransform shape(settings, {}, "f/a.xlsx", "S", {"A", "B"});
  SharedTableReader reader(2500);
  std::atomic<bool> stop{false};
  std::uint32_t expected = 1;
  {
    ChunkPipeline pipeline(reader, 700, stop, &shape);
    while (const ChunkBuffer* chunk = pipeline.next()) {
      const auto& headers = chunk->headers();
      for (std::size_t i = 0; i < chunk->rows(); ++i, ++expected) {
        std::map<std::string, std::string_view> values;
        for (const auto& cell : chunk->row(i).cells) values[headers[cell.column]] = cell.text;
        const std::string_view place = reader.shared(expected);
        ASSERT_EQ(values["city"], place.substr(0, 4));
        ASSERT_EQ(values["city"].data(), place.data());  // kept by view
        ASSERT_EQ(values["country"].data(), place.data() + 7);
        ASSERT_EQ(values["own"], "own " + std::to_string(expected));
        ASSERT_FALSE(inside(values["own"], reader.lasting_texts()));
        ASSERT_EQ(values["number"], "n" + std::to_string(expected));
      }
    }
  }
  EXPECT_EQ(expected, 2501U);
}

}  // namespace
}  // namespace pgdatahub::orchestrator
