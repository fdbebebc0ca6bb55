#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>
#include <support/xlsx_builder.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pgdatahub::workbook {
namespace {

using test::make_zip;
using test::to_bytes;

FileFailure failure_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const FileError& e) {
    return e.failure();
  }
  ADD_FAILURE() << "no FileError thrown";
  return FileFailure::Io;
}

std::string big_text(std::size_t size) {
  std::string s;
  s.reserve(size);
  for (std::size_t i = 0; s.size() < size; ++i)
    s += "<c r=\"A" + std::to_string(i) + "\"><v>" + std::to_string(i * 7) + "</v></c>";
  s.resize(size);
  return s;
}

TEST(ZipArchive, ReadsStoredAndDeflatedMembers) {
  const std::string text = big_text(1 << 20);
  const auto bytes = to_bytes(make_zip({{"a.txt", "hello", false}, {"dir/b.xml", text, true}}));
  ZipArchive zip(bytes);
  ASSERT_EQ(zip.entries().size(), 2U);
  EXPECT_EQ(zip.read_all(*zip.find("a.txt")), "hello");
  EXPECT_EQ(zip.read_all(*zip.find("dir/b.xml")), text);
}

TEST(ZipArchive, StreamsInSmallChunks) {
  const std::string text = big_text(300000);
  const auto bytes = to_bytes(make_zip({{"x", text, true}}));
  ZipArchive zip(bytes);
  auto stream = zip.open("x");
  std::string out;
  char chunk[777];
  while (std::size_t n = stream->read(chunk)) out.append(chunk, n);
  EXPECT_EQ(out, text);
  EXPECT_EQ(stream->read(chunk), 0U);
}

TEST(ZipArchive, LookupIgnoresCaseAndBackslashes) {
  const auto bytes = to_bytes(make_zip({{"XL\\Workbook.xml", "w", true}}));
  ZipArchive zip(bytes);
  ASSERT_NE(zip.find("xl/workbook.xml"), nullptr);
  ASSERT_NE(zip.find("/XL/WORKBOOK.XML"), nullptr);
  EXPECT_EQ(zip.find("xl/workbook.xml")->name, "XL/Workbook.xml");
  EXPECT_EQ(zip.find("xl/other.xml"), nullptr);
  EXPECT_FALSE(zip.try_read_all("nope").has_value());
}

TEST(ZipArchive, TruncatedArchiveIsTruncated) {
  std::string zip = make_zip({{"a", big_text(5000), true}});
  zip.resize(zip.size() / 2);
  const auto bytes = to_bytes(zip);
  EXPECT_EQ(failure_of([&] { ZipArchive z(bytes); }), FileFailure::Truncated);
}

TEST(ZipArchive, NotAZipIsCorrupt) {
  const auto bytes = to_bytes(std::string(100, 'x'));
  EXPECT_EQ(failure_of([&] { ZipArchive z(bytes); }), FileFailure::Corrupt);
}

TEST(ZipArchive, EncryptedMemberIsRefused) {
  std::string zip = make_zip({{"secret", "data", false}});
  // Set bit 0 of the general purpose flags in the central directory entry.
  const auto cd = zip.find("PK\x01\x02");
  zip[cd + 8] = 1;
  const auto bytes = to_bytes(zip);
  ZipArchive archive(bytes);
  EXPECT_EQ(failure_of([&] { archive.open("secret"); }), FileFailure::Encrypted);
}

TEST(ZipArchive, CrcMismatchIsCorrupt) {
  std::string zip = make_zip({{"m", "some member data", false}});
  zip[30 + 1 + 3] ^= 0x20;  // flip a bit in the stored data
  const auto bytes = to_bytes(zip);
  ZipArchive archive(bytes);
  EXPECT_EQ(failure_of([&] { archive.read_all(*archive.find("m")); }), FileFailure::Corrupt);
}

TEST(ZipArchive, DamagedDeflateIsCorruptOrTruncated) {
  std::string zip = make_zip({{"m", big_text(100000), true}});
  for (std::size_t i = 40; i < 400; ++i) zip[i] = static_cast<char>(0xFF);
  const auto bytes = to_bytes(zip);
  ZipArchive archive(bytes);
  const auto failure = failure_of([&] { archive.read_all(*archive.find("m")); });
  EXPECT_TRUE(failure == FileFailure::Corrupt || failure == FileFailure::Truncated);
}

