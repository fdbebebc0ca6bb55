#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/serial_cell.hpp>
#include <pgdatahub/workbook/xls/shared_strings.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

namespace pgdatahub::workbook::xls {
namespace {

std::unique_ptr<Workbook> open_corpus(const std::string& relative, std::vector<std::byte>& bytes) {
  const auto dir = test::corpus_dir();
  if (!dir) return nullptr;
  bytes = test::read_bytes(*dir / relative);
  return open_xls_workbook(bytes, relative);
}

#define OPEN_OR_SKIP(book, bytes, path) \
  std::vector<std::byte> bytes;         \
  auto book = open_corpus(path, bytes); \
  if (!book) GTEST_SKIP() << "corpus ../shared/corpus is not available"

FileFailure failure_of(const std::string& relative) {
  std::vector<std::byte> bytes;
  try {
    auto book = open_corpus(relative, bytes);
    for (std::size_t i = 0; i < book->sheets().size(); ++i) {
      auto reader = book->open_sheet(i);
      test::dump_rows(*reader);
    }
  } catch (const FileError& error) {
    return error.failure();
  }
  ADD_FAILURE() << relative << " read without error";
  return FileFailure::Io;
}

std::vector<std::byte> bytes_of(std::initializer_list<unsigned> values) {
  std::vector<std::byte> out;
  for (unsigned v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

TEST(XlsSharedStrings, SurrogatePairSplitByContinue) {
  // SST header, then "a" + U+1F680 (3 UTF-16 units, wide) cut after the high
  // surrogate; the CONTINUE restates the width before the low surrogate.
  const std::vector<std::vector<std::byte>> segments = {
      bytes_of({2, 0, 0, 0, 2, 0, 0, 0,            // total, unique
                3, 0, 0x01, 'a', 0, 0x3D, 0xD8}),  // 3 units, wide: 'a', high surrogate
      bytes_of({0x01, 0x80, 0xDE,                  // wide again: low surrogate
                2, 0, 0x00, 'x', 'y'}),            // "xy", 8-bit
  };
  SharedStrings strings;
  strings.parse(segments);
  ASSERT_EQ(strings.size(), 2u);
  EXPECT_EQ(strings.at(0), "a\xF0\x9F\x9A\x80");
  EXPECT_EQ(strings.at(1), "xy");
}

TEST(XlsSerialCell, SerialsInBothDateSystems) {
  Cell cell;
  apply_serial(45352, NumberClass::Date, DateSystem::Excel1900, cell);
  EXPECT_EQ(test::describe_cell(cell), "d:2024-03-01");
  apply_serial(45352 - 1462, NumberClass::Date, DateSystem::Excel1904, cell);
  EXPECT_EQ(test::describe_cell(cell), "d:2024-03-01");
  apply_serial(61, NumberClass::Date, DateSystem::Excel1900, cell);
  EXPECT_EQ(test::describe_cell(cell), "d:1900-03-01");
  apply_serial(45352.5, NumberClass::DateTime, DateSystem::Excel1900, cell);
  EXPECT_EQ(test::describe_cell(cell), "dt:2024-03-01 12:00:00");
  apply_serial(0.75, NumberClass::Time, DateSystem::Excel1900, cell);
  EXPECT_EQ(test::describe_cell(cell), "tm:18:00:00");
  apply_serial(1.5, NumberClass::Duration, DateSystem::Excel1900, cell);
  EXPECT_EQ(cell.kind, CellKind::Duration);
  EXPECT_EQ(cell.micros, 36LL * 3600 * 1000000);
}

TEST(XlsReader, SampleWorkbook) {
  OPEN_OR_SKIP(book, bytes, "poi/SampleSS.xls");
  const auto lines = test::dump_workbook(*book);
  ASSERT_FALSE(lines.empty());
  for (const auto& line : lines) std::printf("%s\n", line.c_str());
}

TEST(XlsReader, DateSystemsGiveTheSameDates) {
  OPEN_OR_SKIP(book1900, bytes1900, "poi/1900DateWindowing.xls");
  std::vector<std::byte> bytes1904;
  auto book1904 = open_corpus("poi/1904DateWindowing.xls", bytes1904);
  const auto a = test::dump_workbook(*book1900);
  EXPECT_EQ(a, test::dump_workbook(*book1904));
  for (const auto& line : a) std::printf("%s\n", line.c_str());
}

TEST(XlsReader, EncryptedAndTruncatedFilesFailWithTheirReason) {
  if (!test::corpus_dir()) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  EXPECT_EQ(failure_of("poi/password.xls"), FileFailure::Encrypted);
  EXPECT_EQ(failure_of("poi/60284.xls"), FileFailure::Encrypted);
  EXPECT_EQ(failure_of("derived/1904DateWindowing.xls.truncated-4096.xls"), FileFailure::Truncated);
}

}  // namespace
}  // namespace pgdatahub::workbook::xls
