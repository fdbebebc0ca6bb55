// Issue 12 end to end: what the readers now read as the peers do reaches
// PostgreSQL through the real binary: column comments, lenient row numbers
// noted in the ledger, Apple Numbers named, and the corpus files the issue
// names loaded with the values Excel, LibreOffice and the native readers show.
#include "support/corpus.hpp"
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

class ReaderFidelityTest : public test::DatabaseFixture {
 protected:
  // etl --json, its exit code checked, its output parsed.
  nlohmann::json etl(int expected_exit) {
    const auto run = DatabaseFixture::etl({"--json"});
    EXPECT_EQ(run.exit_code, expected_exit) << run.out << run.err;
    return nlohmann::json::parse(run.out);
  }

  std::string comment(const std::string& table, const std::string& column) {
    return scalar(
        "SELECT coalesce(col_description(to_regclass($1), attnum), '<none>') FROM pg_attribute "
        "WHERE attrelid = to_regclass($1) AND attname = $2",
        {table, column});
  }
};

TEST_F(ReaderFidelityTest, EveryColumnCommentIsItsOriginalHeader) {
  fs::create_directories(data() / "stock");
  {
    test::XlsxBuilder book(data() / "stock" / "a.xlsx");
    book.sheet("Sheet1")
        .text(0, 0, "qty")
        .text(0, 1, "Amount (EUR)")
        .number(1, 0, 1)
        .number(1, 1, 2.5);
    book.close();
  }
  {
    test::XlsxBuilder book(data() / "stock" / "b.xlsx");
    book.sheet("Sheet1").text(0, 0, "qty").text(0, 1, "note").number(1, 0, 2).text(1, 1, "late");
    book.close();
  }
  etl(0);
  EXPECT_EQ(comment("stock", "qty"), "qty");  // unchanged by cleaning, still there
  EXPECT_EQ(comment("stock", "amount_eur"), "Amount (EUR)");
  EXPECT_EQ(comment("stock", "note"), "note");  // added by the second file
}

TEST_F(ReaderFidelityTest, RowsNumberedFromZeroLoadAndTheLedgerSaysSo) {
  test::RawPackage package;
  package.sheets.push_back(
      {"Data",
       test::sheet_xml(R"(<row r="0"><c r="A0" t="inlineStr"><is><t>name</t></is></c></row>)"
                       R"(<row r="1"><c r="A1" t="inlineStr"><is><t>ada</t></is></c></row>)"
                       R"(<row r="2"><c r="A2" t="inlineStr"><is><t>bob</t></is></c></row>)"),
       ""});
  write_file("people/zero.xlsx", test::make_xlsx(package));
  etl(0);
  EXPECT_EQ(
      scalar("SELECT string_agg(name || '@' || source_row, ',' ORDER BY source_row) FROM people"),
      "ada@2,bob@3");
  EXPECT_EQ(scalar("SELECT status || ': ' || error_message FROM etl_imports"),
            "loaded: sheet 'Data' numbers its rows from 0: read as numbered from 1");
}

TEST_F(ReaderFidelityTest, AppleNumbersFailsAloneSayingWhatToDo) {
  write_file("budget/plan.numbers", test::make_zip({{"Index/Document.iwa", "x", false},
                                                    {"Metadata/Properties.plist", "x", false}}));
  {
    test::XlsxBuilder book(data() / "budget" / "plan.xlsx");
    book.sheet("Sheet1").text(0, 0, "item").text(1, 0, "rent");
    book.close();
  }
  const auto summary = etl(1);
  bool seen = false;
  for (const auto& file : summary["files"]) {
    if (file["file"] != "budget/plan.numbers") continue;
    seen = true;
    EXPECT_EQ(file["status"], "failed");
    EXPECT_EQ(file["reason"], "not supported");
    EXPECT_NE(file["error"].get<std::string>().find("Apple Numbers: export it as .xlsx"),
              std::string::npos)
        << file["error"];
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(scalar("SELECT count(*) FROM budget"), "1");
}

TEST_F(ReaderFidelityTest, CorpusFilesLoadAsThePeersShowThem) {
  const auto corpus = test::corpus_dir();
  if (!corpus)
    GTEST_SKIP() << "../shared/corpus is not beside the checkout; this test loads its files";
  fs::create_directories(data() / "leap");
  fs::create_directories(data() / "newlines");
  fs::copy_file(*corpus / "readxl/dates-leap-year-1900-xlsx.xlsx", data() / "leap" / "leap.xlsx");
  fs::copy_file(*corpus / "readxl/new_line_errors.xlsx", data() / "newlines" / "errors.xlsx");
  fs::copy_file(*corpus / "poi/poc-shared-strings.xlsx", data() / "newlines" / "poc.xlsx");
  const auto summary = etl(1);

  // Serials 59.33, 60.33 (Excel's 1900-02-29) and 61.33: three timestamps, never two.
  EXPECT_EQ(scalar("SELECT string_agg(dttm::text, ',' ORDER BY source_row) FROM leap WHERE "
                   "source_row BETWEEN 4 AND 6"),
            "1900-02-27 08:00:00,1900-02-28 08:00:00,1900-03-01 08:00:00");
  EXPECT_EQ(scalar("SELECT count(DISTINCT dttm) = count(*) FROM leap"), "t");
  // A literal CR LF is LF; the _x000D_ before it is a CR the writer kept.
  EXPECT_EQ(scalar("SELECT column_name FROM newlines"),
            "first line of text \r\nsecond line of text \r\ni don't know what type of line feed "
            "I've used "
            "\r\nlast line");
  // Its rows count from 0 (repaired), but one 1 MB shared string in all
  // 12,000 cells is an amplification: refused before gigabytes reach the table.
  bool seen = false;
  for (const auto& file : summary["files"]) {
    if (file["file"] != "newlines/poc.xlsx") continue;
    seen = true;
    EXPECT_EQ(file["status"], "failed");
    EXPECT_EQ(file["reason"], "resource limit") << file["error"];
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(scalar("SELECT count(*) FROM newlines WHERE source_file = 'newlines/poc.xlsx'"), "0");
}

// POI 45290 (a sector chain past its stream's size) and 64130 (a chart's data
// sheet listed as a chart): the cells LibreOffice reads load, and the ledger
// names each repair.
TEST_F(ReaderFidelityTest, LenientOle2FilesLoadAndTheLedgerNamesTheRepair) {
  const auto corpus = test::corpus_dir();
  if (!corpus)
    GTEST_SKIP() << "../shared/corpus is not beside the checkout; this test loads its files";
  fs::create_directories(data() / "auctions");
  fs::create_directories(data() / "daylight");
  fs::copy_file(*corpus / "poi/45290.xls", data() / "auctions" / "45290.xls");
  fs::copy_file(*corpus / "poi/64130.xls", data() / "daylight" / "64130.xls");
  etl(0);
  EXPECT_EQ(scalar("SELECT count(*) FROM auctions"), "45");
  EXPECT_EQ(scalar("SELECT status || ': ' || error_message FROM etl_imports WHERE table_name = "
                   "'auctions'"),
            "loaded: the OLE2 stream 'workbook' has a sector chain longer than its size: read up "
            "to its size");
  EXPECT_EQ(scalar("SELECT dawn::text FROM daylight"), "0.5");
  EXPECT_NE(scalar("SELECT error_message FROM etl_imports WHERE table_name = 'daylight'")
                .find("is listed as a chart but its records are cells"),
            std::string::npos);
}

}  // namespace
}  // namespace pgdatahub
