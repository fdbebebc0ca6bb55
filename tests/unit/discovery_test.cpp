// Discovery's promises, on real folders: a link out of DATA_DIR is never
// followed, a folder reached twice is walked once, and whatever is passed over
// (lock files, hidden files, other files) is counted.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/discovery/discovery.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace pgdatahub::discovery {
namespace {

namespace fs = std::filesystem;

class DiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_scratch = fs::temp_directory_path() /
                ("pgdatahub_discovery_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_scratch);
    fs::create_directories(data_dir());
    fs::create_directories(outside());
  }
  void TearDown() override { fs::remove_all(m_scratch); }

  // DATA_DIR, and a folder beside it that links may point to.
  fs::path data_dir() const { return m_scratch / "data"; }
  fs::path outside() const { return m_scratch / "outside"; }

  static void write(const fs::path& file, const std::string& content = "a,b\n1,2\n") {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
  }

  // Every file discovery found, relative to DATA_DIR.
  static std::vector<std::string> found(const Discovery& discovery) {
    std::vector<std::string> names;
    for (const auto& source : discovery.sources) {
      for (const auto& file : source.files) {
        names.push_back(relative_name(discovery.data_dir, file));
      }
    }
    return names;
  }

 private:
  fs::path m_scratch;
};

TEST_F(DiscoveryTest, GroupsFilesByFolderInNameOrder) {
  write(data_dir() / "sales" / "b.csv");
  write(data_dir() / "sales" / "a.csv");
  write(data_dir() / "top.csv");
  const Discovery discovery = discover(data_dir());
  ASSERT_EQ(discovery.sources.size(), 2U);
  EXPECT_TRUE(discovery.sources[0].folder_parts.empty());
  EXPECT_EQ(discovery.sources[1].folder_parts, std::vector<std::string>{"sales"});
  EXPECT_EQ(found(discovery), (std::vector<std::string>{"top.csv", "sales/a.csv", "sales/b.csv"}));
}

TEST_F(DiscoveryTest, ALinkOutOfTheDataFolderIsCountedAndNotFollowed) {
  write(outside() / "secret.csv");
  write(outside() / "deeper" / "more.csv");
  write(data_dir() / "own.csv");
  fs::create_directory_symlink(outside(), data_dir() / "folder_link");
  fs::create_symlink(outside() / "secret.csv", data_dir() / "file_link.csv");
  const Discovery discovery = discover(data_dir());
  EXPECT_EQ(found(discovery), std::vector<std::string>{"own.csv"});
  EXPECT_EQ(discovery.skipped.outside_links, 2U);
}

TEST_F(DiscoveryTest, ALinkInsideTheDataFolderIsFollowed) {
  write(data_dir() / "real" / "kept.csv");
  fs::create_symlink(data_dir() / "real" / "kept.csv", data_dir() / "alias.csv");
  const Discovery discovery = discover(data_dir());
  EXPECT_EQ(found(discovery), (std::vector<std::string>{"alias.csv", "real/kept.csv"}));
  EXPECT_EQ(discovery.skipped.outside_links, 0U);
}

TEST_F(DiscoveryTest, AFolderReachedTwiceThroughALoopIsWalkedOnce) {
  write(data_dir() / "a" / "x.csv");
  // a/back leads to DATA_DIR again, b to a: both loops end at a folder
  // already walked.
  fs::create_directory_symlink(data_dir(), data_dir() / "a" / "back");
  fs::create_directory_symlink(data_dir() / "a", data_dir() / "b");
  const Discovery discovery = discover(data_dir());
  EXPECT_EQ(found(discovery), std::vector<std::string>{"a/x.csv"});
  ASSERT_EQ(discovery.sources.size(), 1U);
  EXPECT_EQ(discovery.sources[0].folder_parts, std::vector<std::string>{"a"});
}

TEST_F(DiscoveryTest, LockHiddenAndOtherFilesAreCountedNotLoaded) {
  write(data_dir() / "Book.xlsx", "PK\x03\x04");
  write(data_dir() / "~$Book.xlsx", "owner");
  write(data_dir() / "sub" / "~$Other.xls", "owner");
  write(data_dir() / ".hidden.csv");
  write(data_dir() / ".cache" / "inside.csv");  // a hidden folder counts once, unread
  write(data_dir() / "notes.txt", "just some notes");
  write(data_dir() / "no_extension", "PK\x03\x04 a zip without a spreadsheet name");
  const Discovery discovery = discover(data_dir());
  EXPECT_EQ(found(discovery), (std::vector<std::string>{"Book.xlsx", "no_extension"}));
  EXPECT_EQ(discovery.skipped.lock_files, 2U);
  EXPECT_EQ(discovery.skipped.hidden, 2U);
  EXPECT_EQ(discovery.skipped.not_spreadsheets, 1U);
  EXPECT_EQ(discovery.skipped.outside_links, 0U);
}

TEST_F(DiscoveryTest, AMissingDataFolderIsAConfigurationError) {
  EXPECT_THROW(discover(data_dir() / "nope"), ConfigError);
  write(data_dir() / "plain_file.csv");
  EXPECT_THROW(discover(data_dir() / "plain_file.csv"), ConfigError);
}

}  // namespace
}  // namespace pgdatahub::discovery
