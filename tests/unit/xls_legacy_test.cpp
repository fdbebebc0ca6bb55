// Legacy BIFF: Excel 2-4 worksheets, BIFF2 cell records inside later
// streams, cells out of row order, and the code pages of byte strings. The
// streams are built here, record by record, as the OpenOffice.org "Excel
// File Format" documentation lays them out.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xls/codepage_decoder.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>
#include <support/biff_builder.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string_view>

namespace pgdatahub::workbook::xls {
namespace {

using test::biff5;
using test::biff8;
using test::Body;
using test::bof;
using test::globals;
using test::Stream;
using test::text_result;
using test::workbook4;
using test::worksheet;
using test::xf8;
namespace id = test::biff_id;

std::vector<std::string> dump(const Stream& stream, const std::string& name = "book.xls") {
  auto book = open_workbook(stream.bytes(), name);
  return test::dump_workbook(*book);
}

using Lines = std::vector<std::string>;

TEST(XlsLegacy, Biff2CellRecordsInABiff5StreamKeepTheirRow) {
  Stream s;
  s.add(id::bof8, bof(biff5, worksheet))
      .add(id::label2, Body().cell2(0, 0, 0).short_string("name"))
      .add(id::number2, Body().cell2(0, 1, 0).f64(1.5))
      .add(id::integer2, Body().cell2(0, 2, 0).u16(42))
      .add(id::boolerr2, Body().cell2(0, 3, 0).u8(1).u8(0))
      .add(id::boolerr2, Body().cell2(0, 4, 0).u8(0x07).u8(1))
      .add(id::label, Body().cell(1, 0).u16(1).bytes("x"))
      .add(id::number, Body().cell(1, 1).f64(2.5))
      .add(id::eof);
  EXPECT_EQ(dump(s),
            (Lines{"[book]", "1 A=t:name B=n:1.5 C=n:42 D=b:1 E=e:#DIV/0!", "2 A=t:x B=n:2.5"}));
}

TEST(XlsLegacy, CellsWrittenColumnByColumnAreReadAsRows) {
  Stream s;
  s.add(id::bof8, bof(biff5, worksheet))
      .add(id::label2, Body().cell2(0, 0, 0).short_string("a"))
      .add(id::label, Body().cell(1, 0).u16(1).bytes("b"))
      .add(id::number2, Body().cell2(0, 1, 0).f64(1))
      .add(id::rk, Body().cell(1, 1).u32(2U << 2U | 0x02U))  // integer RK
      .add(id::eof);
  EXPECT_EQ(dump(s), (Lines{"[book]", "1 A=t:a B=n:1", "2 A=t:b B=n:2"}));
}

TEST(XlsLegacy, Biff2CellsTakeTheirNumberFormatFromTheirXfOrIxfe) {
  Body date_format;
  date_format.u16(164).u16(10).u8(0).bytes("yyyy-mm-dd");  // BIFF8: explicit id, XLUnicodeString
  Stream s;
  s.add(id::bof8, bof(biff8, worksheet)).add(id::format4, date_format);
  for (unsigned i = 0; i < 70; ++i) s.add(id::xf8, xf8(i == 1 || i == 65 ? 164 : 0));
  s.add(id::number2, Body().cell2(0, 0, 1).f64(45352))     // XF 1: a date
      .add(id::number2, Body().cell2(0, 1, 0).f64(45352))  // XF 0: General
      .add(id::ixfe, Body().u16(65))                       // XF 63 means: see IXFE
      .add(id::integer2, Body().cell2(0, 2, 63).u16(45352))
      .add(id::label2, Body().cell2(0, 3, 0).short_string("caf\xE9"))  // compressed UTF-16
      .add(id::eof);
  EXPECT_EQ(dump(s),
            (Lines{"[book]", "1 A=d:2024-03-01 B=n:45352 C=d:2024-03-01 D=t:caf\xC3\xA9"}));
}

TEST(XlsLegacy, Biff2WorksheetWithItsFormatsDatesAndCodePage) {
  Stream s;
  s.add(id::bof2, bof(0x0007, worksheet))
      .add(id::codepage, Body().u16(32768))  // Mac Roman
      .add(id::datemode, Body().u16(1))      // the 1904 date system
      .add(id::format2, Body().short_string("General"))
      .add(id::format2, Body().short_string("0.00"))
      .add(id::format2, Body().short_string("d-mmm-yy"))
      .add(id::xf2, Body().u8(0).u8(0).u8(0).u8(0))
      .add(id::xf2, Body().u8(0).u8(0).u8(0x40 | 2).u8(0))  // locked, format 2
      .add(id::label2, Body().cell2(0, 0, 0).short_string("Caf\x8E"))
      .add(id::number2, Body().cell2(0, 1, 1, 2).f64(45352 - 1462))
      .add(id::integer2, Body().cell2(0, 2, 0, 1).u16(7))
      .add(id::formula, Body().cell2(1, 0, 0).f64(3.25).u8(0).u8(0))
      .add(id::formula, text_result(Body().cell2(1, 1, 0)).u8(0).u8(0))
      .add(id::string2, Body().short_string("total"))
      .add(id::eof);
  EXPECT_EQ(dump(s, "legacy/prices.xls"),
            (Lines{"[prices]", "1 A=t:Caf\xC3\xA9 B=d:2024-03-01 C=n:7", "2 A=n:3.25 B=t:total"}));
}

// BIFF2 cells of a stream without XF records name their format themselves.
TEST(XlsLegacy, Biff2CellsWithoutXfRecordsUseTheirFormatBits) {
  Stream s;
  s.add(id::bof2, bof(0x0007, worksheet))
      .add(id::format2, Body().short_string("General"))
      .add(id::format2, Body().short_string("yyyy-mm-dd"))
      .add(id::number2, Body().cell2(0, 0, 0, 1).f64(45352))
      .add(id::number2, Body().cell2(0, 1, 0, 0).f64(45352))
      .add(id::eof);
  EXPECT_EQ(dump(s), (Lines{"[book]", "1 A=d:2024-03-01 B=n:45352"}));
}

TEST(XlsLegacy, Biff3And4Worksheets) {
  for (const std::uint16_t bof_id : {id::bof3, id::bof4}) {
    const bool biff4 = bof_id == id::bof4;
    Stream s;
    s.add(bof_id, bof(0, worksheet).u16(0));
    // BIFF3 numbers formats by order; BIFF4 too, after two unused bytes.
    for (const std::string_view code : {"General", "0.00", "dd/mm/yyyy hh:mm"}) {
      Body format;
      if (biff4) format.u16(0xBEEF);
      s.add(biff4 ? id::format4 : id::format2, format.short_string(code));
    }
    s.add(biff4 ? id::xf4 : id::xf3, Body().u8(0).u8(0).u16(0).u32(0).u32(0))
        .add(biff4 ? id::xf4 : id::xf3, Body().u8(0).u8(2).u16(0).u32(0).u32(0))
        .add(id::label, Body().cell(0, 0).u16(2).bytes("id"))
        .add(id::number, Body().cell(0, 1, 1).f64(45352.5))
        .add(id::rk, Body().cell(1, 0).u32(9U << 2U | 0x02U))
        .add(biff4 ? id::formula4 : std::uint16_t{0x0206},
             text_result(Body().cell(1, 1)).u16(0).u32(0))
        .add(id::string, Body().u16(2).bytes("ok"))
        .add(id::eof);
    EXPECT_EQ(dump(s), (Lines{"[book]", "1 A=t:id B=dt:2024-03-01 12:00:00", "2 A=n:9 B=t:ok"}))
        << (biff4 ? "BIFF4" : "BIFF3");
  }
}

// An Excel 4 workbook: a globals substream holding each sheet after a
// SHEETHDR record, each sheet with formats of its own.
TEST(XlsLegacy, Biff4WorkbookReadsEverySheetWithItsOwnFormats) {
  auto sheet = [](std::string_view date_code, double value) {
    Stream s;
    s.add(id::bof4, bof(0, worksheet).u16(0))
        .add(id::format4, Body().u16(0).short_string("General"))
        .add(id::format4, Body().u16(0).short_string(date_code))
        .add(id::xf4, Body().u8(0).u8(1).u16(0).u32(0).u32(0))
        .add(id::number, Body().cell(0, 0, 0).f64(value))
        .add(id::eof);
    return s;
  };
  const Stream first = sheet("yyyy-mm-dd", 45352);
  const Stream second = sheet("0.0", 45352);
  Stream s;
  s.add(id::bof4, bof(0, workbook4).u16(0))
      .add(id::codepage, Body().u16(10029))  // Mac Central European
      .add(id::boundsheet, Body().short_string("\x84rka"))
      .add(id::boundsheet, Body().short_string("Two"))
      .add(id::sheethdr,
           Body().u32(static_cast<std::uint32_t>(first.size())).short_string("\x84rka"))
      .append(first)
      .add(id::sheethdr, Body().u32(static_cast<std::uint32_t>(second.size())).short_string("Two"))
      .append(second)
      .add(id::eof);
  EXPECT_EQ(dump(s), (Lines{"[\xC4\x84rka]", "1 A=d:2024-03-01", "[Two]", "1 A=n:45352"}));
}

TEST(XlsLegacy, Biff4WorkbookSheetWithoutBofFailsAsCorrupt) {
  Stream s;
  s.add(id::bof4, bof(0, workbook4).u16(0))
      .add(id::sheethdr, Body().u32(1000).short_string("One"))
      .add(id::label, Body().cell(0, 0).u16(1).bytes("x"))
      .add(id::eof);
  try {
    dump(s);
    ADD_FAILURE() << "read without error";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::Corrupt) << error.what();
  }
}

// A BIFF5 workbook in Mac Central European: sheet names and cell text.
TEST(XlsLegacy, MacCodePagesDecodeSheetNamesAndText) {
  Stream sheet;
  sheet.add(id::bof8, bof(biff5, worksheet))
      .add(id::label, Body().cell(0, 0).u16(4).bytes("\xFC\x97"
                                                     "d\x90"))  // Łódź
      .add(id::eof);
  Stream head;
  head.add(id::bof8, bof(biff5, globals)).add(id::codepage, Body().u16(10029));
  const std::string name = "\x84\xE5";  // ĄŚ
  const std::size_t boundsheet_size = 4 + 6 + 1 + name.size();
  const std::size_t eof_size = 4;
  head.add(id::boundsheet,
           Body()
               .u32(static_cast<std::uint32_t>(head.size() + boundsheet_size + eof_size))
               .u8(0)
               .u8(0)
               .short_string(name))
      .add(id::eof)
      .append(sheet);
  EXPECT_EQ(dump(head), (Lines{"[\xC4\x84\xC5\x9A]",
                               "1 A=t:\xC5\x81\xC3\xB3"
                               "d\xC5\xBA"}));
}

std::string decode(std::uint16_t codepage, std::string_view bytes) {
  CodepageDecoder decoder(codepage);
  std::string out;
  decoder.append(std::as_bytes(std::span(bytes.data(), bytes.size())), out);
  return out;
}

// Every value [MS-XLS] 2.4.52 and the BIFF2-5 documentation allow in CODEPAGE
// (1200, UTF-16, aside) has a decoder of its own: iconv's, or a table.
TEST(XlsLegacy, EveryCodePageTheCodepageRecordCanNameDecodes) {
  const std::uint16_t codepages[] = {
      367,   437,   720,   737,   775,   850,   852,   855,   857,   858,   860,   861,   862,
      863,   864,   865,   866,   869,   874,   932,   936,   949,   950,   1250,  1251,  1252,
      1253,  1254,  1255,  1256,  1257,  1258,  1361,  10000, 10001, 10002, 10003, 10004, 10005,
      10006, 10007, 10008, 10010, 10017, 10021, 10029, 10079, 10081, 10082, 32768, 32769};
  for (const std::uint16_t codepage : codepages) {
    const char* charset = iconv_charset(codepage);
    const bool table = single_byte_table(codepage) != nullptr;
    EXPECT_TRUE(table || charset != nullptr) << codepage << " has no decoder";
    if (charset != nullptr) {
      EXPECT_NE(open_iconv_to_utf8(charset), nullptr) << charset;
    }
    EXPECT_EQ(decode(codepage, "Total 42"), "Total 42") << codepage;
  }
  EXPECT_EQ(decode(10029,
                   "\xFC\x97"
                   "d\x90"),
            "\xC5\x81\xC3\xB3"
            "d\xC5\xBA");  // Łódź
  EXPECT_EQ(decode(10006, "\xB6\xEC\xEC\xC0\xE4\xE1"),
            "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1");  // Ελλάδα
  EXPECT_EQ(decode(10081,
                   "\x82"
                   "ay \xDD\xDB"),
            "\xC3\x87"
            "ay \xC4\xB1\xC4\x9F");  // Çay ığ
  EXPECT_EQ(decode(32768, "Caf\x8E"), "Caf\xC3\xA9");
  EXPECT_EQ(decode(10005, "\xF9\xEC\xE5\xED"), "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");  // שלום
  EXPECT_EQ(decode(10021, "\xA1\xE8"), "\xE0\xB8\x81\xE0\xB9\x88");                  // ก่
  EXPECT_EQ(decode(1252, "Caf\xE9"), "Caf\xC3\xA9");
}

// --- the real files named in issue 12, read as xlrd 1.2 and ExcelDataReader show them ---

std::unique_ptr<Workbook> open_corpus(const std::string& relative, std::vector<std::byte>& bytes) {
  const auto dir = test::corpus_dir();
  if (!dir) return nullptr;
  bytes = test::read_bytes(*dir / relative);
  return open_workbook(bytes, relative);
}

#define OPEN_OR_SKIP(book, bytes, path) \
  std::vector<std::byte> bytes;         \
  auto book = open_corpus(path, bytes); \
  if (!book) GTEST_SKIP() << "corpus ../shared/corpus is not available"

TEST(XlsLegacyCorpus, MixedBiff2AndBiff5RecordsKeepBothRows) {
  OPEN_OR_SKIP(book, bytes, "exceldatareader/Test_git_issue_368_header.xls");
  EXPECT_EQ(test::dump_workbook(*book),
            (Lines{"[Test_git_issue_368_header]", "1 A=t:BIFF2 B=n:1234.5678 C=n:1234",
                   "2 A=t:BIFF3-5 B=n:8765.4321 C=n:4321"}));
}

TEST(XlsLegacyCorpus, Excel2To4WorksheetsReadAsXlrdShowsThem) {
  for (const char* file : {"exceldatareader/as3xls_BIFF2.xls", "exceldatareader/as3xls_BIFF3.xls",
                           "exceldatareader/as3xls_BIFF4.xls"}) {
    OPEN_OR_SKIP(book, bytes, file);
    const auto lines = test::dump_workbook(*book);
    ASSERT_EQ(lines.size(), 11U) << file;
    EXPECT_EQ(lines[1], "1 A=n:1 B=t:Hi C=n:10.22 D=n:14.7543176023568 E=n:21.0410757253369")
        << file;
    // Serial 37673 in the 1904 system (the files' DATEMODE) is 2007-02-22.
    EXPECT_EQ(lines[2], "2 A=n:2 B=t:How C=d:2007-02-22 D=n:14.7543176023568 E=n:43.0410757253369")
        << file;
    EXPECT_EQ(lines[3], "3 A=n:3 B=t:are C=d:2002-01-19 D=n:14.7543176023568 E=n:65.0410757253369")
        << file;
    EXPECT_EQ(lines[4],
              "4 A=n:4 B=t:you doing C=t:Saturday D=n:14.7543176023568 E=n:87.0410757253369")
        << file;
    EXPECT_EQ(lines[10],
              "10 A=n:10 B=t:today? C=n:1385729.234 D=n:14.7543176023568 E=n:219.041075725337")
        << file;
  }
}

TEST(XlsLegacyCorpus, Biff4WithoutFormatOrWindow2Records) {
  OPEN_OR_SKIP(book, bytes, "xlrd/biff4_no_format_no_window2.xls");
  const auto lines = test::dump_workbook(*book);
  ASSERT_EQ(lines.size(), 28U);
  EXPECT_EQ(lines[1], "1 A=t:ID B=t:TOTAL C=t:MAIN D=t:SUB");
  EXPECT_EQ(lines[2], "2 A=t:A B=t:DOG & CAT PRODUCTS C=t:Dog & Cat Product");
  EXPECT_EQ(lines[6], "6 A=t:E");
}

}  // namespace
}  // namespace pgdatahub::workbook::xls
