// A file that cannot be a duplicate is opened while it is hashed (its size
// is one no import in force of its table has); every other file is hashed
// first. Through the real binary and a real PostgreSQL: either way each file
// is recorded with the SHA-256 and size of its bytes, loads once, and is
// skipped as a duplicate afterwards, whatever its name. The file changed
// while it is read is changing_files_test's (its big.csv is a first file
// of a fresh database, so it is opened while hashed).
#include "support/database_fixture.hpp"
#include "support/json_expectations.hpp"
#include "support/read_file.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/loaded_sizes.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class FirstFileTest : public test::DatabaseFixture {
 protected:
  std::string recorded(const std::string& source_file) {
    return scalar(
        "SELECT file_sha256 || ' ' || byte_size FROM etl_imports WHERE source_file = $1 AND "
        "status = 'loaded'",
        {source_file});
  }
};

TEST_F(FirstFileTest, AWorkbookOpenedWhileHashedIsRecordedByItsBytesAndLoadsOnce) {
  fs::create_directories(data() / "sales");
  const fs::path file = data() / "sales" / "q1.xlsx";
  test::XlsxBuilder book(file);
  book.sheet("Data").text(0, 0, "Region").text(0, 1, "Amount");
  book.text(1, 0, "North").number(1, 1, 120).text(2, 0, "South").number(2, 1, 80.5);
  book.close();

  const auto first = etl({"--json"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(test::file_statuses(first.out), "sales/q1.xlsx=loaded");
  EXPECT_EQ(recorded("sales/q1.xlsx"), test::file_identity(file));
  EXPECT_EQ(rows("sales", "region, amount"), "North|120\nSouth|80.5");

  // Now its size is in the ledger: hashed first, and skipped.
  const auto again = etl({"--json"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(test::file_statuses(again.out), "sales/q1.xlsx=duplicate");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports"), "1");
}

TEST_F(FirstFileTest, AFileOfALoadedSizeLoadsWhenItsContentDiffersAndACopyIsADuplicate) {
  write_file("sales/a.csv", "id,name\n1,aaa\n");
  const auto first = etl({"--json"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;

  // b.csv has a.csv's size and other bytes; c.csv is a.csv under another name.
  write_file("sales/b.csv", "id,name\n2,bbb\n");
  write_file("sales/c.csv", "id,name\n1,aaa\n");
  // d.csv has a size the table has never had: opened while hashed.
  write_file("sales/d.csv", "id,name\n4,dddd\n");
  const auto second = etl({"--json"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_EQ(test::file_statuses(second.out),
            "sales/a.csv=duplicate,sales/b.csv=loaded,sales/c.csv=duplicate,sales/d.csv=loaded");
  EXPECT_EQ(recorded("sales/b.csv"), test::file_identity(data() / "sales" / "b.csv"));
  EXPECT_EQ(recorded("sales/d.csv"), test::file_identity(data() / "sales" / "d.csv"));
  EXPECT_EQ(rows("sales", "id, name"), "1|aaa\n2|bbb\n4|dddd");
}

// The decision itself: only a size that an import in force of the table
// has, or an import without a recorded size, may be a duplicate.
TEST_F(FirstFileTest, OnlyASizeInForceInTheTableMayBeADuplicate) {
  write_file("sales/a.csv", "id,name\n1,aaa\n");
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto size = static_cast<std::uint64_t>(fs::file_size(data() / "sales" / "a.csv"));

  EXPECT_TRUE(ledger::may_hold_size(m_conn, "public", "sales", size));
  EXPECT_FALSE(ledger::may_hold_size(m_conn, "public", "sales", size + 1));
  EXPECT_FALSE(ledger::may_hold_size(m_conn, "public", "other", size));
  EXPECT_FALSE(ledger::may_hold_size(m_conn, "elsewhere", "sales", size));

  // A ledger from before byte_size: only the SHA-256 can tell.
  m_conn.exec("UPDATE etl_imports SET byte_size = NULL");
  EXPECT_TRUE(ledger::may_hold_size(m_conn, "public", "sales", size + 1));

  const auto revert = pgdatahub({"revert", "--table", "sales", "--yes"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_FALSE(ledger::may_hold_size(m_conn, "public", "sales", size));
}

}  // namespace
}  // namespace pgdatahub
