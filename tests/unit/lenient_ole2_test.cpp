// Issue 12: OLE2 containers and BIFF streams that LibreOffice and Gnumeric
// read although they break a rule, where what they hold is unambiguous:
// read the same cells, note the repair for the ledger, and keep refusing a
// container whose damage leaves the data in doubt.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

namespace pgdatahub::workbook {
namespace {

struct Read {
  std::vector<std::string> rows;
  std::size_t cells = 0;
  std::string repairs;
};

Read read_first_sheet(const std::vector<std::byte>& bytes, const std::string& name) {
  auto book = open_workbook(bytes, name);
  EXPECT_EQ(book->sheets().size(), 1u);
  auto reader = book->open_sheet(0);
  Read out;
  RowView row;
  while (reader->next_row(row)) {
    out.cells += row.cells.size();
    std::string line = std::to_string(row.number);
    for (const auto& cell : row.cells) line += " " + test::describe_cell(cell);
    out.rows.push_back(line);
  }
  out.repairs = reader->stats().repairs;
  return out;
}

// POI bug 45290: the Workbook stream's sector chain runs one sector past the
// stream's size. LibreOffice and Gnumeric read 461 cells.
TEST(LenientOle2, ASectorChainLongerThanItsStreamIsReadUpToTheStreamSize) {
  const auto dir = test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  const auto read = read_first_sheet(test::read_bytes(*dir / "poi/45290.xls"), "45290.xls");
  EXPECT_EQ(read.cells, 461u);
  ASSERT_EQ(read.rows.size(), 46u);
  EXPECT_EQ(read.rows[0].substr(0, 24), "1 t:Auction Date t:Type ");
  EXPECT_NE(read.repairs.find("sector chain longer than its size"), std::string::npos)
      << read.repairs;
}

// The same file with its chain turned back on itself inside the stream: a
// sector would be read twice, so which data is right is in doubt. Refused.
TEST(LenientOle2, ASectorChainThatLoopsInsideItsStreamIsStillRefused) {
  const auto dir = test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  auto bytes = test::read_bytes(*dir / "poi/45290.xls");
  // The FAT is sector 0 (bytes 512..1023); the Workbook stream starts at
  // sector 1 and runs 1 → 2 → ...: point sector 5 back to sector 2.
  const std::size_t fat = 512;
  ASSERT_EQ(load_le32(bytes.data() + fat + std::size_t{4} * 1), 2u);
  const std::uint32_t back = 2;
  std::memcpy(bytes.data() + fat + std::size_t{4} * 5, &back, sizeof back);
  try {
    open_workbook(bytes, "45290.xls");
    FAIL() << "a looping chain was read";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::Corrupt);
    EXPECT_NE(std::string(error.what()).find("loops"), std::string::npos) << error.what();
  }
}

// POI bug 64130: an Excel chart embedded in another document. Its Book
// stream lists the chart's data sheet as a chart without a name, but the
// sheet's own BOF (of a type no specification names, 0x8000) is followed by
// cells. LibreOffice reads its two rows; so does pgdatahub, as a worksheet.
TEST(LenientOle2, AChartListedSheetWhoseRecordsAreCellsIsReadAsAWorksheet) {
  const auto dir = test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  const auto bytes = test::read_bytes(*dir / "poi/64130.xls");
  const auto book = open_workbook(bytes, "64130.xls");
  ASSERT_EQ(book->sheets().size(), 1u);
  EXPECT_EQ(book->sheets()[0].name, "Sheet1");
  EXPECT_TRUE(book->sheets()[0].is_worksheet);
  const auto read = read_first_sheet(bytes, "64130.xls");
  const std::vector<std::string> expected{
      "1 t:Dawn t:Daylight t:Dusk t:Dark",
      "2 t:Percent n:0.5 n:80.5 n:2.3 n:16.4",
  };
  EXPECT_EQ(read.rows, expected);
  EXPECT_NE(read.repairs.find("listed as a chart but its records are cells"), std::string::npos)
      << read.repairs;
}

}  // namespace
}  // namespace pgdatahub::workbook
