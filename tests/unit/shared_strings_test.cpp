// The shared string table's fast path (whole <si><t>text</t></si> items,
// many at a time) against its twin, the XML scanner's events alone: the
// same strings bit for bit, the same NUL counts and the same errors, over
// generated tables full of what the fast path must hand back, read in
// blocks of every size, and over every sharedStrings part of the fuzz
// corpus and of the shared corpus of real files.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/byte_source.hpp>
#include <pgdatahub/workbook/xlsx/shared_strings.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>
#include <support/corpus.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

namespace pgdatahub::workbook::xlsx {
namespace {

using std::string_view_literals::operator""sv;

// Hands out at most `step` bytes a read, so that the scanner's blocks end
// anywhere, in the middle of an item's tags or text.
class SteppedSource final : public ByteSource {
 public:
  SteppedSource(std::string_view bytes, std::size_t step) : m_rest(bytes), m_step(step) {}
  std::size_t read(std::span<char> out) override {
    const std::size_t n = std::min({out.size(), m_rest.size(), m_step});
    if (n != 0) std::memcpy(out.data(), m_rest.data(), n);
    m_rest.remove_prefix(n);
    return n;
  }

 private:
  std::string_view m_rest;
  std::size_t m_step;
};

// The table as text: each string's bytes (escaped) and its NUL count, or the error.
std::string dump(std::string_view part, bool fast, std::size_t step) {
  SteppedSource source(part, step);
  SharedStrings strings;
  try {
    strings.load(source, fast, part.size());
  } catch (const FileError& e) {
    return std::string("error: ") + e.what();
  }
  std::string out =
      std::to_string(strings.size()) + " strings, " + std::to_string(strings.bytes()) + " bytes\n";
  for (std::size_t i = 0; i < strings.size(); ++i) {
    out += std::to_string(i) + " [" + std::to_string(strings.nul_removed(i)) + "] ";
    for (const char c : strings[i]) {
      if (static_cast<unsigned char>(c) < 0x20) {
        out += "\\x" + std::to_string(static_cast<unsigned char>(c));
      } else {
        out += c;
      }
    }
    out += '\n';
  }
  return out;
}

// "" when both ways agree, else where they part.
std::string difference(std::string_view part, std::size_t step) {
  const std::string fast = dump(part, true, step);
  const std::string plain = dump(part, false, step);
  if (fast == plain) return "";
  const auto [a, b] = std::mismatch(fast.begin(), fast.end(), plain.begin(), plain.end());
  const auto from = static_cast<std::size_t>(a - fast.begin());
  const std::size_t start = from < 80 ? 0 : from - 80;
  return "step " + std::to_string(step) + ", at byte " + std::to_string(from) +
         "\n fast:  " + fast.substr(start, 200) + "\n plain: " + plain.substr(start, 200);
}

std::string table(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
         items + "</sst>";
}

TEST(SharedStrings, FastPathTakesPlainItemsAndCleansTheirText) {
  const std::string part = table(
      "<si><t>North</t></si><si><t xml:space=\"preserve\"> a b </t></si>"
      "<si><t>_x0041__x00e9_</t></si><si><t>snake_case</t></si><si><t></t></si>"
      "<si><t>x&amp;y</t></si><si><r><t>A</t></r><r><t>B</t></r></si>");
  SharedStrings strings;
  MemorySource source(part);
  strings.load(source, true, part.size());
  ASSERT_EQ(strings.size(), 7U);
  EXPECT_EQ(strings[0], "North");
  EXPECT_EQ(strings[1], " a b ");
  EXPECT_EQ(strings[2], "A\xc3\xa9");
  EXPECT_EQ(strings[3], "snake_case");
  EXPECT_EQ(strings[4], "");
  EXPECT_EQ(strings[5], "x&y");
  EXPECT_EQ(strings[6], "AB");
  for (std::size_t step = 1; step <= part.size(); ++step) {
    ASSERT_EQ(difference(part, step), "");
  }
}

TEST(SharedStrings, FastPathCountsTheNulsItRemovesAsItsTwinDoes) {
  const std::string part = table(std::string("<si><t>a\0b\0</t></si><si><t>_x0000_c</t></si>"sv));
  SharedStrings strings;
  MemorySource source(part);
  strings.load(source, true, part.size());
  ASSERT_EQ(strings.size(), 2U);
  EXPECT_EQ(strings[0], "ab");
  EXPECT_EQ(strings.nul_removed(0), 2U);
  EXPECT_EQ(difference(part, part.size()), "");
  EXPECT_EQ(difference(part, 5), "");
}

// One item from pieces: the plain shapes the fast path takes, texts with
// what sends them to cleaning, and the near misses it must leave alone.
std::string generated_item() {
  const auto text = *rc::gen::element<std::string>(
      "", "North", "snake_case", "_x0041_", "_x00E9__xD83D__xDE00_", "_xD800_", "_x004G_", "_",
      "a_", "__x0041_", std::string("nul\0here", 8), std::string("\0", 1), "tab\there",
      "line\r\nend", "cr\rhere", "Z\xc3\xbcrich \xf0\x9f\x98\x80", "a > b", "quote \" and '",
      "x&amp;y", "&#95;x0041_", "&lt;tag&gt;", "<![CDATA[a<b]]>", "a<?pi?>b", "seventeen chars..",
      "exactly sixteen.", std::string(40, 'w') + "_x0042_" + std::string(20, 'v'));
  // Well-formed shapes only: one broken item would make both ways fail on
  // the whole table, and a table that fails compares nothing but the error.
  std::string shape = *rc::gen::element<std::string>(
      "<si><t>%</t></si>", "<si><t>%</t></si>", "<si><t>%</t></si>",
      "<si><t xml:space=\"preserve\">%</t></si>", "<si><t xml:space='preserve'>%</t></si>",
      "<si><t xml:space=\"default\">%</t></si>", "<si> <t>%</t> </si>", "<si><t >%</t ></si>",
      "<x:si><x:t>%</x:t></x:si>",
      "<si><r><t>%</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> %</t></r></si>",
      "<si><t>%</t><rPh sb=\"0\" eb=\"1\"><t>ph</t></rPh><phoneticPr fontId=\"1\"/></si>", "<si/>",
      "<si><t/></si>", "\n  <si><t>%</t></si>", "<!-- % --><si><t>%</t></si>");
  for (std::size_t at; (at = shape.find('%')) != std::string::npos;) shape.replace(at, 1, text);
  return shape;
}

RC_GTEST_PROP(SharedStrings, FastPathAgreesWithItsTwinOnGeneratedTables, ()) {
  std::string items;
  const auto count = *rc::gen::inRange(0, 24);
  for (int i = 0; i < count; ++i) items += generated_item();
  const std::string part = table(items);
  const auto step = *rc::gen::inRange<std::size_t>(1, part.size() + 2);
  RC_ASSERT(difference(part, step) == "");
  RC_ASSERT(difference(part, part.size() + 1) == "");
}

// Every sharedStrings part of the zips under `root`, compared whole and in
// small steps; returns how many parts were compared.
std::size_t check_tree(const std::filesystem::path& root) {
  std::size_t parts = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto bytes = test::read_bytes(entry.path());
    std::optional<ZipArchive> zip;
    try {
      zip.emplace(bytes);
    } catch (const FileError&) {
      continue;  // not a zip (or a broken one): no part to compare
    }
    for (const ZipEntry& member : zip->entries()) {
      std::string name = member.name;
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (!name.ends_with("sharedstrings.xml")) continue;
      std::string part;
      try {
        part = zip->read_all(member);
      } catch (const FileError&) {
        continue;  // a member that does not inflate is the zip's test, not this one's
      }
      EXPECT_EQ(difference(part, part.size() + 1), "") << entry.path() << " " << member.name;
      EXPECT_EQ(difference(part, 4093), "") << entry.path() << " " << member.name;
      ++parts;
    }
  }
  return parts;
}

TEST(SharedStrings, FastPathAgreesWithItsTwinOverTheFuzzCorpus) {
  EXPECT_GT(check_tree(PGDATAHUB_SOURCE_DIR "/fuzz/corpus/xlsx_fuzz"), 0U);
}

TEST(SharedStrings, FastPathAgreesWithItsTwinOverTheSharedCorpus) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "../shared/corpus is not next to this checkout";
  EXPECT_GT(check_tree(*corpus), 20U);
}

}  // namespace
}  // namespace pgdatahub::workbook::xlsx
