// Empty imports (a chosen sheet with no data row) through the real binary and
// a real PostgreSQL: `status` counts them, a revert by file or by table takes
// them back, and a file recorded empty reloads when the config changes.
#include "support/database_fixture.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class EmptyImportsTest : public test::DatabaseFixture {
 protected:
  std::string statuses() {
    return scalar("SELECT string_agg(status, ',' ORDER BY id) FROM etl_imports");
  }

  // A cover sheet holding one line (taken as a header alone) in front of
  // the data sheet: loaded as it is, the file is empty.
  void write_book() {
    fs::create_directories(data() / "sales");
    test::XlsxBuilder book(data() / "sales" / "q1.xlsx");
    book.sheet("Cover").text(0, 0, "Read me");
    book.sheet("Export").text(0, 0, "Region").text(0, 1, "Amount");
    book.text(1, 0, "North").number(1, 1, 120).text(2, 0, "South").number(2, 1, 80.5);
    book.close();
  }
};

TEST_F(EmptyImportsTest, StatusCountsThemAndRevertByFileOrTableTakesThemBack) {
  write_book();
  auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_EQ(statuses(), "empty");
  EXPECT_EQ(scalar("SELECT to_regclass('sales') IS NOT NULL"), "t");  // the header made it

  const auto status = pgdatahub({"status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  const auto json = nlohmann::json::parse(status.out);
  EXPECT_EQ(json["tables"][0]["table"], "sales");
  EXPECT_EQ(json["tables"][0]["files"], 0);
  EXPECT_EQ(json["tables"][0]["empty"], 1);
  EXPECT_EQ(json["totals"]["empty"], 1);
  const auto text = pgdatahub({"status"});
  EXPECT_NE(text.out.find("total: 1 tables, 0 files, 1 empty, 0 rows"), std::string::npos)
      << text.out;

  // By file: the import is reverted and the table its header created is dropped.
  auto revert = pgdatahub({"revert", "--file", "sales/q1.xlsx", "--yes"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_EQ(statuses(), "reverted");
  EXPECT_EQ(scalar("SELECT to_regclass('sales') IS NULL"), "t");

  // Reverted, the file is read again; by table, the new empty import goes too.
  run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(statuses(), "reverted,empty");
  revert = pgdatahub({"revert", "--table", "sales", "--yes"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_EQ(statuses(), "reverted,reverted");
  EXPECT_EQ(scalar("SELECT to_regclass('sales') IS NULL"), "t");
}

TEST_F(EmptyImportsTest, AFileRecordedEmptyReloadsWhenTheConfigNamesItsSheet) {
  write_book();
  ASSERT_EQ(etl().exit_code, 0);
  ASSERT_EQ(statuses(), "empty");

  std::ofstream(m_dir.path() / "cfg.yaml") << "sales:\n  sheet: Export\n";
  const auto run = etl({"--config", (m_dir.path() / "cfg.yaml").string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("reloaded: config for sales changed (sheet (none) -> Export)"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(statuses(), "reverted,loaded");
  EXPECT_EQ(scalar("SELECT string_agg(region || '|' || amount, E'\\n' ORDER BY source_row) "
                   "FROM sales"),
            "North|120\nSouth|80.5");
}

}  // namespace
}  // namespace pgdatahub
