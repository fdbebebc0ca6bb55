#include <pgdatahub/core/error.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pgdatahub::workbook {
namespace {

// A cell copied out of the reader, with its position.
struct Got {
  std::uint32_t row;
  std::uint32_t column;
  CellKind kind;
  double number;
  bool boolean;
  std::int64_t micros;
  std::string text;
};

struct Sheet {
  std::vector<Got> cells;
  ReadStats stats;
  const Got& at(std::uint32_t row, std::uint32_t column) const {
    for (const auto& c : cells) {
      if (c.row == row && c.column == column) return c;
    }
    throw std::runtime_error("no cell at row " + std::to_string(row) + " column " +
                             std::to_string(column));
  }
};

Sheet read_sheet(Workbook& workbook, std::size_t index) {
  Sheet sheet;
  auto reader = workbook.open_sheet(index);
  RowView row;
  std::uint32_t last_row = 0;
  while (reader->next_row(row)) {
    EXPECT_FALSE(row.cells.empty());
    EXPECT_GT(row.number, last_row);
    last_row = row.number;
    for (const Cell& c : row.cells) {
      sheet.cells.push_back(
          {row.number, c.column, c.kind, c.number, c.boolean, c.micros, std::string(c.text)});
    }
  }
  sheet.stats = reader->stats();
  return sheet;
}

struct Opened {
  std::vector<std::byte> bytes;
  std::unique_ptr<Workbook> workbook;
};

Opened open_bytes(const std::string& data) {
  Opened o{test::to_bytes(data), nullptr};
  o.workbook = open_workbook(o.bytes, "test.xlsx");
  return o;
}

Opened open_file(const std::filesystem::path& path) {
  Opened o{test::read_bytes(path), nullptr};
  o.workbook = open_workbook(o.bytes, path.filename().string());
  return o;
}

std::int64_t day(std::int64_t y, unsigned m, unsigned d) {
  return types::days_from_civil(y, m, d) * types::micros_per_day;
}
constexpr std::int64_t micros_per_hour = 3600LL * 1000000;

Sheet read_raw(const std::string& sheet_data, const std::string& shared = "",
               const std::string& styles = "", bool date1904 = false) {
  test::RawPackage package;
  package.sheets.push_back({"Data", test::sheet_xml(sheet_data), ""});
  package.shared_strings = shared;
  package.styles = styles;
  package.date1904 = date1904;
  auto opened = open_bytes(test::make_xlsx(package));
  return read_sheet(*opened.workbook, 0);
}

TEST(XlsxReader, WrittenByLibxlsxwriter) {
  test::TempDir dir;
  const auto path = dir / "book.xlsx";
  {
    test::XlsxBuilder b(path);
    b.sheet("Data")
        .text(0, 0, "name")
        .text(0, 1, "when")
        .text(1, 0, "Zürich & <Köln>")
        .datetime(1, 1, {2024, 3, 1, 0, 0, 0}, "yyyy-mm-dd")
        .datetime(2, 1, {2024, 3, 1, 13, 30, 0}, "yyyy-mm-dd hh:mm")
        .datetime(3, 1, {1899, 12, 31, 6, 0, 0}, "hh:mm")
        .number(4, 1, 1.5, "[h]:mm")
        .number(5, 1, 3.25)
        .number(6, 1, 0.25, "0.00%")
        .boolean(7, 1, true)
        .formula(8, 1, "=1+2", 3.0)
        .formula(9, 1, "=\"a\"&\"b\"", "ab");
    b.sheet("Hidden", true).number(0, 0, 1);
    b.close();
  }
  auto opened = open_file(path);
  const auto& sheets = opened.workbook->sheets();
  ASSERT_EQ(sheets.size(), 2U);
  EXPECT_EQ(sheets[0].name, "Data");
  EXPECT_TRUE(sheets[0].visible);
  EXPECT_FALSE(sheets[1].visible);
  const Sheet s = read_sheet(*opened.workbook, 0);
  EXPECT_EQ(s.at(2, 0).text, "Zürich & <Köln>");
  EXPECT_EQ(s.at(2, 1).kind, CellKind::Date);
  EXPECT_EQ(s.at(2, 1).micros, day(2024, 3, 1));
  EXPECT_EQ(s.at(3, 1).kind, CellKind::DateTime);
  EXPECT_EQ(s.at(3, 1).micros, day(2024, 3, 1) + 13 * micros_per_hour + 30 * 60000000LL);
  EXPECT_EQ(s.at(4, 1).kind, CellKind::Time);
  EXPECT_EQ(s.at(4, 1).micros, 6 * micros_per_hour);
  EXPECT_EQ(s.at(5, 1).kind, CellKind::Duration);
  EXPECT_EQ(s.at(5, 1).micros, 36 * micros_per_hour);
  EXPECT_EQ(s.at(6, 1).kind, CellKind::Number);
  EXPECT_DOUBLE_EQ(s.at(6, 1).number, 3.25);
  EXPECT_EQ(s.at(7, 1).kind, CellKind::Number);
  EXPECT_EQ(s.at(8, 1).kind, CellKind::Boolean);
  EXPECT_TRUE(s.at(8, 1).boolean);
  EXPECT_DOUBLE_EQ(s.at(9, 1).number, 3.0);
  EXPECT_EQ(s.at(10, 1).kind, CellKind::Text);
  EXPECT_EQ(s.at(10, 1).text, "ab");
}

TEST(XlsxReader, ChartsheetIsNoWorksheet) {
  test::TempDir dir;
  const auto path = dir / "chart.xlsx";
  {
    test::XlsxBuilder b(path);
    b.sheet("Sheet1").number(0, 0, 1).number(1, 0, 2);
    b.chartsheet("Chart");
    b.close();
  }
  auto opened = open_file(path);
  const auto& sheets = opened.workbook->sheets();
  ASSERT_EQ(sheets.size(), 2U);
  EXPECT_TRUE(sheets[0].is_worksheet);
  EXPECT_FALSE(sheets[1].is_worksheet);
  EXPECT_TRUE(read_sheet(*opened.workbook, 1).cells.empty());
}

// Shared strings are resolved when their row ends: with cells out of column
// order and other texts between them, each text still lands on its own cell.
TEST(XlsxReader, SharedStringsInAnUnsortedRow) {
  const std::string shared =
      R"(<sst><si><t>zero</t></si><si><t>one</t></si><si><t>two</t></si></sst>)";
  const Sheet s = read_raw(R"(<row r="1"><c r="D1" t="s"><v>2</v></c><c r="A1" t="s"><v>1</v></c>)"
                           R"(<c r="C1" t="str"><v>own</v></c><c r="B1" t="s"><v>0</v></c></row>)"
                           R"(<row r="2"><c r="B2" t="s"><v>1</v></c><c r="A2"><v>7</v></c></row>)",
                           shared);
  ASSERT_EQ(s.cells.size(), 6U);
  EXPECT_EQ(s.cells[0].column, 0U);
  EXPECT_EQ(s.at(1, 0).text, "one");
  EXPECT_EQ(s.at(1, 1).text, "zero");
  EXPECT_EQ(s.at(1, 2).text, "own");
  EXPECT_EQ(s.at(1, 3).text, "two");
  EXPECT_EQ(s.at(2, 1).text, "one");
  EXPECT_DOUBLE_EQ(s.at(2, 0).number, 7.0);
}

// A table of `count` strings, "text N" each: past a megabyte, it loads
// behind the sheet.
std::string large_table(int count, const std::string& tail = "") {
  std::string shared = "<sst>";
  for (int i = 0; i < count; ++i) shared += "<si><t>text " + std::to_string(i) + "</t></si>";
  return shared + tail + "</sst>";
}

TEST(XlsxReader, ALargeSharedStringTableLoadingBehindTheSheetGivesEveryCellItsText) {
  const int count = 80'000;
  const std::string shared = large_table(count);
  ASSERT_GT(shared.size(), 1U << 20);
  // Each row names its own string and one far ahead, which the reader waits for.
  std::string rows;
  for (int r = 1; r <= 200; ++r) {
    const int ahead = count - r;
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\" t=\"s\"><v>" +
            std::to_string(r) + "</v></c><c r=\"B" + std::to_string(r) + "\" t=\"s\"><v>" +
            std::to_string(ahead) + "</v></c></row>";
  }
  const Sheet s = read_raw(rows, shared);
  ASSERT_EQ(s.cells.size(), 400U);
  for (std::uint32_t r = 1; r <= 200; ++r) {
    EXPECT_EQ(s.at(r, 0).text, "text " + std::to_string(r));
    EXPECT_EQ(s.at(r, 1).text, "text " + std::to_string(count - static_cast<int>(r)));
  }
}

TEST(XlsxReader, ABrokenLargeSharedStringTableFailsTheSheetThatUsedOnlyItsStart) {
  const std::string shared = large_table(80'000, "<si><t>cut");  // ends inside an item
  const std::string rows = R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)";
  EXPECT_THROW(read_raw(rows, shared), FileError);
  // As a small table does, which is loaded before the sheet opens.
  EXPECT_THROW(read_raw(rows, large_table(3, "<si><t>cut")), FileError);
}

TEST(XlsxReader, CellTypesFromRawXml) {
  const std::string shared =
      R"(<sst><si><t>plain</t></si><si><r><t>ri</t></r><r><t xml:space="preserve">ch </t></r><rPh><t>PHON</t></rPh></si>)"
      R"(<si><t>a_x000D_b_x005F_x0041_</t></si><si><t>_xD83D__xDE80_</t></si><si><t>nul&#0;x</t></si></sst>)";
  const Sheet s = read_raw(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>)"
      R"(<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>)"
      R"(<row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[<cdata>]]></t></is></c>)"
      R"(<c r="B3" t="e"><v>#N/A</v></c><c r="C3" t="b"><v>0</v></c><c r="D3" t="d"><v>2024-03-01T12:00:00</v></c>)"
      R"(<c r="E3"><v>1e3</v></c><c r="F3" t="n"><v>-0.5</v></c><c r="G3" t="str"><v>x&amp;y</v></c><c r="H3"/><c r="I3" t="s"></c></row>)"
      R"(<row r="4"><c r="A4"/></row>)",
      shared);
  EXPECT_EQ(s.at(1, 0).text, "plain");
  EXPECT_EQ(s.at(1, 1).text, "rich ");
  EXPECT_EQ(s.at(1, 2).text, "a\rb_x0041_");
  EXPECT_EQ(s.at(1, 3).text, "\xF0\x9F\x9A\x80");
  EXPECT_EQ(s.at(1, 4).text, "nulx");
  EXPECT_EQ(s.at(3, 0).text, "<cdata>");
  EXPECT_EQ(s.at(3, 1).kind, CellKind::Error);
  EXPECT_EQ(s.at(3, 1).text, "#N/A");
  EXPECT_EQ(s.at(3, 2).kind, CellKind::Boolean);
  EXPECT_FALSE(s.at(3, 2).boolean);
  EXPECT_EQ(s.at(3, 3).kind, CellKind::DateTime);
  EXPECT_EQ(s.at(3, 3).micros, day(2024, 3, 1) + 12 * micros_per_hour);
  EXPECT_DOUBLE_EQ(s.at(3, 4).number, 1000.0);
  EXPECT_DOUBLE_EQ(s.at(3, 5).number, -0.5);
  EXPECT_EQ(s.at(3, 6).text, "x&y");
  EXPECT_EQ(s.cells.size(), 12U);  // empty cells and the empty row yield nothing
  EXPECT_EQ(s.stats.error_cells, 1U);
  EXPECT_EQ(s.stats.nul_removed, 1U);
}

