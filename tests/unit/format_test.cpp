#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/format.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace pgdatahub::workbook {
namespace {

using test::make_zip;
using test::to_bytes;

std::string one_sheet_package(const std::string& workbook_path = "xl/workbook.xml") {
  test::RawPackage package;
  package.sheets.push_back({"S", test::sheet_xml(""), ""});
  package.workbook_path = workbook_path;
  return test::make_xlsx(package);
}

Format detect(const std::string& data, std::string_view name = "file") {
  return detect_format(to_bytes(data), name);
}

TEST(DetectFormat, ZipContainers) {
  EXPECT_EQ(detect(one_sheet_package()), Format::Xlsx);
  EXPECT_EQ(detect(one_sheet_package("book/main.xml")), Format::Xlsx);
  EXPECT_EQ(detect(make_zip({{"xl/workbook.bin", "x", false}})), Format::Xlsb);
  EXPECT_EQ(detect(make_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false},
                             {"content.xml", "<x/>", true}})),
            Format::Ods);
  EXPECT_EQ(detect(make_zip({{"word/document.xml", "<x/>", true}})), Format::Zip);
}

TEST(DetectFormat, Signatures) {
  EXPECT_EQ(detect(std::string("\x09\x00\x04\x00\x00\x00\x10\x00", 8)), Format::XlsLegacy);
  EXPECT_EQ(detect(std::string("\x09\x04\x06\x00\x00\x00\x10\x00", 8)), Format::XlsLegacy);
  EXPECT_EQ(detect("<?xml version=\"1.0\"?><office:document xmlns:office=\"x\"/>"), Format::Fods);
  EXPECT_EQ(detect("<html><table></table></html>", "a.xls"), Format::Html);
  EXPECT_EQ(detect("  <!DOCTYPE html><html/>", "a.xls"), Format::Html);
  EXPECT_EQ(detect("<table><tr><td>1</td></tr></table>", "a.xls"), Format::Html);
  EXPECT_EQ(
      detect("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook/>",
             "a.xls"),
      Format::SpreadsheetMl);
  EXPECT_EQ(detect("<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>", "a.xml"),
            Format::SpreadsheetMl);
  EXPECT_EQ(detect("<?xml version=\"1.0\"?><notes/>", "a.xml"), Format::Unknown);
  EXPECT_EQ(detect("a,b\n1,2\n", "data.CSV"), Format::Csv);
  EXPECT_EQ(detect("a\tb\n1\t2\n", "data.tsv"), Format::Csv);
  EXPECT_EQ(detect("a,b\n1,2\n", "data.bin"), Format::Unknown);
  EXPECT_EQ(detect(std::string("\x01\x02\x03\x00\x05", 5), "data.csv"), Format::Unknown);
  EXPECT_EQ(detect(""), Format::Unknown);
}

TEST(DetectFormat, Ole2EncryptedVersusXls) {
  const std::string corpus = PGDATAHUB_SOURCE_DIR "/../shared/corpus";
  if (!std::filesystem::exists(corpus)) GTEST_SKIP() << "corpus not found at " << corpus;
  const auto encrypted = test::read_bytes(corpus + "/poi/protected_sha512.xlsx");
  EXPECT_EQ(detect_format(encrypted, "x.xlsx"), Format::Encrypted);
  const auto xls = test::read_bytes(corpus + "/calamine/sst_continue.xls");
  EXPECT_EQ(detect_format(xls, "x.xls"), Format::Xls);
}

TEST(SpreadsheetExtension, KnownExtensions) {
  for (const char* name : {"a.xlsx", "a.XLSM", "a.xltx", "a.xltm", "a.xlsb", "a.xls", "a.xlt",
                           "a.ods", "a.fods", "a.csv", "dir.x/a.tsv"}) {
    EXPECT_TRUE(has_spreadsheet_extension(name)) << name;
  }
  for (const char* name : {"a.docx", "a", "a.xlsx.bak", "xlsx", "dir.xlsx/file", "a.txt"}) {
    EXPECT_FALSE(has_spreadsheet_extension(name)) << name;
  }
}

FileError open_error(const std::string& data, const std::string& name = "f") {
  const auto bytes = to_bytes(data);
  try {
    open_workbook(bytes, name);
  } catch (const FileError& e) {
    return e;
  }
  ADD_FAILURE() << "no FileError";
  return FileError(FileFailure::Io, "");
}

TEST(OpenWorkbook, DispatchesFailures) {
  EXPECT_EQ(open_error("hello").failure(), FileFailure::NotSpreadsheet);
  EXPECT_EQ(open_error(make_zip({{"a.txt", "x", false}})).failure(), FileFailure::NotSpreadsheet);
  EXPECT_EQ(open_error("<html></html>").failure(), FileFailure::NotSpreadsheet);
  // An Excel 2 worksheet goes to the .xls reader, which finds this one cut
  // inside its second record.
  // ("\x00" "ab" apart: a hex escape would swallow the letters a and b.)
  const std::string cut_excel2(
      "\x09\x00\x04\x00\x00\x00\x10\x00\x04\x00\x20\x00"
      "ab",
      14);
  EXPECT_EQ(open_error(cut_excel2).failure(), FileFailure::Truncated);
  // An .xlsb whose workbook part is one stray byte: read, and found broken.
  EXPECT_EQ(open_error(make_zip({{"xl/workbook.bin", "x", false}})).failure(),
            FileFailure::Corrupt);
  std::string truncated = one_sheet_package();
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(open_error(truncated).failure(), FileFailure::Truncated);
}

}  // namespace
}  // namespace pgdatahub::workbook
