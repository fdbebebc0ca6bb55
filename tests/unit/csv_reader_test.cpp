#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/csv_workbook.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::workbook::csv {
namespace {

std::span<const std::byte> as_bytes(const std::string& text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

std::vector<std::string> read_csv(const std::string& text, const std::string& name = "data.csv",
                                  OpenOptions options = {}) {
  auto book = open_csv_workbook(as_bytes(text), name, options);
  auto reader = book->open_sheet(0);
  return test::dump_rows(*reader);
}

std::string describe(std::string_view text) {
  Cell cell;
  infer_cell(text, cell);
  return test::describe_cell(cell);
}

TEST(CsvTypeInference, IntegersKeepLeadingZerosAsText) {
  EXPECT_EQ(describe("42"), "n:42");
  EXPECT_EQ(describe("-42"), "n:-42");
  EXPECT_EQ(describe("+7"), "n:7");
  EXPECT_EQ(describe("0"), "n:0");
  EXPECT_EQ(describe("007"), "t:007");
  EXPECT_EQ(describe("1234567890123456"), "t:1234567890123456");
}

TEST(CsvTypeInference, DecimalsButNoThousandsSeparators) {
  EXPECT_EQ(describe("1.5"), "n:1.5");
  EXPECT_EQ(describe("-0.25"), "n:-0.25");
  EXPECT_EQ(describe("1e5"), "n:100000");
  EXPECT_EQ(describe("1,000"), "t:1,000");
  EXPECT_EQ(describe("1.2.3"), "t:1.2.3");
  EXPECT_EQ(describe("1."), "t:1.");
  EXPECT_EQ(describe("inf"), "t:inf");
  EXPECT_EQ(describe("1e999"), "t:1e999");
}

TEST(CsvTypeInference, BooleansDatesAndTimes) {
  EXPECT_EQ(describe("TRUE"), "b:1");
  EXPECT_EQ(describe("false"), "b:0");
  EXPECT_EQ(describe("2024-03-01"), "d:2024-03-01");
  EXPECT_EQ(describe("2024-02-30"), "t:2024-02-30");
  EXPECT_EQ(describe("2023-02-29"), "t:2023-02-29");
  EXPECT_EQ(describe("1969-12-31 23:59:59"), "dt:1969-12-31 23:59:59");
  EXPECT_EQ(describe("2024-03-01 13:45"), "dt:2024-03-01 13:45:00");
  EXPECT_EQ(describe("2024-03-01T13:45:00.250"), "dt:2024-03-01 13:45:00.250000");
  EXPECT_EQ(describe("2024-03-01T13:45:00Z"), "t:2024-03-01T13:45:00Z");
  // Digits past the microsecond would be lost: a forced timestamp refuses them too.
  EXPECT_EQ(describe("2024-03-01T13:45:00.1234567"), "t:2024-03-01T13:45:00.1234567");
  EXPECT_EQ(describe("0000-01-01"), "t:0000-01-01");
  EXPECT_EQ(describe("13:45:00"), "tm:13:45:00");
  EXPECT_EQ(describe("25:00:00"), "t:25:00:00");
  EXPECT_EQ(describe("hello"), "t:hello");
}

TEST(CsvReader, QuotingFollowsRfc4180) {
  const std::string text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line1\nline2\",2,\r\n";
  EXPECT_EQ(read_csv(text), (std::vector<std::string>{"1 A=t:a B=t:b,c C=t:say \"hi\"",
                                                      "2 A=t:line1\nline2 B=n:2"}));
}

TEST(CsvReader, AllLineEndingsAndEmptyRows) {
  EXPECT_EQ(read_csv("1\r2\n\n3\r\n4"),
            (std::vector<std::string>{"1 A=n:1", "2 A=n:2", "4 A=n:3", "5 A=n:4"}));
}

TEST(CsvReader, UnterminatedQuoteIsTruncated) {
  try {
    read_csv("a,\"b\nc");
    FAIL() << "expected FileError";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::Truncated);
  }
}

TEST(CsvReader, DetectsDelimiters) {
  EXPECT_EQ(read_csv("a;b;c\n1;2,5;3\n"),
            (std::vector<std::string>{"1 A=t:a B=t:b C=t:c", "2 A=n:1 B=t:2,5 C=n:3"}));
  EXPECT_EQ(read_csv("a|b\n1|2\n"), (std::vector<std::string>{"1 A=t:a B=t:b", "2 A=n:1 B=n:2"}));
  EXPECT_EQ(read_csv("a\tb\n1\t2\n"), (std::vector<std::string>{"1 A=t:a B=t:b", "2 A=n:1 B=n:2"}));
  EXPECT_EQ(read_csv("a,b\n1,2\n", "x.tsv"), (std::vector<std::string>{"1 A=t:a,b", "2 A=t:1,2"}));
  OpenOptions options;
  options.csv_delimiter = ';';
  EXPECT_EQ(read_csv("a,b;c\n", "x.csv", options), (std::vector<std::string>{"1 A=t:a,b B=t:c"}));
}

TEST(CsvReader, Utf8BomAndUtf16) {
  EXPECT_EQ(read_csv("\xEF\xBB\xBFname\n\xC3\xA9t\xC3\xA9\n"),
            (std::vector<std::string>{"1 A=t:name", "2 A=t:\xC3\xA9t\xC3\xA9"}));
  const std::string le(
      "\xFF\xFE"
      "a\0,\0\xE9\0\n\0"
      "1\0,\0"
      "2\0",
      16);
  EXPECT_EQ(read_csv(le), (std::vector<std::string>{"1 A=t:a B=t:\xC3\xA9", "2 A=n:1 B=n:2"}));
  const std::string be("\xFE\xFF\0a\0,\0b", 8);
  EXPECT_EQ(read_csv(be), (std::vector<std::string>{"1 A=t:a B=t:b"}));
}

TEST(CsvReader, LegacyEncodingThroughIconv) {
  OpenOptions options;
  options.csv_encoding = "windows-1252";
  EXPECT_EQ(read_csv("caf\xE9,\x80\n", "x.csv", options),
            (std::vector<std::string>{"1 A=t:caf\xC3\xA9 B=t:\xE2\x82\xAC"}));
}

TEST(CsvReader, InvalidBytesNameTheEncodingOption) {
  try {
    read_csv("caf\xE9\n");
    FAIL() << "expected FileError";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::Corrupt);
    EXPECT_NE(std::string(error.what()).find("csv_encoding"), std::string::npos);
  }
  OpenOptions options;
  options.csv_encoding = "UTF-16LE";
  try {
    read_csv(std::string("a\0\x00\xDC", 4), "x.csv", options);
    FAIL() << "expected FileError";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::Corrupt);
    EXPECT_NE(std::string(error.what()).find("csv_encoding"), std::string::npos);
  }
}

