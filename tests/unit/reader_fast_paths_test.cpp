// Every fast path of the readers has a plain twin (OpenOptions::fast_paths =
// false): the XML scanner's events for the simple-cell matcher, std::from_chars
// for fast_float. These tests read the same bytes both ways and require the
// same cells, bit for bit, and the same errors: over the fuzz corpora, over
// the shared corpus of real files, over generated markup full of the cases a
// fast path must hand back (entities, odd attributes, block boundaries), and
// over number-like text. The inflate thread is a fast path too: its twin
// inflates on the reader's own thread.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xlsx/cell_number.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>
#include <support/corpus.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pgdatahub::workbook {
namespace {

using test::RawPackage;

// Every cell of every sheet, exactly (numbers by their bits), or the error.
std::vector<std::string> read_all(std::span<const std::byte> bytes, const std::string& name,
                                  bool fast, InflateThread inflate = InflateThread::Never) {
  std::vector<std::string> out;
  OpenOptions options;
  options.fast_paths = fast;
  options.inflate_thread = inflate;
  options.max_inflated_bytes = 256ULL << 20;
  try {
    auto book = open_workbook(bytes, name, options);
    for (std::size_t i = 0; i < book->sheets().size(); ++i) {
      out.push_back("sheet " + book->sheets()[i].name);
      try {
        auto reader = book->open_sheet(i);
        RowView row;
        while (reader->next_row(row)) {
          std::string line = std::to_string(row.number);
          for (const Cell& c : row.cells) {
            line += " " + std::to_string(c.column) + ":" +
                    std::to_string(static_cast<int>(c.kind)) + ":" +
                    std::to_string(std::bit_cast<std::uint64_t>(c.number)) + ":" +
                    std::to_string(c.micros) + ":" + (c.boolean ? "1" : "0") + ":" +
                    std::string(c.text);
          }
          out.push_back(std::move(line));
        }
        const ReadStats& stats = reader->stats();
        out.push_back("stats " + std::to_string(stats.error_cells) + " " +
                      std::to_string(stats.nul_removed) + " " + stats.repairs);
      } catch (const FileError& e) {
        out.push_back(std::string("sheet error: ") + e.what());
      }
    }
  } catch (const FileError& e) {
    out.push_back(std::string("error: ") + e.what());
  }
  return out;
}

// "" when equal, else the first line that differs, both ways (whole sheets
// would flood the output).
std::string first_difference(const std::vector<std::string>& fast,
                             const std::vector<std::string>& plain) {
  for (std::size_t i = 0; i < std::max(fast.size(), plain.size()); ++i) {
    const std::string a = i < fast.size() ? fast[i] : "(none)";
    const std::string b = i < plain.size() ? plain[i] : "(none)";
    if (a != b) {
      std::string line = "line " + std::to_string(i);
      line += ":\n fast:  ";
      line += a;
      line += "\n plain: ";
      line += b;
      return line;
    }
  }
  return "";
}

void expect_twins_agree(const std::filesystem::path& file) {
  const auto bytes = test::read_bytes(file);
  const auto fast = read_all(bytes, file.filename().string(), true);
  const auto plain = read_all(bytes, file.filename().string(), false);
  EXPECT_EQ(first_difference(fast, plain), "") << file;
  const auto threaded = read_all(bytes, file.filename().string(), true, InflateThread::Always);
  EXPECT_EQ(first_difference(threaded, fast), "") << file << " (inflated on a thread of its own)";
}

std::size_t check_tree(const std::filesystem::path& root) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto name = entry.path().filename().string();
    if (name == "README.md" || name == "MANIFEST.tsv") continue;
    expect_twins_agree(entry.path());
    ++files;
  }
  return files;
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsOverTheFuzzCorpora) {
  const std::filesystem::path corpora = PGDATAHUB_SOURCE_DIR "/fuzz/corpus";
  EXPECT_GT(check_tree(corpora), 20U);
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsOverTheSharedCorpus) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "../shared/corpus is not next to this checkout";
  EXPECT_GT(check_tree(*corpus), 100U);
}