TEST(XlsxReader, PositionsWithoutReferences) {
  const Sheet s = read_raw(
      R"(<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C5"><v>3</v></c><c><v>4</v></c></row>)"
      R"(<row r="9"><c r="b9"><v>5</v></c></row><row><c><v>6</v></c></row>)");
  EXPECT_EQ(s.at(1, 0).number, 1);
  EXPECT_EQ(s.at(1, 1).number, 2);
  EXPECT_EQ(s.at(2, 2).number, 3);
  EXPECT_EQ(s.at(2, 3).number, 4);
  EXPECT_EQ(s.at(9, 1).number, 5);
  EXPECT_EQ(s.at(10, 0).number, 6);
}

TEST(XlsxReader, CellsOutOfOrderAreSorted) {
  const Sheet s = read_raw(
      R"(<row r="1"><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>)");
  ASSERT_EQ(s.cells.size(), 2U);
  EXPECT_EQ(s.cells[0].column, 0U);
  EXPECT_EQ(s.cells[0].text, "a");
  EXPECT_EQ(s.cells[1].text, "c");
}

TEST(XlsxReader, DateClassificationByStyle) {
  // xf 0: General, 1: date (14), 2: time (21), 3: [h]:mm (46), 4: custom date, 5: custom text "@"
  const std::string styles = test::styles_xml({0, 14, 21, 46, 164, 49}, {{164, "dd/mm/yyyy"}});
  const Sheet s = read_raw(
      R"(<row r="1"><c s="1"><v>45352</v></c><c s="1"><v>45352.75</v></c><c s="2"><v>0.75</v></c>)"
      R"(<c s="2"><v>45352.75</v></c><c s="3"><v>1.25</v></c><c s="4"><v>45352</v></c><c s="5"><v>45352</v></c>)"
      R"(<c s="1"><v>-5</v></c><c s="1"><v>1e12</v></c><c s="99"><v>7</v></c></row>)",
      "", styles);
  EXPECT_EQ(s.at(1, 0).kind, CellKind::Date);
  EXPECT_EQ(s.at(1, 0).micros, day(2024, 3, 1));
  EXPECT_EQ(s.at(1, 1).kind, CellKind::DateTime);
  EXPECT_EQ(s.at(1, 1).micros, day(2024, 3, 1) + 18 * micros_per_hour);
  EXPECT_EQ(s.at(1, 2).kind, CellKind::Time);
  EXPECT_EQ(s.at(1, 2).micros, 18 * micros_per_hour);
  EXPECT_EQ(s.at(1, 3).kind, CellKind::DateTime);
  EXPECT_EQ(s.at(1, 4).kind, CellKind::Duration);
  EXPECT_EQ(s.at(1, 4).micros, 30 * micros_per_hour);
  EXPECT_EQ(s.at(1, 5).kind, CellKind::Date);
  EXPECT_EQ(s.at(1, 6).kind, CellKind::Number);
  EXPECT_EQ(s.at(1, 7).kind, CellKind::Number);  // negative serial
  EXPECT_EQ(s.at(1, 8).kind, CellKind::Number);  // beyond 9999
  EXPECT_EQ(s.at(1, 9).kind, CellKind::Number);  // unknown style
}

