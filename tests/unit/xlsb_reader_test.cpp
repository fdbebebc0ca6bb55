#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/byte_source.hpp>
#include <pgdatahub/workbook/xlsb/record_stream.hpp>
#include <pgdatahub/workbook/xlsb/xlsb_workbook.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>

#include <cstring>

namespace pgdatahub::workbook::xlsb {
namespace {

// Hands out one byte per read, so every record straddles block edges.
class TrickleSource final : public ByteSource {
 public:
  explicit TrickleSource(std::string bytes) : m_bytes(std::move(bytes)) {}
  std::size_t read(std::span<char> out) override {
    if (m_pos >= m_bytes.size() || out.empty()) return 0;
    out[0] = m_bytes[m_pos++];
    return 1;
  }

 private:
  std::string m_bytes;
  std::size_t m_pos = 0;
};

TEST(XlsbRecordStream, ReadsVarintHeadersAcrossBlockEdges) {
  // Type 0 size 1; type 300 (two-byte varint 0xAC 0x02) size 2.
  TrickleSource source(std::string("\x00\x01\x7F\xAC\x02\x02\x01\x02", 8));
  RecordStream records(source);
  ASSERT_TRUE(records.next());
  EXPECT_EQ(records.type(), 0u);
  EXPECT_EQ(records.body().size(), 1u);
  ASSERT_TRUE(records.next());
  EXPECT_EQ(records.type(), 300u);
  EXPECT_EQ(records.body().size(), 2u);
  EXPECT_FALSE(records.next());
}

TEST(XlsbRecordStream, TruncatedRecordFails) {
  TrickleSource source(std::string("\x05\x10\x01", 3));
  RecordStream records(source);
  EXPECT_THROW(records.next(), FileError);
}

// One record: type and size as 7-bit varints, then the body.
std::string record(std::uint32_t type, const std::string& body) {
  std::string out;
  auto varint = [&out](std::uint32_t value) {
    do {
      const auto byte = static_cast<unsigned char>(value & 0x7F);
      value >>= 7;
      out += static_cast<char>(value != 0 ? (byte | 0x80) : byte);
    } while (value != 0);
  };
  varint(type);
  varint(static_cast<std::uint32_t>(body.size()));
  return out + body;
}

std::string le32(std::uint32_t value) {
  std::string out;
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
  return out;
}

std::string wide(const std::string& ascii) {
  std::string out = le32(static_cast<std::uint32_t>(ascii.size()));
  for (char c : ascii) out += std::string{c, '\0'};
  return out;
}

// A one-sheet .xlsb whose sheet part is `sheet_records` (no styles, no shared strings).
std::vector<std::byte> xlsb_with_sheet(const std::string& sheet_records) {
  const std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Target="worksheets/sheet1.bin"/></Relationships>)";
  const std::string workbook = record(156, le32(0) + le32(1) + wide("rId1") + wide("Sheet1"));
  const std::string zip = test::make_zip({{"xl/_rels/workbook.bin.rels", rels, true},
                                          {"xl/workbook.bin", workbook, true},
                                          {"xl/worksheets/sheet1.bin", sheet_records, true}});
  std::vector<std::byte> bytes(zip.size());
  std::memcpy(bytes.data(), zip.data(), zip.size());
  return bytes;
}

TEST(XlsbReader, ShortCellRecordsFollowThePreviousColumn) {
  const std::string style = le32(0);
  std::string real(8, '\0');
  const double two_and_a_half = 2.5;
  std::memcpy(real.data(), &two_and_a_half, sizeof two_and_a_half);
  const std::string sheet =
      record(0, le32(0) + std::string(13, '\0')) +
      record(2, le32(1) + style + le32((7u << 2) | 0x02)) +  // B1 = 7 (full record, an RK integer)
      record(13, style + le32((8u << 2) | 0x02)) +           // C1 = 8 (short RK)
      record(12, style) +                                    // D1 blank (short)
      record(17, style + wide("x")) +                        // E1 = "x" (short text)
      record(0, le32(1) + std::string(13, '\0')) +
      record(16, style + real) +                 // A2 = 2.5: no cell before it in the row
      record(1, le32(4) + style) +               // E2 blank (full record)
      record(15, style + std::string(1, '\1'));  // F2 = TRUE (short bool)
  const auto bytes = xlsb_with_sheet(sheet);
  auto book = open_xlsb_workbook(bytes, "short.xlsb", {});
  EXPECT_EQ(test::dump_rows(*book->open_sheet(0)),
            (std::vector<std::string>{"1 B=n:7 C=n:8 E=t:x", "2 A=n:2.5 F=b:1"}));
}

TEST(XlsbReader, CorpusFiles) {
  const auto dir = test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  auto bytes = test::read_bytes(*dir / "calamine/date.xlsb");
  auto book = open_xlsb_workbook(bytes, "date.xlsb", {});
  ASSERT_EQ(book->sheets().size(), 1u);
  EXPECT_EQ(test::dump_rows(*book->open_sheet(0)),
            (std::vector<std::string>{"1 A=d:2021-01-01 B=n:15", "2 A=d:2021-01-02 B=n:16",
                                      "3 A=du:918610000000 B=n:17"}));
  bytes = test::read_bytes(*dir / "exceldatareader/Test10x10000.xlsb");
  book = open_xlsb_workbook(bytes, "Test10x10000.xlsb", {});
  EXPECT_EQ(test::dump_rows(*book->open_sheet(0)).size(), 10000u);
  bytes = test::read_bytes(*dir / "poi/protected_passtika.xlsb");
  try {
    open_xlsb_workbook(bytes, "protected_passtika.xlsb", {});
    FAIL() << "expected FileError";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::Encrypted);
  }
}

}  // namespace
}  // namespace pgdatahub::workbook::xlsb