std::vector<std::string> read_sheet_data(const std::string& sheet_data, bool fast,
                                         InflateThread inflate = InflateThread::Never) {
  RawPackage package;
  package.sheets.push_back({"S", test::sheet_xml(sheet_data), ""});
  package.shared_strings =
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<si><t>zero</t></si><si><t>one &amp; two</t></si></sst>";
  package.styles = test::styles_xml({0, 14, 22, 10});
  const auto bytes = test::to_bytes(test::make_xlsx(package));
  return read_all(bytes, "generated.xlsx", fast, inflate);
}

// One <c> element from pieces: the simple shapes the matcher takes and the
// near misses it must leave to the scanner. Called inside a property.
std::string generated_cell() {
  const auto attribute = rc::gen::element<std::string>(
      " s=\"1\"", " s=\"2\"", " s=\"3\"", " r=\"B9\"", " t=\"s\"", " t=\"b\"", " r=\"A1\"",
      " r=\"C7\"", " r=\"XFD3\"", " r=\"XFE3\"", " r=\"\"", " r=\"7\"", " s=\"1\"", " s=\"2\"",
      " s=\"x\"", " s=\"9\"", " t=\"s\"", " t=\"b\"", " t=\"e\"", " t=\"str\"", " t=\"d\"",
      " t=\"n\"", " t=\"inlineStr\"", " t='s'", " cm=\"1\"", " x:r=\"B2\"", "\nr=\"D4\"",
      " r=\"E&#53;\"", " r = \"F6\"", " t=\"s\"",
      // The cell loop's own edges: references (lower case, no row, too many
      // letters, letters after the row, a long row), styles and types.
      " r=\"b3\"", " r=\"AB\"", " r=\"AAAA1\"", " r=\"A1B\"", " r=\"XFD1048576\"",
      " r=\"C123456789012\"", " r=\"@1\"", " s=\"0001\"", " s=\"1234567890\"", " s=\"\"",
      " s=\"-1\"", " t=\"\"", " t=\"sx\"", " t=\"B\"", " t=\"b \"");
  const auto value = *rc::gen::element<std::string>(
      "1", "0", "-0", "42", "1.5", "-790200.92", "44129.43329861111", "1e400", "1e-400", "4.9e-324",
      "nan", "inf", "+5", " 7 ", "0x1A", ".5", "5.", "", "1&amp;2", "&#49;", "TRUE", "true", "#N/A",
      "2024-03-01", "2024-03-01T13:45:00", "123456789012345678901234", "abc", "1\n", "\t1",
      "<![CDATA[3]]>",
      // Clinger's exact path and its edges: 15 to 20 digits, 2^53 and past it,
      // powers of ten at and past 22, exponents with signs and leading zeros,
      // shared-string indexes and booleans the loop must leave alone.
      "9007199254740992", "9007199254740993", "-9007199254740993", "123456789012345678",
      "1234567890123456789", "12345678901234567890", "0.30000000000000004", "1.5E-3", "2.5e+3",
      "1e22", "1e23", "1e-22", "1e-23", "4.9406564584124654e-324", "2.2250738585072011e-308",
      "1e0005", "12e", "1e+", "-0.0", "00012.50", "0000000000000000000001", "1.", "-.5", "--1",
      "1e-0", "8.", "99999999999999999999e-5", "7543231948757.491186", "47280385280841485e6", "2",
      "0001", "4294967296", "-1", "10", "01");
  std::string tail = *rc::gen::element<std::string>(
      "><v>%</v></c>", "><v>%</v></c>", "><v>%</v></c>", "><v>%</v></c>", "/>", "></c>",
      "><f>A1+1</f><v>%</v></c>", "><v>%</v> </c>", "><v>%</v></c >",
      "><v xml:space=\"preserve\">%</v></c>", "><is><t>%</t></is></c>", "><v>%</v><v>%</v></c>",
      "><v>%</v></c></c>");
  std::string markup = "<c";
  const auto count = *rc::gen::inRange<std::size_t>(0, 4);
  for (const auto& a : *rc::gen::container<std::vector<std::string>>(count, attribute)) markup += a;
  for (std::size_t at; (at = tail.find('%')) != std::string::npos;) tail.replace(at, 1, value);
  return markup + tail;
}

