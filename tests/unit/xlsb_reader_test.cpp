#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/byte_source.hpp>
#include <pgdatahub/workbook/xlsb/record_stream.hpp>
#include <pgdatahub/workbook/xlsb/xlsb_workbook.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

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
