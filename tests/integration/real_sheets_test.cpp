// Workbooks as people keep them, through the real binary and a real
// PostgreSQL: an empty sheet in front of the data, sheets with no cell or a
// header alone, and styles that run far right of the data. Every loaded
// value is compared with what was written.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class RealSheetsTest : public test::DatabaseFixture {
 protected:
  fs::path book_path(const std::string& folder, const std::string& name) {
    fs::create_directories(data() / folder);
    return data() / folder / name;
  }
};

TEST_F(RealSheetsTest, AnEmptyFirstSheetGivesWayToTheFirstVisibleSheetWithData) {
  {
    test::XlsxBuilder book(book_path("staff", "people.xlsx"));
    book.sheet("Sheet1");
    book.sheet("Secret", true).text(0, 0, "hidden").text(1, 0, "not this");
    book.sheet("People").text(0, 0, "Name").text(0, 1, "Age");
    book.text(1, 0, "Ada").number(1, 1, 36).text(2, 0, "Linus").number(2, 1, 54);
    book.close();
  }
  const auto run = etl({"--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto summary = nlohmann::json::parse(run.out);
  EXPECT_EQ(summary["loaded"], 1);
  EXPECT_EQ(summary["files"][0]["sheet"], "People");
  EXPECT_EQ(summary["files"][0]["notes"][0],
            "sheet 'Sheet1' is empty: loaded sheet 'People', the first visible sheet with data");
  EXPECT_EQ(rows("staff", "name, age"), "Ada|36\nLinus|54");
  EXPECT_EQ(scalar("SELECT sheet FROM etl_imports"), "People");
}

TEST_F(RealSheetsTest, ASheetWithNoCellIsRecordedEmptyNotFailedAndNotRetried) {
  {
    test::XlsxBuilder book(book_path("blank", "nothing.xlsx"));
    book.sheet("Sheet1");
    book.sheet("Sheet2");
    book.close();
  }
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("files: 0 loaded, 1 empty, 0 skipped as duplicates, 0 failed"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("warning: blank/nothing.xlsx loaded no row (sheet 'Sheet1'): sheet "
                         "'Sheet1' has no cells, nor has any other visible sheet"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(scalar("SELECT status || ':' || row_count || ':' || sheet FROM etl_imports"),
            "empty:0:Sheet1");
  EXPECT_EQ(scalar("SELECT to_regclass('blank') IS NULL"), "t");

  const auto again = etl();
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("1 skipped as duplicates"), std::string::npos) << again.out;
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports"), "1");
}

TEST_F(RealSheetsTest, AHeaderAloneCreatesTheTableWithItsColumnsAndWarns) {
  {
    test::XlsxBuilder book(book_path("template", "header.xlsx"));
    book.sheet("Sheet1").text(0, 0, "Invoice No").text(0, 1, "Customer").text(0, 2, "Total");
    book.close();
  }
  const auto dry = etl({"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("sheet 'Sheet1' has a header row and no data row"), std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("create_table template"), std::string::npos) << dry.out;

  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("1 empty"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("warning: template/header.xlsx loaded no row"), std::string::npos)
      << run.out;
  EXPECT_EQ(data_columns("template"), "invoice_no,customer,total");
  EXPECT_EQ(scalar("SELECT count(*) FROM template"), "0");
  EXPECT_EQ(scalar("SELECT status FROM etl_imports"), "empty");

  // The next month's file fills the table the header made.
  {
    test::XlsxBuilder book(book_path("template", "filled.xlsx"));
    book.sheet("Sheet1").text(0, 0, "Invoice No").text(0, 1, "Customer").text(0, 2, "Total");
    book.number(1, 0, 7).text(1, 1, "ACME").number(1, 2, 12.5);
    book.close();
  }
  const auto second = etl();
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_EQ(rows("template", "invoice_no, customer, total"), "7|ACME|12.5");
}

TEST_F(RealSheetsTest, StylesRunningToColumnXfdMakeNoColumn) {
  {
    test::XlsxBuilder book(book_path("styled", "template.xlsx"));
    book.sheet("Data").text(0, 0, "Code").text(0, 1, "Qty").text(0, 2, "Note");
    for (std::uint32_t r = 0; r < 4; ++r) {
      // Formatted but empty: right of the data, between, and at the last column.
      book.blank(r, 3).blank(r, 40).blank(r, 16383);
    }
    book.text(1, 0, "A1").number(1, 1, 3).text(1, 2, "first");
    book.text(2, 0, "B2").number(2, 1, 4);
    book.text(3, 0, "C3").number(3, 1, 5).text(3, 2, "third");
    book.close();
  }
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(data_columns("styled"), "code,qty,note");
  EXPECT_EQ(rows("styled", "code, qty, note"), "A1|3|first\nB2|4\nC3|5|third");
}

TEST_F(RealSheetsTest, AValueWithoutAHeaderStillMakesAColumn) {
  {
    test::XlsxBuilder book(book_path("loose", "values.xlsx"));
    book.sheet("Data").text(0, 0, "Code").blank(0, 1).blank(0, 2);
    book.text(1, 0, "x").blank(1, 1).number(1, 2, 9);
    book.close();
  }
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // Column B has neither a header nor a value; column C has a value.
  EXPECT_EQ(data_columns("loose"), "code,column_3");
  EXPECT_EQ(rows("loose", "code, column_3"), "x|9");
}

TEST_F(RealSheetsTest, AConfigChangeReloadsTheFileInPlaceOfItsEarlierReading) {
  {
    test::XlsxBuilder book(book_path("sales", "q1.xlsx"));
    book.sheet("Notes").text(0, 0, "Read me first").text(1, 0, "Figures in EUR");
    book.sheet("Export").text(0, 0, "Region").text(0, 1, "Amount");
    book.text(1, 0, "North").number(1, 1, 120).text(2, 0, "South").number(2, 1, 80.5);
    book.close();
  }
  const auto first = etl();
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(rows("sales", "read_me_first"), "Figures in EUR");  // the cover sheet, as configured

  std::ofstream(m_dir.path() / "cfg.yaml") << "sales:\n  sheet: Export\n";
  const std::string config = (m_dir.path() / "cfg.yaml").string();
  const auto dry = etl({"--config", config, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("reloaded: config for sales changed (sheet (none) -> Export)"),
            std::string::npos)
      << dry.out;
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "1");

  const auto run = etl({"--config", config});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("reloaded: config for sales changed (sheet (none) -> Export)"),
            std::string::npos)
      << run.err;
  // The earlier reading's row is gone with its import; the new one is in.
  EXPECT_EQ(rows("sales", "region, amount"), "North|120\nSouth|80.5");
  EXPECT_EQ(scalar("SELECT string_agg(status || ':' || coalesce(read_settings, ''), ',' "
                   "ORDER BY id) FROM etl_imports"),
            "reverted:,loaded:sheet=Export");

  const auto again = etl({"--config", config});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("1 skipped as duplicates"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace pgdatahub