TEST(CsvReader, UnknownEncodingIsAConfigError) {
  OpenOptions options;
  options.csv_encoding = "no-such-encoding";
  EXPECT_THROW(read_csv("a\n", "x.csv", options), ConfigError);
}

TEST(CsvReader, NulCharactersAreRemovedAndCounted) {
  const std::string text("a\0b,c\n", 6);
  auto book = open_csv_workbook(as_bytes(text), "x.csv", {});
  auto reader = book->open_sheet(0);
  EXPECT_EQ(test::dump_rows(*reader), (std::vector<std::string>{"1 A=t:ab B=t:c"}));
  EXPECT_EQ(reader->stats().nul_removed, 1u);
}

TEST(CsvReader, SheetIsNamedAfterTheFileStem) {
  auto book = open_csv_workbook(as_bytes("a\n"), "/data/in/sales 2024.csv", {});
  ASSERT_EQ(book->sheets().size(), 1u);
  EXPECT_EQ(book->sheets()[0].name, "sales 2024");
  EXPECT_EQ(book->format(), Format::Csv);
}

TEST(CsvReader, ConvertedTextStreamsAcrossChunkBoundaries) {
  // Larger than one conversion chunk, with a quoted field spanning the edge.
  std::string text;
  std::string expected_last;
  for (int i = 0; i < 40000; ++i)
    text += "row" + std::to_string(i) + ",\"x\ny\"," + std::to_string(i) + "\n";
  OpenOptions options;
  options.csv_encoding = "latin1";
  auto book = open_csv_workbook(as_bytes(text), "x.csv", options);
  auto reader = book->open_sheet(0);
  RowView row;
  std::uint32_t count = 0;
  while (reader->next_row(row)) {
    ASSERT_EQ(row.cells.size(), 3u);
    EXPECT_EQ(row.cells[1].text, "x\ny");
    EXPECT_EQ(row.cells[2].number, count);
    ++count;
  }
  EXPECT_EQ(count, 40000u);
}

}  // namespace
}  // namespace pgdatahub::workbook::csv
