// The inflate thread: a ReadAheadSource hands out exactly the bytes and the
// error its inner source would have, and leaves no thread behind however the
// reader stops (at the end, on an error, or abandoned mid-way). Run under
// ThreadSanitizer too (scripts/setup --thread).
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/read_ahead_source.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>

namespace pgdatahub::workbook {
namespace {

using test::make_zip;
using test::to_bytes;

std::string numbered_text(std::size_t size) {
  std::string s;
  s.reserve(size + 32);
  for (std::size_t i = 0; s.size() < size; ++i) s += "<v>" + std::to_string(i * 13) + "</v>";
  s.resize(size);
  return s;
}

// Everything `source` hands out, in reads of `chunk` bytes.
std::string drain(ByteSource& source, std::size_t chunk) {
  std::string out;
  std::string block(chunk, '\0');
  while (const std::size_t n = source.read(block)) out.append(block.data(), n);
  return out;
}

// Every byte it hands out is counted, and it never ends unless told to.
class EndlessSource final : public ByteSource {
 public:
  explicit EndlessSource(std::atomic<std::uint64_t>& produced) : m_produced(produced) {}
  std::size_t read(std::span<char> out) override {
    std::fill(out.begin(), out.end(), 'x');
    m_produced += out.size();
    return out.size();
  }

 private:
  std::atomic<std::uint64_t>& m_produced;
};

// Hands out `good` bytes, then throws.
class FailingSource final : public ByteSource {
 public:
  explicit FailingSource(std::string good) : m_good(std::move(good)) {}
  std::size_t read(std::span<char> out) override {
    if (m_at == m_good.size())
      throw FileError(FileFailure::Corrupt, "damaged after the good bytes");
    const std::size_t n = std::min(out.size(), m_good.size() - m_at);
    std::copy_n(m_good.data() + m_at, n, out.data());
    m_at += n;
    return n;
  }

 private:
  std::string m_good;
  std::size_t m_at = 0;
};

TEST(ReadAheadSource, HandsOutTheInflatedMemberByteForByte) {
  const std::string text = numbered_text(3'000'000);
  const auto bytes = to_bytes(make_zip({{"sheet.xml", text, true}}));
  ZipArchive zip(bytes);
  // Small buffers and odd reads: many handoffs, reads across buffer ends.
  ReadAheadSource source(zip.open("sheet.xml"), 4099, 3);
  EXPECT_EQ(drain(source, 777), text);
  char one = 0;
  EXPECT_EQ(source.read(std::span<char>(&one, 1)), 0U);  // the end stays the end
}

TEST(ReadAheadSource, ExactMultipleOfTheBufferEndsCleanly) {
  const std::string text = numbered_text(std::size_t{8192} * 4);
  ReadAheadSource source(std::make_unique<MemorySource>(text), 8192, 2);
  EXPECT_EQ(drain(source, 8192), text);
}

TEST(ReadAheadSource, EmptySourceEndsAtOnce) {
  ReadAheadSource source(std::make_unique<MemorySource>(""), 64, 2);
  EXPECT_EQ(drain(source, 10), "");
}

TEST(ReadAheadSource, BytesBeforeAnErrorComeFirstThenTheError) {
  const std::string good = numbered_text(10'000);
  ReadAheadSource source(std::make_unique<FailingSource>(good), 1000, 2);
  std::string out;
  char block[333];
  try {
    while (const std::size_t n = source.read(block)) out.append(block, n);
    ADD_FAILURE() << "the inner source's error was lost";
  } catch (const FileError& e) {
    EXPECT_EQ(e.failure(), FileFailure::Corrupt);
  }
  EXPECT_EQ(out, good);
  // Asked again, it fails again rather than pretending the stream ended.
  EXPECT_THROW(source.read(block), FileError);
}

TEST(ReadAheadSource, TruncatedMemberFailsAsItWouldInline) {
  std::string zip = make_zip({{"m", numbered_text(500'000), true}});
  // Declare less compressed data than there is: the stream ends mid-way.
  const auto cd = zip.find("PK\x01\x02");
  zip[cd + 20] = 0x10;
  zip[cd + 21] = 0x00;
  zip[cd + 22] = 0;
  zip[cd + 23] = 0;
  const auto bytes = to_bytes(zip);
  ZipArchive archive(bytes);
  std::string inline_error;
  try {
    auto direct = archive.open("m");
    drain(*direct, 4096);
  } catch (const FileError& e) {
    inline_error = e.what();
  }
  ASSERT_NE(inline_error, "");
  ReadAheadSource source(archive.open("m"), 4096, 3);
  try {
    drain(source, 4096);
    ADD_FAILURE() << "a truncated member read to its end";
  } catch (const FileError& e) {
    EXPECT_EQ(std::string(e.what()), inline_error);
  }
}

TEST(ReadAheadSource, DamagedDeflateFails) {
  std::string zip = make_zip({{"m", numbered_text(200'000), true}});
  for (std::size_t i = 40; i < 400; ++i) zip[i] = static_cast<char>(0xFF);
  const auto bytes = to_bytes(zip);
  ZipArchive archive(bytes);
  ReadAheadSource source(archive.open("m"), 4096, 3);
  EXPECT_THROW(drain(source, 1000), FileError);
}

TEST(ReadAheadSource, AbandonedMidStreamStopsItsThread) {
  std::atomic<std::uint64_t> produced{0};
  {
    ReadAheadSource source(std::make_unique<EndlessSource>(produced), 1024, 3);
    char block[100];
    ASSERT_EQ(source.read(block), sizeof(block));
  }  // the destructor returns only once the thread is gone
  const std::uint64_t after = produced.load();
  // The thread stopped at most a ring's worth ahead of the one read.
  EXPECT_LE(after, 1024U * 4);
}

TEST(ReadAheadSource, AbandonedBeforeAnyReadStopsItsThread) {
  std::atomic<std::uint64_t> produced{0};
  { ReadAheadSource source(std::make_unique<EndlessSource>(produced), 1024, 2); }
  EXPECT_LE(produced.load(), 1024U * 2);
}

TEST(ReadAheadSource, OnlyLargePartsGetAThreadUnlessForced) {
  const auto small = [] { return std::make_unique<MemorySource>("abc"); };
  EXPECT_EQ(dynamic_cast<ReadAheadSource*>(
                read_ahead_when_it_pays(small(), 3, InflateThread::Auto).get()),
            nullptr);
  EXPECT_EQ(dynamic_cast<ReadAheadSource*>(
                read_ahead_when_it_pays(small(), 1ULL << 30, InflateThread::Never).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<ReadAheadSource*>(
                read_ahead_when_it_pays(small(), 3, InflateThread::Always).get()),
            nullptr);
}

}  // namespace
}  // namespace pgdatahub::workbook
