// The layout keys as parsed from the config, and the window they cut out
// of a sheet's rows (skip above, range columns, footer held back).
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/sheet_window.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::orchestrator {
namespace {

// Rows 1..row_count with a text cell in columns A, B and C ("r<row><col>");
// like the real readers, a row's texts die when the next row is read.
class GridReader : public workbook::SheetReader {
 public:
  explicit GridReader(std::uint32_t row_count) : m_row_count(row_count) {}

  bool next_row(workbook::RowView& row) override {
    if (m_next > m_row_count) return false;
    for (std::uint32_t col = 0; col < 3; ++col) {
      m_texts[col] = "r" + std::to_string(m_next) + static_cast<char>('A' + col);
      m_cells[col] = workbook::Cell{col, workbook::CellKind::Text, false, 0, 0, m_texts[col]};
    }
    row.number = m_next++;
    row.cells = m_cells;
    return true;
  }
  const workbook::ReadStats& stats() const override { return m_stats; }

 private:
  std::uint32_t m_row_count;
  std::uint32_t m_next = 1;
  std::string m_texts[3];
  workbook::Cell m_cells[3];
  workbook::ReadStats m_stats;
};

// Every row the window gives, as "number:text,text".
std::vector<std::string> read_all(const config::SheetLayout& layout, std::uint32_t rows) {
  auto reader = window_rows(std::make_unique<GridReader>(rows), layout);
  std::vector<std::string> out;
  workbook::RowView row;
  while (reader->next_row(row)) {
    std::string line = std::to_string(row.number) + ":";
    for (const auto& cell : row.cells) line += std::string(cell.text) + ",";
    out.push_back(line);
  }
  return out;
}

config::SheetLayout layout_of(const std::string& yaml) {
  return config::EtlConfig::parse(yaml, "cfg").resolve({"f"}).layout;
}

TEST(SheetWindow, HeaderRowSkipsTheRowsAbove) {
  EXPECT_EQ(read_all(layout_of("f: {header_row: 3}"), 4),
            (std::vector<std::string>{"3:r3A,r3B,r3C,", "4:r4A,r4B,r4C,"}));
  EXPECT_EQ(read_all(layout_of("f: {skip_rows: 3}"), 4),
            (std::vector<std::string>{"4:r4A,r4B,r4C,"}));
}

TEST(SheetWindow, SkipFooterHoldsTheLastRowsBackAndKeepsTextsAlive) {
  EXPECT_EQ(read_all(layout_of("f: {skip_footer: 2}"), 5),
            (std::vector<std::string>{"1:r1A,r1B,r1C,", "2:r2A,r2B,r2C,", "3:r3A,r3B,r3C,"}));
  EXPECT_TRUE(read_all(layout_of("f: {skip_footer: 5}"), 5).empty());
}

TEST(SheetWindow, ARangeCutsColumnsAndRows) {
  EXPECT_EQ(read_all(layout_of("f: {range: \"B2:C3\"}"), 5),
            (std::vector<std::string>{"2:r2B,r2C,", "3:r3B,r3C,"}));
  EXPECT_EQ(read_all(layout_of("f: {range: \"C\", skip_footer: 1}"), 3),
            (std::vector<std::string>{"1:r1C,", "2:r2C,"}));
}

TEST(SheetWindow, NoLayoutIsTheReaderItself) {
  auto grid = std::make_unique<GridReader>(1);
  const auto* address = grid.get();
  EXPECT_EQ(window_rows(std::move(grid), {}).get(), address);
}

TEST(SheetLayoutConfig, RangesInA1Notation) {
  const auto range = config::parse_range("b4:aa", "r");
  EXPECT_EQ(range.first_column, 1U);
  EXPECT_EQ(range.last_column, 26U);
  EXPECT_EQ(range.first_row, 4U);
  EXPECT_EQ(range.last_row, UINT32_MAX);
  for (const char* bad : {"", ":", "4A", "A0", "C:A", "A5:B2", "XFE1", "A1:B2:C3", "A-1"})
    EXPECT_THROW(config::parse_range(bad, "r"), ConfigError) << bad;
}

TEST(SheetLayoutConfig, DefaultsAndSubfoldersInheritAndReplaceThePlacement) {
  const auto config = config::EtlConfig::parse(
      "default_skip_footer: 1\nhr:\n  header_row: 4\n  berlin:\n    range: \"A2:C\"\n", "cfg");
  const auto hr = config.resolve({"hr"}).layout;
  EXPECT_EQ(hr.header_row, 4U);
  EXPECT_EQ(hr.skip_footer, 1U);
  const auto berlin = config.resolve({"hr", "berlin"}).layout;
  EXPECT_FALSE(berlin.header_row);
  EXPECT_EQ(berlin.range, "A2:C");
  EXPECT_EQ(berlin.skip_footer, 1U);
  EXPECT_TRUE(config.resolve({"sales"}).layout.skip_footer);
}

TEST(SheetLayoutConfig, MistakesNameTheKey) {
  EXPECT_THROW(config::EtlConfig::parse("hr: {header_row: 0}", "cfg"), ConfigError);
  EXPECT_THROW(config::EtlConfig::parse("hr: {skip_footer: many}", "cfg"), ConfigError);
  EXPECT_THROW(config::EtlConfig::parse("hr: {header_row: 2, range: A2}", "cfg"), ConfigError);
  EXPECT_THROW(config::EtlConfig::parse("default_range: \"2B\"", "cfg"), ConfigError);
}

TEST(SheetLayoutConfig, AnUnknownKeySuggestsTheNearestKnownOne) {
  const auto message = [](const std::string& yaml) {
    try {
      config::EtlConfig::parse(yaml, "cfg");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("sales: {csv_encoding: latin1}").find("did you mean csv: {encoding: ...}?"),
            std::string::npos);
  EXPECT_NE(message("sales: {heder_row: 4}").find("did you mean header_row?"), std::string::npos);
  EXPECT_NE(message("chunk_sise: 10").find("did you mean chunk_size?"), std::string::npos);
  EXPECT_EQ(message("sales: {colour: blue}").find("did you mean"), std::string::npos);
}

}  // namespace
}  // namespace pgdatahub::orchestrator
