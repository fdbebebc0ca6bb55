// SheetReader::lasting_texts, the promise ChunkBuffer relies on to keep
// shared strings by view: every text a reader hands out inside its range
// still reads the same after the whole sheet has been read, for the readers
// that make the promise (xlsx, xlsb, xls) on both their fast and plain
// paths, and through the orchestrator's wrappers (window, header read-ahead).
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/sheet_header.hpp>
#include <pgdatahub/orchestrator/sheet_window.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <support/corpus.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook {
namespace {

bool inside(std::string_view text, std::string_view range) {
  return !text.empty() && !range.empty() && text.data() >= range.data() &&
         text.data() + text.size() <= range.data() + range.size();
}

struct LastingCount {
  std::size_t lasting = 0;  // texts handed out inside the range
  std::size_t other = 0;    // texts outside it
};

// Reads every row, remembering each text inside the range with a copy of its
// characters, then checks, once the reader has read on to the end, that
// every remembered view still reads the same and the range has not moved.
LastingCount check_lasting(SheetReader& reader, const std::string& what) {
  const std::string_view range = reader.lasting_texts();
  std::vector<std::pair<std::string_view, std::string>> kept;
  LastingCount count;
  RowView row;
  while (reader.next_row(row)) {
    for (const Cell& cell : row.cells) {
      if (cell.text.empty()) continue;
      if (inside(cell.text, range)) {
        kept.emplace_back(cell.text, std::string(cell.text));
        ++count.lasting;
      } else {
        ++count.other;
      }
    }
  }
  EXPECT_EQ(reader.lasting_texts().data(), range.data()) << what;
  EXPECT_EQ(reader.lasting_texts().size(), range.size()) << what;
  for (const auto& [view, copy] : kept) {
    EXPECT_EQ(view, copy) << what << ": a lasting text changed after its row";
  }
  return count;
}

std::string shared_strings_xml(const std::vector<std::string>& texts) {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  for (const auto& text : texts) xml.append("<si><t>").append(text).append("</t></si>");
  return xml + "</sst>";
}

// One <c> element: a shared string (t="s"), an inline string or a number.
void append_cell(std::string& xml, char column, int row, const char* type,
                 const std::string& value) {
  xml.append("<c r=\"").append(1, column).append(std::to_string(row)).append("\"");
  if (std::string_view(type) == "inlineStr") {
    xml.append(" t=\"inlineStr\"><is><t>").append(value).append("</t></is></c>");
    return;
  }
  if (*type != '\0') xml.append(" t=\"").append(type).append("\"");
  xml.append("><v>").append(value).append("</v></c>");
}

// A sheet of 300 rows: a header of shared strings on row `header`, then
// A a shared string, B an inline string, C a number, D a shared string
// again; with a header on row 2, a lone title (shared) on row 1.
std::string mixed_xlsx(int header = 1) {
  std::string rows;
  if (header == 2) {
    rows += "<row r=\"1\">";
    append_cell(rows, 'A', 1, "s", "9");
    rows += "</row>";
  }
  rows.append("<row r=\"").append(std::to_string(header)).append("\">");
  for (int c = 0; c < 4; ++c)
    append_cell(rows, static_cast<char>('A' + c), header, "s", std::to_string(c));
  rows += "</row>";
  for (int r = header + 1; r <= 300; ++r) {
    rows.append("<row r=\"").append(std::to_string(r)).append("\">");
    append_cell(rows, 'A', r, "s", std::to_string(4 + r % 5));
    append_cell(rows, 'B', r, "inlineStr", "inline " + std::to_string(r));
    append_cell(rows, 'C', r, "", std::to_string(r));
    append_cell(rows, 'D', r, "s", std::to_string(4 + r % 3));
    rows += "</row>";
  }
  test::RawPackage package;
  package.sheets.push_back({"Data", test::sheet_xml(rows), ""});
  package.shared_strings = shared_strings_xml(
      {"name", "note", "qty", "city", "Lyon", "Graz", "Bern", "Oslo", "Riga &amp; Co", "Sales"});
  return test::make_xlsx(package);
}

TEST(LastingTexts, XlsxSharedStringsLastAndInlineStringsDoNot) {
  const auto bytes = test::to_bytes(mixed_xlsx());
  for (const bool fast : {true, false}) {
    OpenOptions options;
    options.fast_paths = fast;
    auto book = open_workbook(bytes, "mixed.xlsx", options);
    auto reader = book->open_sheet(0);
    const auto count = check_lasting(*reader, fast ? "fast" : "plain");
    EXPECT_EQ(count.lasting, 4U + 299U * 2U) << (fast ? "fast" : "plain");  // header, A and D
    EXPECT_EQ(count.other, 299U) << (fast ? "fast" : "plain");              // the inline strings
  }
}

TEST(LastingTexts, ReadersWithoutASharedTablePromiseNothing) {
  const std::string csv = "a,b\nx,y\n";
  const auto bytes = test::to_bytes(csv);
  auto book = open_workbook(bytes, "plain.csv");
  EXPECT_TRUE(book->open_sheet(0)->lasting_texts().empty());
}

config::SheetLayout layout_of(const std::string& yaml) {
  return config::EtlConfig::parse(yaml, "cfg").resolve({"f"}).layout;
}

// The window hands out the inner reader's views (its footer held back aside);
// the header's read-ahead copies of the rows after a title are replayed
// before the inner reader's views. Both pass the inner range on, and their
// copies lie outside it.
TEST(LastingTexts, TheWindowPassesTheRangeOn) {
  const auto bytes = test::to_bytes(mixed_xlsx());
  auto book = open_workbook(bytes, "mixed.xlsx");
  const std::string_view table = book->open_sheet(0)->lasting_texts();
  ASSERT_FALSE(table.empty());
  auto reader = orchestrator::window_rows(book->open_sheet(0), layout_of("f: {range: A2:D290}"));
  EXPECT_EQ(reader->lasting_texts().data(), table.data());
  EXPECT_EQ(reader->lasting_texts().size(), table.size());
  const auto count = check_lasting(*reader, "windowed");
  EXPECT_EQ(count.lasting, 289U * 2U);  // rows 2..290: A and D shared, B inline
  EXPECT_EQ(count.other, 289U);
}

// The rows the window holds back for skip_footer keep the shared strings by
// view too (they live no longer than the window's reader), and still copy
// the inline strings, which the reader overwrites.
TEST(LastingTexts, TheFooterWindowKeepsSharedStringsByView) {
  const auto bytes = test::to_bytes(mixed_xlsx());
  auto book = open_workbook(bytes, "mixed.xlsx");
  auto reader = orchestrator::window_rows(book->open_sheet(0), layout_of("f: {skip_footer: 20}"));
  const std::string_view table = reader->lasting_texts();
  ASSERT_FALSE(table.empty());
  std::size_t lasting = 0;
  RowView row;
  std::uint32_t rows = 0;
  while (reader->next_row(row)) {
    ++rows;
    for (const Cell& cell : row.cells) {
      if (cell.column == 1 && row.number > 1) {
        EXPECT_EQ(cell.text, "inline " + std::to_string(row.number));
        EXPECT_FALSE(inside(cell.text, table));
      } else if (!cell.text.empty()) {
        EXPECT_TRUE(inside(cell.text, table)) << "row " << row.number << " column " << cell.column;
        ++lasting;
      }
    }
  }
  EXPECT_EQ(rows, 280U);
  EXPECT_EQ(lasting, 4U + 279U * 2U);
}

TEST(LastingTexts, TheHeadersReadAheadPassesTheRangeOn) {
  const auto bytes = test::to_bytes(mixed_xlsx(2));
  auto book = open_workbook(bytes, "mixed.xlsx");
  auto reader = book->open_sheet(0);
  const std::string_view table = reader->lasting_texts();
  RowView first;
  ASSERT_TRUE(reader->next_row(first));
  auto header = orchestrator::read_header(std::move(reader), first, {});
  ASSERT_FALSE(header.note.empty());  // the title was passed over: rows were read ahead
  EXPECT_EQ(header.reader->lasting_texts().data(), table.data());
  EXPECT_EQ(header.reader->lasting_texts().size(), table.size());
  const auto count = check_lasting(*header.reader, "after the header");
  // Rows 3..300, three texts each: rows 3..10 replayed from the read-ahead
  // copies (none inside the range), then rows 11..300 as the reader gave
  // them (A and D shared, B inline).
  EXPECT_EQ(count.lasting, 290U * 2U);
  EXPECT_EQ(count.other, 8U * 3U + 290U);
}

// Every xlsx, xlsb and xls of the corpus, every sheet, fast and plain.
TEST(LastingTexts, CorpusWorkbooksKeepTheirPromise) {
  const auto dir = test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  std::map<std::string, LastingCount> by_format;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*dir)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".xlsx" && ext != ".xlsb" && ext != ".xls") continue;
    const auto bytes = test::read_bytes(entry.path());
    for (const bool fast : {true, false}) {
      const std::string what =
          entry.path().lexically_relative(*dir).string() + (fast ? " (fast)" : " (plain)");
      try {
        OpenOptions options;
        options.fast_paths = fast;
        auto book = open_workbook(bytes, entry.path().filename().string(), options);
        for (std::size_t i = 0; i < book->sheets().size(); ++i) {
          auto reader = book->open_sheet(i);
          const auto count = check_lasting(*reader, what);
          by_format[ext].lasting += count.lasting;
          by_format[ext].other += count.other;
        }
      } catch (const FileError&) {
        // Broken, encrypted or refused files: their failures are other tests' business.
      }
    }
  }
  // Each format's shared strings are in use somewhere in the corpus.
  EXPECT_GT(by_format[".xlsx"].lasting, 0U);
  EXPECT_GT(by_format[".xlsb"].lasting, 0U);
  EXPECT_GT(by_format[".xls"].lasting, 0U);
}

}  // namespace
}  // namespace pgdatahub::workbook
