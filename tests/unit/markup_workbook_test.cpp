// The two markup "Excel" formats that are neither OOXML nor BIFF: Excel 2003
// XML (SpreadsheetML 2003) and HTML tables, read cell by cell.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::workbook {
namespace {

std::span<const std::byte> as_bytes(const std::string& text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

std::string spreadsheetml(const std::string& styles, const std::string& rows) {
  return "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n"
         "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" "
         "xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Styles>" +
         styles + "</Styles><Worksheet ss:Name=\"S\"><Table>" + rows +
         "</Table></Worksheet></Workbook>";
}

std::vector<std::string> dump(const std::string& document, const OpenOptions& options = {}) {
  auto book = open_workbook(as_bytes(document), "x.xls", options);
  auto reader = book->open_sheet(0);
  return test::dump_rows(*reader);
}

TEST(SpreadsheetMlReader, StylesDecideDatesTimesAndDurations) {
  const std::string doc = spreadsheetml(
      "<Style ss:ID=\"d\"><NumberFormat ss:Format=\"Short Date\"/></Style>"
      "<Style ss:ID=\"h\"><NumberFormat ss:Format=\"[h]:mm\"/></Style>"
      "<Style ss:ID=\"std\"><NumberFormat ss:Format=\"Standard\"/></Style>",
      "<Row><Cell ss:StyleID=\"d\"><Data ss:Type=\"DateTime\">2024-03-01T00:00:00.000</Data></Cell>"
      "<Cell><Data ss:Type=\"DateTime\">2024-03-01T13:45:00.000</Data></Cell>"
      "<Cell ss:StyleID=\"h\"><Data ss:Type=\"DateTime\">1900-01-01T12:00:00.000</Data></Cell>"
      "<Cell ss:StyleID=\"std\"><Data ss:Type=\"Number\">45352</Data></Cell>"
      "<Cell ss:StyleID=\"d\"><Data ss:Type=\"Number\">45352</Data></Cell></Row>");
  EXPECT_EQ(dump(doc), (std::vector<std::string>{
                           "1 A=d:2024-03-01 B=dt:2024-03-01 13:45:00 C=du:129600000000 D=n:45352 "
                           "E=d:2024-03-01"}));
}

TEST(SpreadsheetMlReader, MergeDownLeavesItsCellsOutOfTheRowsBelow) {
  const std::string doc =
      spreadsheetml("",
                    "<Row><Cell ss:MergeDown=\"1\"><Data ss:Type=\"String\">a</Data></Cell>"
                    "<Cell><Data ss:Type=\"String\">b</Data></Cell></Row>"
                    "<Row><Cell><Data ss:Type=\"String\">c</Data></Cell></Row>"
                    "<Row><Cell><Data ss:Type=\"String\">d</Data></Cell></Row>");
  EXPECT_EQ(dump(doc), (std::vector<std::string>{"1 A=t:a B=t:b", "2 B=t:c", "3 A=t:d"}));
}

TEST(SpreadsheetMlReader, HostileIndexesFailWithAReason) {
  auto failure = [](const std::string& rows) {
    try {
      dump(spreadsheetml("", rows));
    } catch (const FileError& e) {
      return e.failure();
    }
    return FileFailure::Empty;
  };
  EXPECT_EQ(failure("<Row><Cell ss:Index=\"99999\"><Data ss:Type=\"Number\">1</Data></Cell></Row>"),
            FileFailure::ResourceLimit);
  EXPECT_EQ(failure("<Row ss:Index=\"3\"/><Row ss:Index=\"2\"/>"), FileFailure::Corrupt);
  EXPECT_EQ(failure("<Row><Cell ss:Index=\"x\"/></Row>"), FileFailure::Corrupt);
  EXPECT_EQ(failure("<Row><Cell><Data ss:Type=\"Number\">1"), FileFailure::Truncated);
}

TEST(HtmlTableReader, SpansSpreadAndNestedTablesAreTheirOwnSheets) {
  const std::string page =
      "<html><body><table>"
      "<tr><th colspan=2>A</th><th>B</th></tr>"
      "<tr><td rowspan=3>x</td><td>1</td><td>2<table><tr><td>inner</td></tr></table></td></tr>"
      "<tr><td>3</td></tr>"
      "<tr></tr>"
      "<tr><td> </td><td>a<br>b</td></tr>"
      "</table></body></html>";
  auto book = open_workbook(as_bytes(page), "x.xls");
  ASSERT_EQ(book->sheets().size(), 2u);
  EXPECT_EQ(book->sheets()[1].name, "Table2");
  EXPECT_EQ(test::dump_rows(*book->open_sheet(0)),
            (std::vector<std::string>{"1 A=t:A B=t:A C=t:B", "2 A=t:x B=n:1 C=t:2inner",
                                      "3 A=t:x B=n:3", "4 A=t:x", "5 B=t:a\nb"}));
  EXPECT_EQ(test::dump_rows(*book->open_sheet(1)), (std::vector<std::string>{"1 A=t:inner"}));
}

TEST(HtmlTableReader, APageWithoutATableIsNoSpreadsheet) {
  try {
    open_workbook(as_bytes("<html><body><p>hello</p></body></html>"), "x.xls");
    FAIL() << "opened";
  } catch (const FileError& e) {
    EXPECT_EQ(e.failure(), FileFailure::NotSpreadsheet);
    EXPECT_NE(std::string(e.what()).find("without a <table>"), std::string::npos);
  }
}

}  // namespace
}  // namespace pgdatahub::workbook
