// Where the table sits in a sheet, as a folder's config says: a title block
// above the header (header_row, skip_rows, range) and a totals block below
// it (skip_footer), through the real binary into a real PostgreSQL, with
// every loaded value compared with what was written.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class SheetLayoutTest : public test::DatabaseFixture {
 protected:
  // An HR export: a title and a date line, a blank row, the header on row
  // 4, three people, a blank row and a totals line.
  void write_report(const fs::path& file, const std::string& month, std::uint16_t first_col = 0) {
    fs::create_directories(file.parent_path());
    test::XlsxBuilder book(file);
    const std::uint16_t c = first_col;
    book.sheet("Report").text(0, c, "Headcount report Berlin " + month);
    book.text(1, c, "exported 2024-03-01");
    book.text(3, c, "Name").text(3, c + 1, "Team").text(3, c + 2, "FTE");
    book.text(4, c, "Ada").text(4, c + 1, "Core").number(4, c + 2, 1);
    book.text(5, c, "Grace").text(5, c + 1, "Ops").number(5, c + 2, 0.5);
    book.text(6, c, "Linus").text(6, c + 1, "Core").number(6, c + 2, 0.8);
    book.text(8, c, "Total").number(8, c + 2, 2.3);
    book.close();
  }
};

TEST_F(SheetLayoutTest, HeaderRowAndSkipFooterTakeTheTableOutOfAReport) {
  write_report(data() / "hr" / "2024-01.xlsx", "2024-01");
  write_report(data() / "hr" / "2024-02.xlsx", "2024-02");
  const auto run = etl_with("hr:\n  header_row: 4\n  skip_footer: 1\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // The monthly titles make no column; the totals line is not a row.
  EXPECT_EQ(data_columns("hr"), "name,team,fte");
  EXPECT_EQ(rows("hr", "name, team, fte"),
            "Ada|Core|1\nGrace|Ops|0.5\nLinus|Core|0.8\nAda|Core|1\nGrace|Ops|0.5\nLinus|Core|0.8");
  EXPECT_EQ(scalar("SELECT string_agg(source_row::text, ',' ORDER BY source_row) FROM hr "
                   "WHERE source_file = 'hr/2024-01.xlsx'"),
            "5,6,7");
}

TEST_F(SheetLayoutTest, SkipRowsAndTheDefaultAtTheTopAreInherited) {
  write_report(data() / "hr" / "berlin" / "2024-01.xlsx", "2024-01");
  const auto run = etl_with("default_skip_rows: 3\nhr:\n  skip_footer: 1\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(data_columns("hr_berlin"), "name,team,fte");
  EXPECT_EQ(rows("hr_berlin", "name, team, fte"), "Ada|Core|1\nGrace|Ops|0.5\nLinus|Core|0.8");
}

TEST_F(SheetLayoutTest, ARangeCutsColumnsAndRows) {
  write_report(data() / "hr" / "2024-01.xlsx", "2024-01", 1);  // the report starts in column B
  {
    // A note right of the table, outside the range.
    test::XlsxBuilder book(data() / "hr" / "2024-02.xlsx");
    book.sheet("Report").text(3, 1, "Name").text(3, 2, "Team").text(3, 3, "FTE");
    book.text(3, 5, "checked by").text(4, 5, "Eve");
    book.text(4, 1, "Ken").text(4, 2, "Ops").number(4, 3, 1);
    book.text(5, 1, "Total").number(5, 3, 1);
    book.close();
  }
  const auto run = etl_with("hr:\n  range: \"B4:D7\"\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(data_columns("hr"), "name,team,fte");
  EXPECT_EQ(rows("hr", "name, team, fte"),
            "Ada|Core|1\nGrace|Ops|0.5\nLinus|Core|0.8\nKen|Ops|1\nTotal|1");
}

TEST_F(SheetLayoutTest, AMalformedLayoutNamesTheKeyAndLoadsNothing) {
  write_report(data() / "hr" / "2024-01.xlsx", "2024-01");
  const auto bad_range = etl_with("hr:\n  range: \"4A:H\"\n");
  EXPECT_EQ(bad_range.exit_code, 2) << bad_range.out << bad_range.err;
  EXPECT_NE(bad_range.err.find("hr.range: '4A:H' is not an A1 range"), std::string::npos)
      << bad_range.err;
  const auto both = etl_with("hr:\n  header_row: 4\n  skip_rows: 3\n");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("header_row, skip_rows and range each say where the header is"),
            std::string::npos)
      << both.err;
  const auto zero = etl_with("hr:\n  header_row: 0\n");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("header_row"), std::string::npos) << zero.err;
  const auto typo = etl_with("hr:\n  csv_encoding: latin1\n");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("hr.csv_encoding: unknown setting (did you mean csv: {encoding: ...}?)"),
            std::string::npos)
      << typo.err;
  EXPECT_EQ(scalar("SELECT to_regclass('hr') IS NULL"), "t");
}

}  // namespace
}  // namespace pgdatahub
