// A file prepared ahead of its turn (PreparedFile): the loader that claims
// that file gets it hashed and open; one that claims another file, or finds
// it changed since, gets nothing and reads the file afresh; either way the
// preparing threads are done once take() returns.
#include "support/xlsx_builder.hpp"
#include <pgdatahub/core/file_identity.hpp>
#include <pgdatahub/ledger/sha256.hpp>
#include <pgdatahub/orchestrator/file_job.hpp>
#include <pgdatahub/orchestrator/file_preparation.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {
namespace {

namespace fs = std::filesystem;

class FilePreparationTest : public ::testing::Test {
 protected:
  FileJob job_for(const std::string& name, const std::string& content) {
    const fs::path file = m_dir / name;
    std::ofstream(file, std::ios::binary) << content;
    FileJob job;
    job.path = file;
    job.source_file = name;
    job.table = "t";
    return job;
  }

  test::TempDir m_dir;
};

TEST_F(FilePreparationTest, TheRunsFirstFileIsHandedOverHashedAndOpen) {
  const auto job = job_for("a.csv", "id,name\n1,x\n2,y\n");
  auto prepared = PreparedFile::first_of_run(job);
  ASSERT_TRUE(prepared.valid());
  auto opened = prepared.take(job);
  EXPECT_FALSE(prepared.valid());
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->sha256, ledger::sha256_hex(test::read_bytes(job.path)));
  EXPECT_TRUE(opened->sheet_opened);
  EXPECT_FALSE(opened->open_error);
  EXPECT_EQ(opened->headers, (std::vector<std::string>{"id", "name"}));
  EXPECT_TRUE(opened->has_rows);
}

TEST_F(FilePreparationTest, AFolderNextFileIsHandedOverHashedAndOpen) {
  const auto job = job_for("b.csv", "id\n7\n");
  auto opened = PreparedFile::next_in_folder(job).take(job);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->sha256, ledger::sha256_hex(test::read_bytes(job.path)));
  EXPECT_EQ(opened->headers, (std::vector<std::string>{"id"}));
}

TEST_F(FilePreparationTest, ALoaderThatClaimsAnotherFileDropsIt) {
  const auto first = job_for("a.csv", "id\n1\n");
  const auto other = job_for("b.csv", "id\n2\n");
  auto prepared = PreparedFile::first_of_run(first);
  EXPECT_FALSE(prepared.take(other));
  EXPECT_FALSE(prepared.valid());      // dropped, its thread joined
  EXPECT_FALSE(prepared.take(first));  // nothing is left to take
}

// A file saved again (a new file under its name, as editors save) after
// discovery: whether the preparation mapped the old file (its stamp then
// differs at take()) or the new one (not the file discovery saw), nothing
// prepared is handed over.
TEST_F(FilePreparationTest, AFileReplacedSinceDiscoveryIsReadAfresh) {
  auto job = job_for("a.csv", "id\n1\n");
  struct stat seen {};
  ASSERT_EQ(::stat(job.path.c_str(), &seen), 0);
  job.seen = FileIdentity{seen.st_dev, seen.st_ino};
  auto prepared = PreparedFile::first_of_run(job);
  const fs::path saved = m_dir / "a.csv.new";
  std::ofstream(saved, std::ios::binary) << "id\n1\n";
  fs::rename(saved, job.path);
  EXPECT_FALSE(prepared.take(job));
  EXPECT_FALSE(prepared.valid());
}

TEST_F(FilePreparationTest, AFileThatFailsToMapIsLeftToItsTurn) {
  const auto job = job_for("empty.csv", "");  // mapping refuses an empty file
  EXPECT_FALSE(PreparedFile::first_of_run(job).take(job));
}

// An open error is kept, not thrown: the loader raises it only after the
// duplicate check, so content already loaded stays a duplicate.
TEST_F(FilePreparationTest, AFileThatDoesNotOpenKeepsItsErrorForAfterTheDuplicateCheck) {
  const auto job = job_for("bad.xlsx", "not a workbook at all");
  auto opened = PreparedFile::first_of_run(job).take(job);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->sha256, ledger::sha256_hex(test::read_bytes(job.path)));
  EXPECT_TRUE(opened->sheet_opened);
  EXPECT_TRUE(opened->open_error);
}

TEST_F(FilePreparationTest, NothingPreparedGivesNothing) {
  PreparedFile none;
  EXPECT_FALSE(none.valid());
  EXPECT_FALSE(none.take(job_for("a.csv", "id\n1\n")));
}

}  // namespace
}  // namespace pgdatahub::orchestrator
