#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/ods/ods_sheet_reader.hpp>
#include <pgdatahub/workbook/ods/ods_workbook.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

namespace pgdatahub::workbook::ods {
namespace {

std::span<const std::byte> as_bytes(const std::string& text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

std::string flat_document(const std::string& tables) {
  return "<?xml version=\"1.0\"?><office:document "
         "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
         "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
         "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
         "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\">"
         "<office:body><office:spreadsheet>" +
         tables + "</office:spreadsheet></office:body></office:document>";
}

TEST(OdsDuration, ParsesOdfDurations) {
  EXPECT_EQ(parse_odf_duration("PT12H30M00S"), 45000LL * 1000000);
  EXPECT_EQ(parse_odf_duration("PT36H00M00.5S"), 129600LL * 1000000 + 500000);
  EXPECT_EQ(parse_odf_duration("P1DT1H"), 90000LL * 1000000);
  EXPECT_EQ(parse_odf_duration("-PT1H"), -3600LL * 1000000);
  EXPECT_FALSE(parse_odf_duration("P1Y"));
  EXPECT_FALSE(parse_odf_duration("12:00"));
}

TEST(FodsReader, TypedCellsRepeatsAndText) {
  const std::string doc = flat_document(
      "<table:table table:name=\"Data\">"
      "<table:table-column table:number-columns-repeated=\"3\"/>"
      "<table:table-row>"
      "<table:table-cell office:value-type=\"float\" "
      "office:value=\"1.5\"><text:p>1,5</text:p></table:table-cell>"
      "<table:table-cell table:number-columns-repeated=\"2\"/>"
      "<table:table-cell office:value-type=\"string\"><text:p>a<text:s "
      "text:c=\"2\"/>b<text:tab/>c</text:p>"
      "<text:p>second <text:span>line</text:span><text:line-break/>x</text:p></table:table-cell>"
      "</table:table-row>"
      "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell "
      "table:number-columns-repeated=\"1024\"/></table:table-row>"
      "<table:table-row table:number-rows-repeated=\"2\">"
      "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-01\"/>"
      "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-01T13:45:00\"/>"
      "<table:table-cell office:value-type=\"time\" office:time-value=\"PT13H45M00S\"/>"
      "<table:table-cell office:value-type=\"time\" office:time-value=\"PT25H00M00S\"/>"
      "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"/>"
      "<table:covered-table-cell office:value-type=\"percentage\" office:value=\"0.25\"/>"
      "<table:table-cell office:value-type=\"string\" "
      "calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell>"
      "</table:table-row>"
      "</table:table><table:table table:name=\"Empty\"/>");
  auto book = open_fods_workbook(as_bytes(doc), "x.fods");
  ASSERT_EQ(book->sheets().size(), 2u);
  EXPECT_EQ(book->sheets()[0].name, "Data");
  EXPECT_EQ(book->sheets()[1].name, "Empty");
  auto reader = book->open_sheet(0);
  const std::string rest =
      " A=d:2024-03-01 B=dt:2024-03-01 13:45:00 C=tm:13:45:00 D=du:90000000000 E=b:1 F=n:0.25 "
      "G=e:#DIV/0!";
  EXPECT_EQ(test::dump_rows(*reader),
            (std::vector<std::string>{"1 A=n:1.5 D=t:a  b\tc\nsecond line\nx", "1000002" + rest,
                                      "1000003" + rest}));
  EXPECT_EQ(reader->stats().error_cells, 2u);
  EXPECT_TRUE(test::dump_rows(*book->open_sheet(1)).empty());
}

TEST(FodsReader, PrettyPrintedCellsHoldOnlyTheirParagraphs) {
  // Indentation between a cell's elements is layout, not text; several
  // paragraphs join with newlines, as every peer reads them.
  const std::string doc = flat_document(
      "\n  <table:table table:name=\"Data\">\n    <table:table-row>\n"
      "      <table:table-cell office:value-type=\"string\">\n"
      "        <text:p>first</text:p>\n        <text:p>second</text:p>\n      </table:table-cell>\n"
      "      <table:table-cell office:value-type=\"float\" office:value=\"2\">\n"
      "        <text:p>2</text:p>\n      </table:table-cell>\n"
      "      <table:table-cell>\n        <text:p>untyped</text:p>\n      </table:table-cell>\n"
      "    </table:table-row>\n  </table:table>\n");
  auto book = open_fods_workbook(as_bytes(doc), "x.fods");
  EXPECT_EQ(test::dump_rows(*book->open_sheet(0)),
            (std::vector<std::string>{"1 A=t:first\nsecond B=n:2 C=t:untyped"}));
}

TEST(FodsReader, RepeatedFilledCellsHitTheResourceLimit) {
  const std::string doc = flat_document(
      "<table:table table:name=\"S\"><table:table-row table:number-rows-repeated=\"999999999\">"
      "<table:table-cell table:number-columns-repeated=\"100\" "
      "office:value-type=\"string\"><text:p>X</text:p>"
      "</table:table-cell></table:table-row></table:table>");
  auto book = open_fods_workbook(as_bytes(doc), "x.fods");
  try {
    test::dump_rows(*book->open_sheet(0));
    FAIL() << "expected FileError";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::ResourceLimit);
  }
}

TEST(FodsReader, TruncatedDocumentFails) {
  const std::string doc =
      flat_document("<table:table table:name=\"S\"><table:table-row><table:table-cell>");
  EXPECT_THROW(
      {
        auto book = open_fods_workbook(as_bytes(doc.substr(0, doc.size() - 60)), "x.fods");
        for (std::size_t i = 0; i < book->sheets().size(); ++i)
          test::dump_rows(*book->open_sheet(i));
      },
      FileError);
}

TEST(OdsReader, CorpusFiles) {
  const auto dir = test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  auto bytes = test::read_bytes(*dir / "calamine/date.ods");
  auto book = open_ods_workbook(bytes, "date.ods", {});
  EXPECT_EQ(
      test::dump_rows(*book->open_sheet(0)),
      (std::vector<std::string>{"1 A=d:2021-01-01 B=n:15", "2 A=dt:2021-01-01 10:10:10 B=n:16",
                                "3 A=tm:10:10:10 B=n:17", "4 A=tm:10:10:10.123456 B=n:18"}));
  bytes = test::read_bytes(*dir / "calamine/pass_protected.ods");
  try {
    open_ods_workbook(bytes, "pass_protected.ods", {});
    FAIL() << "expected FileError";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::Encrypted);
  }
  bytes = test::read_bytes(*dir / "calamine/issue_594_dos.ods");
  book = open_ods_workbook(bytes, "issue_594_dos.ods", {});
  EXPECT_THROW(test::dump_rows(*book->open_sheet(0)), FileError);
}

}  // namespace
}  // namespace pgdatahub::workbook::ods