RC_GTEST_PROP(ReaderFastPaths, AgreeWithTheirTwinsOnGeneratedCells, ()) {
  std::string sheet_data;
  const auto rows = *rc::gen::inRange(1, 5);
  for (int r = 0; r < rows; ++r) {
    sheet_data += "<row>";
    const auto cells = *rc::gen::inRange(0, 6);
    for (int c = 0; c < cells; ++c) sheet_data += generated_cell();
    sheet_data += "</row>";
  }
  RC_ASSERT(first_difference(read_sheet_data(sheet_data, true),
                             read_sheet_data(sheet_data, false)) == "");
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsAcrossScannerBlocks) {
  // Well over the scanner's 256 kB block, with cells of varying length, so
  // elements are cut by the end of a block at many different places.
  std::string sheet_data;
  for (int r = 1; r <= 9000; ++r) {
    sheet_data += "<row r=\"" + std::to_string(r) + "\">";
    sheet_data += "<c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r * 37) + "</v></c>";
    sheet_data += "<c r=\"B" + std::to_string(r) + "\" s=\"1\"><v>" + std::to_string(40000 + r) +
                  ".25</v></c>";
    sheet_data +=
        "<c r=\"C" + std::to_string(r) + "\" t=\"s\"><v>" + std::to_string(r % 2) + "</v></c>";
    sheet_data += "<c r=\"D" + std::to_string(r) + "\" t=\"str\"><v>" +
                  std::string(static_cast<std::size_t>(r % 23), 'x') + "&lt;</v></c>";
    sheet_data += "<c r=\"E" + std::to_string(r) + "\" t=\"b\"><v>" + std::to_string(r % 2) +
                  "</v></c></row>";
  }
  const auto fast = read_sheet_data(sheet_data, true);
  EXPECT_EQ(fast.size(), 9000U + 2U);
  EXPECT_EQ(first_difference(fast, read_sheet_data(sheet_data, false)), "");
  EXPECT_EQ(first_difference(read_sheet_data(sheet_data, true, InflateThread::Always), fast), "");
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsPastTheLastColumn) {
  // Cells without r= count on from the last column: the 16385th is past XFD,
  // an error the cell loop leaves to the general path to report.
  std::string sheet_data = "<row r=\"1\"><c r=\"XFB1\"><v>1</v></c><c><v>2</v></c>";
  sheet_data += "<c t=\"s\"><v>0</v></c><c><v>3</v></c></row>";
  const auto fast = read_sheet_data(sheet_data, true);
  EXPECT_NE(fast.back().find("beyond column XFD"), std::string::npos) << fast.back();
  EXPECT_EQ(first_difference(fast, read_sheet_data(sheet_data, false)), "");
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsOnRunsOfCommonCells) {
  // Long runs of the cells the loop takes (numbers, dates, shared strings,
  // booleans, empty cells, with and without r=, out of order), broken by
  // cells it leaves to the general path, over several scanner blocks.
  std::string sheet_data;
  for (int r = 1; r <= 6000; ++r) {
    const std::string row = std::to_string(r);
    sheet_data += "<row r=\"" + row + "\">";
    sheet_data += "<c r=\"A" + row + "\"><v>" +
                  std::to_string(static_cast<long long>(r) * 1234567) + "." +
                  std::to_string(r % 97) + "</v></c>";
    sheet_data += "<c r=\"B" + row + "\" s=\"1\"><v>" + std::to_string(30000 + r * 3) + "</v></c>";
    sheet_data += "<c s=\"2\"><v>0." + std::to_string(r * 7919) + "</v></c>";
    sheet_data += "<c t=\"s\"><v>" + std::to_string(r % 2) + "</v></c>";
    sheet_data += "<c r=\"F" + row + "\" t=\"b\"><v>" + std::to_string(r % 2) + "</v></c>";
    sheet_data += "<c r=\"G" + row + "\" s=\"3\"/>";
    if (r % 5 == 0) sheet_data += "<c r=\"C" + row + "\"><v>-" + std::to_string(r) + "e-3</v></c>";
    if (r % 7 == 0) sheet_data += "<c r=\"H" + row + "\" t=\"e\"><v>#N/A</v></c>";
    if (r % 11 == 0) sheet_data += "<c r=\"I" + row + "\"><v> " + std::to_string(r) + "</v></c>";
    sheet_data += "<c><v>" + std::to_string(r) + "9007199254740993</v></c></row>";
  }
  const auto fast = read_sheet_data(sheet_data, true);
  EXPECT_EQ(fast.size(), 6000U + 2U);
  EXPECT_EQ(first_difference(fast, read_sheet_data(sheet_data, false)), "");
  EXPECT_EQ(first_difference(read_sheet_data(sheet_data, true, InflateThread::Always), fast), "");
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsOnAttributeValuesOfEveryLength) {
  // The matcher settles a value with one 16-byte compare when it can: values
  // shorter and longer than that, with an entity before, at and after where
  // the quote would be.
  std::string sheet_data = "<row r=\"1\">";
  for (std::size_t length = 0; length < 40; ++length) {
    // ('<' in a value is not well-formed: it would end the sheet at once.)
    for (const char* odd : {"", "&amp;", "&lt;", "&#34;"}) {
      const std::string padding(length, '0');
      sheet_data += "<c r=\"A1\" s=\"" + padding + "\"><v>1</v></c>";
      sheet_data += "<c r=\"B1\" s=\"" + padding + odd + "\"><v>2</v></c>";
      sheet_data += "<c r=\"C1\" t=\"n\" s=\"" + std::string(odd) + padding + "\"><v>3</v></c>";
    }
  }
  sheet_data += "</row>";
  const auto fast = read_sheet_data(sheet_data, true);
  EXPECT_EQ(fast.size(), 3U);  // the sheet, its one row, its stats: no error
  EXPECT_EQ(first_difference(fast, read_sheet_data(sheet_data, false)), "");
}