TEST(XlsxReader, Date1904System) {
  const Sheet s = read_raw(R"(<row r="1"><c s="1"><v>0</v></c><c s="1"><v>43830</v></c></row>)", "",
                           test::styles_xml({0, 14}), true);
  EXPECT_EQ(s.at(1, 0).micros, day(1904, 1, 1));
  EXPECT_EQ(s.at(1, 1).micros, day(2024, 1, 1));
}

TEST(XlsxReader, StrictPackageInAnotherFolder) {
  test::RawPackage package;
  package.strict = true;
  package.workbook_path = "book/main.xml";
  package.sheets.push_back(
      {"One", test::sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"), ""});
  package.sheets.push_back(
      {"Two", test::sheet_xml(R"(<row r="2"><c r="B2"><v>2</v></c></row>)"), "veryHidden"});
  auto opened = open_bytes(test::make_xlsx(package));
  ASSERT_EQ(opened.workbook->sheets().size(), 2U);
  EXPECT_FALSE(opened.workbook->sheets()[1].visible);
  EXPECT_EQ(read_sheet(*opened.workbook, 1).at(2, 1).number, 2);
}

TEST(XlsxReader, HostileContentFailsAsFileError) {
  const auto failure = [](const std::string& sheet_data) {
    try {
      read_raw(sheet_data);
    } catch (const FileError& e) {
      return e.failure();
    }
    return FileFailure::Io;
  };
  EXPECT_EQ(failure(R"(<row r="1"><c r="A1" t="s"><v>5</v></c></row>)"), FileFailure::Corrupt);
  EXPECT_EQ(failure(R"(<row r="1"><c r="ZZZZ1"><v>1</v></c></row>)"), FileFailure::Corrupt);
  EXPECT_EQ(failure(R"(<row r="x"><c><v>1</v></c></row>)"), FileFailure::Corrupt);
  test::RawPackage package;
  package.sheets.push_back({"Bomb", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>", ""});
  auto opened = open_bytes(test::make_xlsx(package));
  try {
    read_sheet(*opened.workbook, 0);
    FAIL();
  } catch (const FileError& e) {
    EXPECT_EQ(e.failure(), FileFailure::ResourceLimit);
  }
}

TEST(XlsxReader, ManyRowsAcrossBufferBoundaries) {
  std::string data;
  for (int r = 1; r <= 30000; ++r) {
    data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" +
            std::to_string(r) + "</v></c><c r=\"B" + std::to_string(r) +
            "\" t=\"inlineStr\"><is><t>t&amp;" + std::to_string(r) + "</t></is></c></row>";
  }
  const Sheet s = read_raw(data);
  ASSERT_EQ(s.cells.size(), 60000U);
  for (int r = 1; r <= 30000; ++r) {
    const std::size_t first = 2 * static_cast<std::size_t>(r - 1);
    const auto& num = s.cells[first];
    const auto& txt = s.cells[first + 1];
    ASSERT_EQ(num.number, r);
    ASSERT_EQ(txt.text, "t&" + std::to_string(r));
  }
  EXPECT_GT(s.stats.bytes_inflated, 1000000U);
}

// ---- the shared corpus ----

std::filesystem::path corpus_dir() { return PGDATAHUB_SOURCE_DIR "/../shared/corpus"; }

#define REQUIRE_CORPUS()                                                    \
  if (!std::filesystem::exists(corpus_dir())) {                             \
    GTEST_SKIP() << "shared corpus not found at " << corpus_dir().string(); \
  }

TEST(XlsxCorpus, EveryFileReadsOrFailsAsFileError) {
  REQUIRE_CORPUS();
  std::size_t read = 0;
  std::size_t failed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus_dir())) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".xlsx" && ext != ".xlsm" && ext != ".xltx") continue;
    SCOPED_TRACE(entry.path().string());
    try {
      auto opened = open_file(entry.path());
      for (std::size_t i = 0; i < opened.workbook->sheets().size(); ++i)
        read_sheet(*opened.workbook, i);
      ++read;
    } catch (const FileError&) {
      ++failed;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "unexpected exception: " << e.what();
    }
  }
  EXPECT_GT(read, 50U);
  EXPECT_GT(failed, 5U);
}

