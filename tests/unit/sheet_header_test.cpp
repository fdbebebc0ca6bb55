// Finding a sheet's header: the lone-title rule, the rows read ahead given
// back as data, and several header rows joined per column.
#include "cell_builders.hpp"
#include <pgdatahub/orchestrator/sheet_header.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::orchestrator {
namespace {

// A row from "a|b||7": text cells, empty between bars skipped, digits as numbers.
OwnedRow row(std::uint32_t number, const std::string& spec) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (true) {
    const auto bar = spec.find('|', at);
    parts.push_back(spec.substr(at, bar == std::string::npos ? std::string::npos : bar - at));
    if (bar == std::string::npos) break;
    at = bar + 1;
  }
  std::vector<workbook::Cell> cells;
  for (std::uint32_t c = 0; c < parts.size(); ++c) {
    if (parts[c].empty()) continue;
    const bool digits = parts[c].find_first_not_of("0123456789.") == std::string::npos;
    auto cell = digits ? test::number_cell(std::stod(parts[c])) : test::text_cell(parts[c]);
    cell.column = c;
    cells.push_back(cell);
  }
  OwnedRow owned;
  owned.assign({number, cells});  // copies the texts out of `parts`
  return owned;
}

// Gives out rows built by row(); texts are copied, like a reader's.
class RowsReader : public workbook::SheetReader {
 public:
  explicit RowsReader(std::vector<OwnedRow> rows) : m_rows(std::move(rows)) {}
  bool next_row(workbook::RowView& view) override {
    if (m_next == m_rows.size()) return false;
    view = m_rows[m_next++].view();
    return true;
  }
  const workbook::ReadStats& stats() const override { return m_stats; }

 private:
  std::vector<OwnedRow> m_rows;
  std::size_t m_next = 0;
  workbook::ReadStats m_stats;
};

std::string joined(const std::vector<std::string>& texts) {
  std::string out;
  for (const auto& text : texts) out += (out.empty() ? "" : ",") + text;
  return out;
}

// Reads the header as open_sheet does and returns "header # data rows".
std::string read(std::vector<OwnedRow> rows, const config::SheetLayout& layout,
                 std::string* note = nullptr) {
  auto reader = std::make_unique<RowsReader>(std::move(rows));
  workbook::RowView first;
  EXPECT_TRUE(reader->next_row(first));
  auto header = read_header(std::move(reader), first, layout);
  if (note != nullptr) *note = header.note;
  std::string out = joined(header.texts) + " #";
  workbook::RowView data;
  while (header.reader->next_row(data)) out += " " + std::to_string(data.number);
  return out;
}

TEST(SheetHeaderTest, ALoneTitleOverAWiderTableGivesWayToTheRealHeader) {
  std::vector<OwnedRow> rows{row(1, "Headcount report Berlin"), row(2, "Generated 2024-02-01"),
                             row(4, "Name|Dept|Start|Salary"),  row(5, "Ada|R&D|2019|5000"),
                             row(6, "Linus|Ops||4000"),         row(7, "Grace|R&D|2020|6000")};
  EXPECT_EQ(detect_header(rows), 2u);
  std::string note;
  EXPECT_EQ(read(rows, {}, &note), "Name,Dept,Start,Salary # 5 6 7");
  EXPECT_EQ(note,
            "header on row 4 (rows 1-3 skipped: row 1 holds a lone title over a wider table; "
            "header_row sets it)");
}

TEST(SheetHeaderTest, TheRuleLeavesOrdinarySheetsAlone) {
  // A first row of several values is the header, whatever follows.
  EXPECT_EQ(detect_header(std::vector{row(1, "a|b"), row(2, "x|y|z"), row(3, "1|2|3")}), 0u);
  // One column all the way down.
  EXPECT_EQ(detect_header(std::vector{row(1, "Names"), row(2, "Ada"), row(3, "Linus")}), 0u);
  // A value without a header: the wider row holds a number, so it is data.
  EXPECT_EQ(detect_header(std::vector{row(1, "Code"), row(2, "x||9"), row(3, "y||8")}), 0u);
  // The only wide row is the last one looked at: no data row follows it.
  EXPECT_EQ(detect_header(std::vector{row(1, "Title"), row(2, "a|b")}), 0u);

  std::string note;
  EXPECT_EQ(read({row(1, "Code"), row(2, "x||9"), row(3, "y||8")}, {}, &note), "Code # 2 3");
  EXPECT_EQ(note, "");
}

TEST(SheetHeaderTest, ATitleRowWiderThanOneValueIsNotSkipped) {
  // Detection starts only from a lone value; "Period: | 2024-02" is two.
  EXPECT_EQ(detect_header(std::vector{row(1, "Period:|2024-02"), row(2, "a|b"), row(3, "1|2")}),
            0u);
}

TEST(SheetHeaderTest, AConfiguredHeaderPlaceTurnsDetectionOff) {
  config::SheetLayout layout;
  layout.header_row = 1;
  EXPECT_EQ(read({row(1, "Title"), row(2, "a|b"), row(3, "c|d")}, layout), "Title # 2 3");
}

TEST(SheetHeaderTest, HeaderRowsAreJoinedPerColumnSpreadingMergedCells) {
  const std::vector<OwnedRow> two{row(1, "Region|Q1||Q2|"), row(2, "|Sales|Cost|Sales|Cost")};
  EXPECT_EQ(joined(join_header_rows(two)), "Region,Q1 / Sales,Q1 / Cost,Q2 / Sales,Q2 / Cost");
  // Three rows: a middle row spreads only under its own parent.
  const std::vector<OwnedRow> three{row(1, "|2024||||2025"), row(2, "|H1||H2||H1"),
                                    row(3, "Region|Jan|Feb|Jul|Aug|Jan")};
  EXPECT_EQ(joined(join_header_rows(three)),
            "Region,2024 / H1 / Jan,2024 / H1 / Feb,2024 / H2 / Jul,2024 / H2 / Aug,"
            "2025 / H1 / Jan");
  // A value said again below itself is said once.
  EXPECT_EQ(joined(join_header_rows(std::vector{row(1, "Name|Amount"), row(2, "Name|EUR")})),
            "Name,Amount / EUR");

  config::SheetLayout layout;
  layout.header_rows = 2;
  std::string note;
  EXPECT_EQ(read({row(3, "Region|Q1"), row(4, "|Sales"), row(5, "North|7")}, layout, &note),
            "Region,Q1 / Sales # 5");
  EXPECT_EQ(note, "header rows 3-4 joined per column");
}

}  // namespace
}  // namespace pgdatahub::orchestrator
