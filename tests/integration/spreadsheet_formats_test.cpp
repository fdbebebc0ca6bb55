// What people call an Excel file but is neither .xlsx nor BIFF: an Excel 2003
// XML workbook (saved as .xml or .xls) and an HTML table (saved as .xls or
// .htm), loaded through the real binary into a real PostgreSQL, found by
// their bytes.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

// Written the way Excel 2003 writes it: named and coded number formats in
// styles (one inherited through ss:Parent), a hidden first sheet, ss:Index
// gaps in rows and cells, a merged header, HTML formatting inside a value,
// a time stored on Excel's day 0, a date stored as a serial, an error cell.
constexpr const char* excel_2003_xml = R"(<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style>
  <Style ss:ID="sDate"><NumberFormat ss:Format="Short Date"/></Style>
  <Style ss:ID="sBoldDate" ss:Parent="sDate"><Font ss:Bold="1"/></Style>
  <Style ss:ID="sTime"><NumberFormat ss:Format="Short Time"/></Style>
  <Style ss:ID="sFixed"><NumberFormat ss:Format="Standard"/></Style>
  <Style ss:ID="sIso"><NumberFormat ss:Format="yyyy\-mm\-dd"/></Style>
 </Styles>
 <Worksheet ss:Name="Lookup">
  <Table><Row><Cell><Data ss:Type="String">not this one</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <Visible>SheetHidden</Visible>
  </WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="Orders">
  <Table ss:ExpandedColumnCount="7" x:FullColumns="1">
   <Column ss:Width="80"/>
   <Row>
    <Cell><Data ss:Type="String">Order</Data></Cell>
    <Cell><Data ss:Type="String">Day</Data></Cell>
    <Cell><Data ss:Type="String">At</Data></Cell>
    <Cell><Data ss:Type="String">Amount</Data></Cell>
    <Cell><Data ss:Type="String">Paid</Data></Cell>
    <Cell ss:MergeAcross="1"><Data ss:Type="String">Note</Data></Cell>
    <Cell><Data ss:Type="String">Check</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="Number">1</Data></Cell>
    <Cell ss:StyleID="sBoldDate"><Data ss:Type="DateTime">2024-01-15T00:00:00.000</Data></Cell>
    <Cell ss:StyleID="sTime"><Data ss:Type="DateTime">1899-12-31T09:30:00.000</Data></Cell>
    <Cell ss:StyleID="sFixed"><Data ss:Type="Number">-12.5</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
    <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>big</B> &amp; bold</ss:Data></Cell>
    <Cell ss:Index="8"><Data ss:Type="Error">#N/A</Data></Cell>
   </Row>
   <Row ss:Index="4">
    <Cell><Data ss:Type="Number">2</Data></Cell>
    <Cell ss:StyleID="sIso"><Data ss:Type="Number">45337</Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="Number">3.25</Data></Cell>
    <Cell><Data ss:Type="Boolean">0</Data></Cell>
    <Cell><Data ss:Type="String">Z&#252;rich</Data></Cell>
   </Row>
  </Table>
 </Worksheet>
</Workbook>
)";

// A bank's "Excel" export: a web page in windows-1252 with a layout table
// first, then the data table with a header cell spread over two columns
// (colspan), a rowspan down the first column, and German amounts.
constexpr const char* bank_html_xls =
    "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n"
    "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\n"
    "<style>td { mso-number-format: General; }</style></head>\n"
    "<body><table><tr><td>Kontoauszug</td><td><b>Seite 1</b></td></tr></table>\n"
    "<table border=1>\n"
    " <thead><tr><th>Konto</th><th colspan=2>Betrag</th><th>Empf\xE4nger</th></tr></thead>\n"
    " <tbody>\n"
    "  <tr><td rowspan=2>DE01</td><td>-12,50</td><td>1.234,56</td><td>B\xE4"
    "ckerei<br>M\xFC"
    "nchen</td></tr>\n"
    "  <tr><td>-</td><td>3,00</td><td>  K&auml;se   &amp; Co </td></tr>\n"
    "  <tr><td>DE02</td><td colspan=2>0,99</td><td></td></tr>\n"
    " </tbody>\n"
    "</table></body></html>\n";

class SpreadsheetFormatsTest : public test::DatabaseFixture {};

