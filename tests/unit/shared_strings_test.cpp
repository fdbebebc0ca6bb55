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
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

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

// How a table is loaded: whole before it is read, or behind its reader.
enum class Load { Whole, Behind };

// String `index` of `strings` as a line of text: its NUL count and its
// bytes, control characters escaped.
std::string entry(const SharedStrings& strings, std::size_t index) {
  std::string out =
      std::to_string(index) + " [" + std::to_string(strings.nul_removed(index)) + "] ";
  for (const char c : strings[index]) {
    if (static_cast<unsigned char>(c) < 0x20) {
      out += "\\x" + std::to_string(static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + '\n';
}

// The table as text: each string's bytes (escaped) and its NUL count, or the
// error. Loaded behind, each string is read as a sheet reads it, as soon as
// it is there.
std::string dump(std::string_view part, bool fast, std::size_t step, Load how = Load::Whole) {
  SharedStrings strings;
  std::string listed;
  try {
    if (how == Load::Whole) {
      SteppedSource source(part, step);
      strings.load(source, fast, part.size());
    } else {
      strings.load_behind(std::make_unique<SteppedSource>(part, step), fast, part.size());
    }
    for (std::size_t i = 0; strings.has(i); ++i) listed += entry(strings, i);
    strings.finish_loading();
  } catch (const FileError& e) {
    return std::string("error: ") + e.what();
  }
  return std::to_string(strings.size()) + " strings, " + std::to_string(strings.bytes()) +
         " bytes\n" + listed;
}

// Where two dumps part, with some context; "" when they agree.
std::string mismatch(const std::string& label, const std::string& a, const std::string& b) {
  if (a == b) return "";
  const auto [x, y] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  const auto from = static_cast<std::size_t>(x - a.begin());
  const std::size_t start = from < 80 ? 0 : from - 80;
  return label + ", at byte " + std::to_string(from) + "\n fast:  " + a.substr(start, 200) +
         "\n other: " + b.substr(start, 200);
}

// "" when the fast path, its twin and the load behind all agree, else where
// they part.
std::string difference(std::string_view part, std::size_t step) {
  const std::string fast = dump(part, true, step);
  const std::string label = "step " + std::to_string(step);
  std::string found = mismatch(label + " (twin)", fast, dump(part, false, step));
  if (found.empty())
    found = mismatch(label + " (behind)", fast, dump(part, true, step, Load::Behind));
  return found;
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

// Serves its bytes up to `gate`, then waits until open() lets the rest out.
class GatedSource final : public ByteSource {
 public:
  GatedSource(std::string_view bytes, std::size_t gate) : m_rest(bytes), m_gate(gate) {}
  // Notifies under the lock: once the reader is through, the loader may
  // finish and destroy this source.
  void open() {
    const std::lock_guard lock(m_mutex);
    m_open = true;
    m_opened.notify_all();
  }
  std::size_t read(std::span<char> out) override {
    std::size_t n = std::min(out.size(), m_rest.size());
    if (m_served < m_gate) {
      n = std::min(n, m_gate - m_served);
    } else {
      std::unique_lock lock(m_mutex);
      m_opened.wait(lock, [&] { return m_open; });
    }
    if (n != 0) std::memcpy(out.data(), m_rest.data(), n);
    m_rest.remove_prefix(n);
    m_served += n;
    return n;
  }

 private:
  std::string_view m_rest;
  std::size_t m_gate;
  std::size_t m_served = 0;
  std::mutex m_mutex;
  std::condition_variable m_opened;
  bool m_open = false;
};

std::string numbered_items(int count) {
  std::string items;
  for (int i = 0; i < count; ++i) items += "<si><t>s" + std::to_string(i) + "</t></si>";
  return items;
}

TEST(SharedStrings, LoadedBehindEachStringIsUsableAsSoonAsItIsLoaded) {
  const std::string part = table(numbered_items(100));
  auto source = std::make_unique<GatedSource>(part, part.find("<si><t>s50<"));
  GatedSource& gate = *source;
  SharedStrings strings;
  strings.load_behind(std::move(source), true, part.size());
  ASSERT_TRUE(strings.has(49));  // waits for the items before the gate
  EXPECT_EQ(strings[49], "s49");
  EXPECT_TRUE(strings.loading());
  EXPECT_EQ(strings.size(), 50U);
  bool last_found = false;
  std::thread reader([&] { last_found = strings.has(99); });  // waits behind the gate
  gate.open();
  reader.join();
  EXPECT_TRUE(last_found);
  EXPECT_EQ(strings[99], "s99");
  EXPECT_FALSE(strings.has(100));  // past the end, once the table has ended
  EXPECT_FALSE(strings.loading());
  EXPECT_EQ(strings.size(), 100U);
}

TEST(SharedStrings, ABrokenTableLoadedBehindGivesItsStringsThenItsError) {
  const std::string part = table(numbered_items(3)) + "<oops";
  SharedStrings whole;
  MemorySource source(part);
  std::string error;
  try {
    whole.load(source, true, part.size());
  } catch (const FileError& e) {
    error = e.what();
  }
  ASSERT_FALSE(error.empty()) << "the part should be broken";
  SharedStrings strings;
  strings.load_behind(std::make_unique<MemorySource>(part), true, part.size());
  ASSERT_TRUE(strings.has(2));
  EXPECT_EQ(strings[2], "s2");
  try {
    strings.has(3);
    ADD_FAILURE() << "has() past the break should throw the load's error";
  } catch (const FileError& e) {
    EXPECT_EQ(e.what(), error);
  }
  EXPECT_THROW(strings.finish_loading(), FileError);
}

// Counts the bytes it has served, which outlives it.
class CountingSource final : public ByteSource {
 public:
  CountingSource(std::string_view bytes, std::shared_ptr<std::atomic<std::size_t>> served)
      : m_inner(bytes, 512), m_served(std::move(served)) {}
  std::size_t read(std::span<char> out) override {
    const std::size_t n = m_inner.read(out);
    *m_served += n;
    return n;
  }

 private:
  SteppedSource m_inner;
  std::shared_ptr<std::atomic<std::size_t>> m_served;
};

TEST(SharedStrings, ATableDestroyedWhileLoadingStopsItsLoad) {
  const std::string part = table(numbered_items(1'000'000));  // about 20 MB
  auto served = std::make_shared<std::atomic<std::size_t>>(0);
  {
    SharedStrings strings;
    strings.load_behind(std::make_unique<CountingSource>(part, served), true, part.size());
    ASSERT_TRUE(strings.has(0));
  }  // joins its loader, which stops at its next batch of strings
  EXPECT_LT(served->load(), part.size());
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