// One row start tag from pieces: the attribute sets writers put on rows, the
// row numbers the reader must number exactly as the scanner path does (from
// 0, none, jumps, invalid ones), and the near misses the row matcher must
// leave to the scanner. Called inside a property.
std::string generated_row_start() {
  const auto attribute = rc::gen::element<std::string>(
      " r=\"1\"", " r=\"2\"", " r=\"7\"", " r=\"0\"", " r=\"007\"", " r=\"1048576\"",
      " r=\"1073741824\"", " r=\"1073741825\"", " r=\"4294967296\"", " r=\"\"", " r=\"x\"",
      " r=\"-1\"", " r=\" 3\"", " r=\"3 \"", " r=\"+3\"", " r=\"&#51;\"", " r='4'", " r = \"5\"",
      "\tr=\"6\"", "  r=\"8\"", " x:r=\"9\"", " :r=\"9\"", " xmlns:x=\"urn:x\"", " xmlns=\"urn:y\"",
      " spans=\"1:20\"", " spans=\"1:3\"", " ht=\"15.75\"", " customHeight=\"1\"", " s=\"2\"",
      " customFormat=\"1\"", " hidden=\"1\"", " x14ac:dyDescent=\"0.25\"", " outlineLevel=\"1\"",
      " collapsed=\"0\"", " thickBot=\"1\"", " ht=\"a&amp;b\"", " rr=\"3\"", " R=\"3\"",
      " r1=\"3\"", " foo=\"<\"", " spans=\"1:20\" ");
  std::string markup = "<row";
  const auto count = *rc::gen::inRange<std::size_t>(0, 5);
  for (const auto& a : *rc::gen::container<std::vector<std::string>>(count, attribute)) markup += a;
  return markup;
}