TEST_F(SpreadsheetFormatsTest, AnExcel2003XmlWorkbookLoadsAsXmlOrAsXls) {
  write_file("orders/export.xml", excel_2003_xml);
  write_file("archive/export.xls", excel_2003_xml);  // the same bytes under Excel's old name
  write_file("orders/readme.xml", "<?xml version=\"1.0\"?><notes>not a workbook</notes>");
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find("readme.xml"), std::string::npos)
      << "an XML file that is no workbook is skipped";

  EXPECT_EQ(column_type("orders", "order"), "integer");
  EXPECT_EQ(column_type("orders", "day"), "date");
  EXPECT_EQ(column_type("orders", "at"), "time without time zone");
  EXPECT_EQ(column_type("orders", "amount"), "double precision");
  EXPECT_EQ(column_type("orders", "paid"), "boolean");
  EXPECT_EQ(column_type("orders", "note"), "text");
  // Column H, right of the header merged over F:G, holds only an error: NULL.
  EXPECT_EQ(column_type("orders", "check"), "text");
  const std::string everything =
      "SELECT string_agg(concat_ws('|', source_row, \"order\", day, coalesce(at::text, 'NULL'), "
      "amount, paid, "
      "note, coalesce(\"check\", 'NULL')), E'\\n' ORDER BY source_row) FROM ";
  EXPECT_EQ(scalar(everything + "orders"),
            "2|1|2024-01-15|09:30:00|-12.5|t|big & bold|NULL\n"
            "4|2|2024-02-15|NULL|3.25|f|Zürich|NULL");
  EXPECT_EQ(scalar(everything + "archive"), scalar(everything + "orders"));
  EXPECT_EQ(scalar("SELECT sheet || ' ' || error_cells FROM etl_imports WHERE source_file = "
                   "'orders/export.xml'"),
            "Orders 1");
}

TEST_F(SpreadsheetFormatsTest, ABrokenExcel2003XmlWorkbookFailsAloneWithItsReason) {
  std::string cut(excel_2003_xml);
  cut.resize(cut.find("<Row ss:Index=\"4\">") + 20);
  write_file("orders/cut.xml", cut);
  write_file("orders/good.xml", excel_2003_xml);
  const auto run = etl();
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("cut.xml"), std::string::npos) << run.out;
  EXPECT_EQ(scalar("SELECT count(*) FROM orders"), "2");
  EXPECT_EQ(scalar("SELECT status FROM etl_imports WHERE source_file = 'orders/cut.xml'"),
            "failed");
}

TEST_F(SpreadsheetFormatsTest, AnHtmlTableSavedAsXlsLoadsItsDataTable) {
  write_file("bank/auszug.xls", bank_html_xls);
  write_file("web/auszug.htm", bank_html_xls);
  write_file("web/help.html", "<html><body><p>How to read the statement</p></body></html>");
  // The page's second table is the data: chosen by sheet name, as for any
  // workbook; the folder's locale reads the amounts.
  const auto config = write_config(
      "default_sheet: Table2\ndefault_decimal: \",\"\ndefault_thousands: "
      "\".\"\ndefault_null_values: [\"-\"]\n");
  const auto run = etl({"--config", config.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find("help.html"), std::string::npos) << "a page without a table is no data";

  // The first header row names the columns; colspan spreads "Betrag" over two.
  EXPECT_EQ(column_type("bank", "konto"), "text");
  EXPECT_EQ(column_type("bank", "betrag"), "double precision");
  EXPECT_EQ(column_type("bank", "betrag_2"), "double precision");
  EXPECT_EQ(column_type("bank", "empfanger"), "text");
  const std::string everything =
      "SELECT string_agg(concat_ws('|', source_row, konto, coalesce(betrag::text, 'NULL'), "
      "betrag_2, "
      "coalesce(empfanger, 'NULL')), E'\\n' ORDER BY source_row) FROM ";
  // "DE01" spans two rows; "0,99" spans both amount columns.
  EXPECT_EQ(scalar(everything + "bank"),
            "2|DE01|-12.5|1234.56|Bäckerei\nMünchen\n"
            "3|DE01|NULL|3|Käse & Co\n"
            "4|DE02|0.99|0.99|NULL");
  EXPECT_EQ(scalar(everything + "web"), scalar(everything + "bank"));
}

}  // namespace
}  // namespace pgdatahub
