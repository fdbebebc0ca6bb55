#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/mapped_file.hpp>
#include <pgdatahub/ledger/sha256.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
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
  file.release(bytes.subspan(1000, std::size_t{2} * 1024 * 1024));  // unaligned on both ends
  file.release(bytes.subspan(bytes.size() - 5000));                 // the partial last page
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

// Another process truncates the file while it is mapped: reading the pages
// past its new end raised SIGBUS and killed the process. Now they read as
// zeros and the file reports that it changed.
TEST_F(MappedFileTest, ATruncationWhileMappedIsReportedNotFatal) {
  const std::string content = patterned(1 << 20);
  write(content);
  const MappedFile file(m_path);
  file.release(file.bytes());  // nothing resident: every page is read from the file again
  ASSERT_EQ(::truncate(m_path.c_str(), 4096), 0);
  const auto bytes = file.bytes();
  std::size_t nonzero_tail = 0;
  for (std::size_t at = 8192; at < bytes.size(); at += 4096) {
    if (bytes[at] != std::byte{0}) ++nonzero_tail;
  }
  EXPECT_EQ(nonzero_tail, 0u);
  EXPECT_EQ(static_cast<char>(bytes[0]), content[0]);  // the part still on disk reads as it is
  EXPECT_FALSE(file.unchanged());
  try {
    file.require_unchanged();
    ADD_FAILURE() << "a truncated file passed as unchanged";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("changed on disk while being read"), std::string::npos)
        << e.what();
  }
  // Growing back to the old size with other bytes is a change too, however
  // the stamp compares.
  write(content);
  EXPECT_FALSE(file.unchanged());
}

TEST_F(MappedFileTest, ALinkOrAFifoInTheFilesPlaceIsRefusedWithoutBlocking) {
  write(patterned(100));
  const auto link = m_path.string() + ".link";
  std::filesystem::create_symlink(m_path, link);
  try {
    const MappedFile file(link);
    ADD_FAILURE() << "a link was followed";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("replaced by a link"), std::string::npos) << e.what();
  }
  std::filesystem::remove(link);
  const auto fifo = m_path.string() + ".fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    const MappedFile file(fifo);  // blocked forever, waiting for a writer, before
    ADD_FAILURE() << "a FIFO was mapped";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
  std::filesystem::remove(fifo);
}

TEST_F(MappedFileTest, AnotherFileUnderTheSameNameIsRefused) {
  write(patterned(100));
  struct stat info {};
  ASSERT_EQ(::stat(m_path.c_str(), &info), 0);
  const FileIdentity seen{static_cast<std::uint64_t>(info.st_dev),
                          static_cast<std::uint64_t>(info.st_ino), false};
  EXPECT_NO_THROW(MappedFile(m_path, seen));
  const auto other = m_path.string() + ".new";
  std::ofstream(other) << patterned(100);
  std::filesystem::rename(other, m_path);
  try {
    const MappedFile file(m_path, seen);
    ADD_FAILURE() << "a file other than the one discovered was mapped";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("replaced by another one"), std::string::npos) << e.what();
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