TEST(ZipArchive, DeclaredSizeAboveLimitIsRefused) {
  const auto bytes = to_bytes(make_zip({{"m", big_text(4096), true}}));
  ZipArchive archive(bytes, ZipLimits{1000, 1000});
  EXPECT_EQ(failure_of([&] { archive.open("m"); }), FileFailure::ResourceLimit);
}

TEST(ZipArchive, HighRatioIsRefused) {
  const auto bytes = to_bytes(make_zip({{"bomb", std::string(8 << 20, '0'), true}}));
  ZipArchive archive(bytes, ZipLimits{1ULL << 40, 100});
  EXPECT_EQ(failure_of([&] { archive.open("bomb"); }), FileFailure::ResourceLimit);
}

TEST(ZipArchive, LyingDeclaredSizeIsCaughtWhileInflating) {
  std::string zip = make_zip({{"m", big_text(200000), true}});
  // Declare 1000 bytes in the central directory; the member inflates to more.
  const auto cd = zip.find("PK\x01\x02");
  zip[cd + 24] = static_cast<char>(0xE8);
  zip[cd + 25] = 0x03;
  zip[cd + 26] = 0;
  zip[cd + 27] = 0;
  const auto bytes = to_bytes(zip);
  ZipArchive archive(bytes);
  EXPECT_EQ(failure_of([&] { archive.read_all(*archive.find("m")); }), FileFailure::Corrupt);
}

TEST(ZipArchive, EmptyArchiveHasNoEntries) {
  const auto bytes = to_bytes(make_zip({}));
  ZipArchive archive(bytes);
  EXPECT_TRUE(archive.entries().empty());
  EXPECT_TRUE(looks_like_zip(bytes));
}

TEST(ZipArchive, ReadsZip64Records) {
  // A one-member archive whose end record points to a zip64 end record.
  std::string zip = make_zip({{"z", "zip64!", false}});
  const auto eocd = zip.rfind("PK\x05\x06");
  const std::string central = zip.substr(zip.find("PK\x01\x02"), eocd - zip.find("PK\x01\x02"));
  const auto cd_offset = zip.find("PK\x01\x02");
  std::string out = zip.substr(0, eocd);
  auto put = [&](std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  const auto z64 = out.size();
  put(0x06064b50, 4);
  put(44, 8);
  put(45, 2);
  put(45, 2);
  put(0, 4);
  put(0, 4);
  put(1, 8);
  put(1, 8);
  put(central.size(), 8);
  put(cd_offset, 8);
  put(0x07064b50, 4);
  put(0, 4);
  put(z64, 8);
  put(1, 4);
  put(0x06054b50, 4);
  put(0, 2);
  put(0, 2);
  put(0xFFFF, 2);
  put(0xFFFF, 2);
  put(0xFFFFFFFF, 4);
  put(0xFFFFFFFF, 4);
  put(0, 2);
  const auto bytes = to_bytes(out);
  ZipArchive archive(bytes);
  ASSERT_EQ(archive.entries().size(), 1U);
  EXPECT_EQ(archive.read_all(archive.entries()[0]), "zip64!");
}

std::string noise(std::size_t size) {
  std::string s(size, '\0');
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (char& c : s) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    c = static_cast<char>(state >> 56U);
  }
  return s;
}

// Streams report consumed input in order, inside the member, without gaps
// or overlaps, and still produce every byte.
void expect_released_in_order(bool deflate) {
  const std::string text = noise(11 << 20);
  const auto bytes = to_bytes(make_zip({{"head", "h", true}, {"noise.bin", text, deflate}}));
  std::vector<std::span<const std::byte>> released;
  ZipArchive zip(bytes, {}, [&](std::span<const std::byte> done) { released.push_back(done); });
  auto stream = zip.open("noise.bin");
  std::string out;
  std::vector<char> chunk(100000);
  while (std::size_t n = stream->read(chunk)) out.append(chunk.data(), n);
  EXPECT_EQ(out, text);
  ASSERT_GE(released.size(), 2U);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < released.size(); ++i) {
    EXPECT_GE(released[i].data(), bytes.data());
    EXPECT_LE(released[i].data() + released[i].size(), bytes.data() + bytes.size());
    if (i > 0) {
      EXPECT_EQ(released[i].data(), released[i - 1].data() + released[i - 1].size());
    }
    total += released[i].size();
  }
  EXPECT_LE(total, zip.find("noise.bin")->compressed_size);
}

TEST(ZipArchive, ReportsConsumedDeflatedInput) { expect_released_in_order(true); }
TEST(ZipArchive, ReportsConsumedStoredInput) { expect_released_in_order(false); }

}  // namespace
}  // namespace pgdatahub::workbook
