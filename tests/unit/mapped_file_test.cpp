#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/mapped_file.hpp>
#include <pgdatahub/ledger/sha256.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace pgdatahub {
namespace {

class MappedFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_path = std::filesystem::temp_directory_path() /
             ("pgdatahub_mapped_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove(m_path); }

  void write(const std::string& content) {
    std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  static std::string text_of(std::span<const std::byte> bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }

  std::filesystem::path m_path;
};

std::string patterned(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  return s;
}

TEST_F(MappedFileTest, MapsTheFileBytes) {
  const std::string content = patterned(100000);
  write(content);
  const MappedFile file(m_path);
  EXPECT_EQ(file.stamp().size, content.size());
  EXPECT_EQ(text_of(file.bytes()), content);
  EXPECT_TRUE(file.unchanged());
}

TEST_F(MappedFileTest, ReleasedPagesReadBackTheSameBytes) {
  const std::string content = patterned(3 * 1024 * 1024 + 123);
  write(content);
  const MappedFile file(m_path);
  const auto bytes = file.bytes();
  EXPECT_EQ(text_of(bytes), content);
  file.release(bytes.subspan(1000, 2 * 1024 * 1024));  // unaligned on both ends
  file.release(bytes.subspan(bytes.size() - 5000));    // the partial last page
  file.release(bytes);
  EXPECT_EQ(text_of(bytes), content);
}

TEST_F(MappedFileTest, NoticesARewrite) {
  write("first version");
  const MappedFile file(m_path);
  write("second, longer version");
  EXPECT_FALSE(file.unchanged());
}

TEST_F(MappedFileTest, NoticesADeletedFile) {
  write("soon gone");
  const MappedFile file(m_path);
  std::filesystem::remove(m_path);
  EXPECT_FALSE(file.unchanged());
}

TEST_F(MappedFileTest, EmptyAndMissingFilesAreFileErrors) {
  write("");
  try {
    const MappedFile file(m_path);
    ADD_FAILURE() << "an empty file was mapped";
  } catch (const FileError& e) {
    EXPECT_EQ(e.failure(), FileFailure::Empty);
  }
  std::filesystem::remove(m_path);
  try {
    const MappedFile file(m_path);
    ADD_FAILURE() << "a missing file was mapped";
  } catch (const FileError& e) {
    EXPECT_EQ(e.failure(), FileFailure::Io);
  }
}

TEST(Sha256, BlockwiseDigestEqualsOneShot) {
  const std::string content = patterned(1'000'003);
  const auto bytes = std::as_bytes(std::span(content.data(), content.size()));
  ledger::Sha256 hash;
  for (std::size_t at = 0; at < bytes.size(); at += 65537) {
    hash.update(bytes.subspan(at, std::min<std::size_t>(65537, bytes.size() - at)));
  }
  EXPECT_EQ(hash.hex_digest(), ledger::sha256_hex(bytes));
  EXPECT_EQ(ledger::sha256_hex({}),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace pgdatahub