RC_GTEST_PROP(ReaderFastPaths, AgreeWithTheirTwinsOnGeneratedRows, ()) {
  std::string sheet_data;
  const auto rows = *rc::gen::inRange(1, 7);
  for (int r = 0; r < rows; ++r) {
    sheet_data += generated_row_start();
    const auto shape = *rc::gen::inRange(0, 8);
    if (shape == 0) {
      sheet_data += "/>";  // an empty row, self-closing
      continue;
    }
    sheet_data += shape == 1 ? " >" : ">";
    const auto cells = *rc::gen::inRange(0, 4);
    for (int c = 0; c < cells; ++c) sheet_data += generated_cell();
    sheet_data += *rc::gen::element<std::string>("</row>", "</row>", "</row>", "</row >",
                                                 "</x:row>", "</row>\n", "");
  }
  RC_ASSERT(first_difference(read_sheet_data(sheet_data, true),
                             read_sheet_data(sheet_data, false)) == "");
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsOnRowNumbers) {
  // The numbering rules on both paths: rows from 0 move every row down one,
  // rows without r= count on, rows may jump, empty rows are skipped; and the
  // errors, which must come after the rows before them, as on the scanner.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<row r=\"0\"><c><v>1</v></c></row><row r=\"1\"><c><v>2</v></c></row><row><c/></row>"
       "<row><c><v>3</v></c></row>",
       "4 0:"},
      {"<row r=\"3\"><c><v>1</v></c></row><row/><row r=\"9\"/><row><c><v>2</v></c></row>"
       "<row r=\"20\" spans=\"1:1\"></row><row><c><v>3</v></c></row>",
       "21 0:"},
      {"<row r=\"2\"><c><v>1</v></c></row><row r=\"0\"><c><v>2</v></c></row>",
       "row number 0 after row 2 is ambiguous"},
      {"<row r=\"2\"><c><v>1</v></c></row><row r=\"1073741825\"><c><v>2</v></c></row>",
       "row number '1073741825' is invalid"},
      {"<row r=\"2\"><c><v>1</v></c></row><row r=\"x\"/>", "row number 'x' is invalid"},
      {"<c><v>1</v></c><row><c><v>2</v></c></row>", "2 0:"},
      // Stray end tags close the document before </row>: the scanner's error.
      {"<row r=\"1\"><c><v>1</v></c></a></b></d></row><row r=\"2\"><c><v>2</v></c></row>",
       "end tag without a matching start tag"},
  };
  for (const auto& [sheet_data, expected] : cases) {
    const auto fast = read_sheet_data(sheet_data, true);
    const auto& last = fast.size() >= 2 ? fast[fast.size() - 2] : fast.back();
    EXPECT_NE((last + fast.back()).find(expected), std::string::npos) << sheet_data << "\n"
                                                                      << last << "\n"
                                                                      << fast.back();
    EXPECT_EQ(first_difference(fast, read_sheet_data(sheet_data, false)), "") << sheet_data;
  }
}

// Sheet data of exactly `size` bytes (at least 40): rows of one text cell,
// the last one left open for the markup that follows.
std::string filler_rows(std::size_t size) {
  std::string data;
  const auto row = [&data](std::size_t length) {
    const std::string open = "<row><c t=\"str\"><v>";
    const std::string close = "</v></c>";
    data += open + std::string(length - open.size() - close.size(), 'x') + close;
    data += "</row>";
  };
  while (size - data.size() > 2000) row(1000 - 6);
  row(size - data.size() - 6);
  data.resize(data.size() - 6);  // the last </row>: the edge markup closes it
  return data;
}

TEST(ReaderFastPaths, AgreeWithTheirTwinsOnRowEdgesCutByTheScannersBlock) {
  // A row's end tag and the next rows' start tags (common, empty, with no
  // r=) placed so that the end of the scanner's first 256 kB block falls on
  // each of their bytes in turn (the first block is read whole).
  const std::string edge =
      "</row><row r=\"300\" spans=\"1:20\" ht=\"15.75\" customHeight=\"1\" "
      "x14ac:dyDescent=\"0.25\"><c r=\"A300\" t=\"s\"><v>1</v></c></row><row r=\"301\"/>"
      "<row><c><v>2</v></c></row><row r=\"0\"><c/></row><row r=\"400\"><c><v>3</v></c></row>";
  const std::size_t header =
      test::sheet_xml("").size() - std::string("</sheetData></worksheet>").size();
  const std::size_t block = XmlScanner::default_block_size;
  for (std::size_t cut = 0; cut <= edge.size(); ++cut) {
    const std::string sheet_data = filler_rows(block - header - cut) + edge;
    const auto fast = read_sheet_data(sheet_data, true);
    ASSERT_EQ(first_difference(fast, read_sheet_data(sheet_data, false)), "") << "cut " << cut;
    EXPECT_NE(fast.back().find("row number 0 after row 302 is ambiguous"), std::string::npos)
        << fast.back();
  }
}