TEST(XlsxCorpus, Date1904AgreesWithDate1900) {
  REQUIRE_CORPUS();
  auto a = open_file(corpus_dir() / "calamine/date.xlsx");
  auto b = open_file(corpus_dir() / "calamine/date_1904.xlsx");
  const Sheet s1900 = read_sheet(*a.workbook, 0);
  const Sheet s1904 = read_sheet(*b.workbook, 0);
  ASSERT_EQ(s1900.cells.size(), s1904.cells.size());
  std::size_t dates = 0;
  for (std::size_t i = 0; i < s1900.cells.size(); ++i) {
    EXPECT_EQ(s1900.cells[i].kind, s1904.cells[i].kind) << i;
    if (s1900.cells[i].kind == CellKind::Date || s1900.cells[i].kind == CellKind::DateTime) {
      EXPECT_EQ(s1900.cells[i].micros, s1904.cells[i].micros) << i;
      ++dates;
    }
  }
  EXPECT_GE(dates, 2U);
  // calamine's fixture: 2021-01-01 in A1.
  EXPECT_EQ(s1900.cells[0].kind, CellKind::Date);
  EXPECT_EQ(s1900.cells[0].micros, day(2021, 1, 1));
}

TEST(XlsxCorpus, SpecificFiles) {
  REQUIRE_CORPUS();
  {
    auto o = open_file(corpus_dir() / "calamine/has_x000D_.xlsx");
    const Sheet s = read_sheet(*o.workbook, 0);
    ASSERT_FALSE(s.cells.empty());
    EXPECT_NE(s.cells[0].text.find('\r'), std::string::npos);
    EXPECT_EQ(s.cells[0].text.find("_x000D_"), std::string::npos);
  }
  {
    auto o = open_file(corpus_dir() / "calamine/inlineStr_cdata.xlsx");
    const Sheet s = read_sheet(*o.workbook, 0);
    ASSERT_EQ(s.cells.size(), 4U);
    EXPECT_EQ(s.at(1, 0).text, "Hello CDATA");
    EXPECT_EQ(s.at(2, 0).kind, CellKind::Text);
    EXPECT_EQ(s.at(2, 0).text, "12345");
    EXPECT_EQ(s.at(2, 1).text, "NormalText");
  }
  {
    auto o = open_file(corpus_dir() / "calamine/nonstandard-xml-ns-prefix.xlsx");
    const Sheet s = read_sheet(*o.workbook, 0);
    EXPECT_EQ(s.cells.size(), 6U);
  }
  {
    auto o = open_file(corpus_dir() / "calamine/errors.xlsx");
    const Sheet s = read_sheet(*o.workbook, 0);
    std::map<std::string, int> errors;
    for (const auto& c : s.cells) {
      if (c.kind == CellKind::Error) ++errors[c.text];
    }
    for (const char* e : {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}) {
      EXPECT_EQ(errors[e], 1) << e;
    }
    EXPECT_EQ(s.stats.error_cells, 7U);
  }
  {
    const auto start = std::chrono::steady_clock::now();
    auto o = open_file(corpus_dir() / "calamine/issue_174.xlsx");
    const Sheet s = read_sheet(*o.workbook, 0);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 1.0);
    std::uint32_t max_column = 0;
    for (const auto& c : s.cells) max_column = std::max(max_column, c.column);
    EXPECT_LT(max_column, 11U);
  }
  {
    auto o = open_file(corpus_dir() / "calamine/any_sheets.xlsx");
    const auto& sheets = o.workbook->sheets();
    ASSERT_EQ(sheets.size(), 4U);
    EXPECT_EQ(sheets[0].name, "Visible");
    EXPECT_TRUE(sheets[0].visible);
    EXPECT_FALSE(sheets[1].visible);
    EXPECT_FALSE(sheets[2].visible);
    EXPECT_FALSE(sheets[3].is_worksheet);
    EXPECT_TRUE(sheets[0].is_worksheet);
  }
}

}  // namespace
}  // namespace pgdatahub::workbook