RC_GTEST_PROP(CellNumber, FastAndPlainParsersAgree, ()) {
  const auto text = *rc::gen::container<std::string>(rc::gen::element(
      '0', '1', '5', '9', '.', '-', '+', 'e', 'E', ' ', 'n', 'a', 'i', 'f', 'x', '\t'));
  double fast = 0;
  double plain = 0;
  const bool fast_ok = xlsx::parse_cell_number(text, fast);
  const bool plain_ok = xlsx::parse_cell_number_plain(text, plain);
  RC_ASSERT(fast_ok == plain_ok);
  if (fast_ok) RC_ASSERT(std::bit_cast<std::uint64_t>(fast) == std::bit_cast<std::uint64_t>(plain));
}

// Decimal numbers of the shapes Clinger's path takes and the ones just past
// it: any digits, a point anywhere, an exponent, a sign.
RC_GTEST_PROP(CellNumber, FastAndPlainParsersAgreeOnDecimals, ()) {
  // Up to 22 digits: past 2^53 from 16 on, where double rounding would show.
  const auto digits = *rc::gen::container<std::string>(*rc::gen::inRange<std::size_t>(0, 23),
                                                       rc::gen::inRange('0', ':'));
  std::string text = *rc::gen::element<std::string>("", "-", "+", " ", "-0");
  text += digits;
  if (*rc::gen::arbitrary<bool>() && !digits.empty()) {
    text.insert(text.size() - *rc::gen::inRange<std::size_t>(0, digits.size()), ".");
  }
  if (*rc::gen::arbitrary<bool>()) {
    text += *rc::gen::element<std::string>("e", "E", "e-", "e+", "E-");
    text += std::to_string(*rc::gen::inRange(0, 400));
  }
  text += *rc::gen::element<std::string>("", "", "", " ", "x", ".");
  double fast = 0;
  double plain = 0;
  const bool fast_ok = xlsx::parse_cell_number(text, fast);
  const bool plain_ok = xlsx::parse_cell_number_plain(text, plain);
  RC_ASSERT(fast_ok == plain_ok);
  if (fast_ok) RC_ASSERT(std::bit_cast<std::uint64_t>(fast) == std::bit_cast<std::uint64_t>(plain));
}

TEST(CellNumber, FastAndPlainParsersAgreeOnEdgeCases) {
  for (const char* text :
       {"0", "-0", "1e400", "-1e400", "1e-400", "4.9e-324", "2.2250738585072014e-308", "nan",
        "-nan", "inf", "infinity", "+5", " 7 ", "999999999999999", "9999999999999999",
        "123456789012345678901234567890", "0.1", "1.7976931348623157e308", "", " ", "+", "-", "1e",
        "e5", ".", "0x10",
        // Clinger's path: its limits and just past them.
        "9007199254740992", "9007199254740993", "-9007199254740992", "900719925474099.3",
        "90071992547409.93e1", "1234567890123456789", "12345678901234567890",
        "0.1234567890123456789", "123456789012345678e-22", "1e22", "1e23", "1e-22", "1e-23", "9e22",
        "1.5e-22", "1E+22", "1e0022", "1e00022", "-0.0", "-0e5", "0.0",
        "00000000000000000000000001", "000000000000000000001.5", "1.", ".5", "1.e5", "1e+", "1e-",
        "--1", "+-1", "-+1", "++1", " +1.5 ", "1.5 ", "1 5", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "1e-310", "1e308", "1e309", "12345678.87654321",
        "0.30000000000000004", "44129.43329861111", "-980985.4399999999",
        // Past 2^53, where a rounded mantissa scaled would
        // round twice and miss the nearest double.
        "7543231948757.491186", "276018955597971.147", "497465075.29170342", "47280385280841485e6",
        "90751163726516761e6"}) {
    double fast = 0;
    double plain = 0;
    const bool fast_ok = xlsx::parse_cell_number(text, fast);
    const bool plain_ok = xlsx::parse_cell_number_plain(text, plain);
    EXPECT_EQ(fast_ok, plain_ok) << text;
    if (fast_ok && plain_ok) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(fast), std::bit_cast<std::uint64_t>(plain)) << text;
    }
  }
}

}  // namespace
}  // namespace pgdatahub::workbook
