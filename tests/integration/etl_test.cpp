// The backbone, end to end: the real binary loads workbook trees into a real
// PostgreSQL, each file exactly once, and failures stay alone.
#include "support/database_fixture.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using test::run_pgdatahub;

class EtlTest : public test::DatabaseFixture {
 protected:
  // A small orders workbook: a header row and `rows` data rows.
  void write_orders(const fs::path& file, int rows, int first_id = 1) {
    fs::create_directories(file.parent_path());
    test::XlsxBuilder book(file);
    book.sheet("Sheet1")
        .text(0, 0, "Order ID")
        .text(0, 1, "Product Code")
        .text(0, 2, "Amount (EUR)")
        .text(0, 3, "Order Date")
        .text(0, 4, "Paid?")
        .text(0, 5, "Zürich");
    for (int i = 0; i < rows; ++i) {
      const auto r = static_cast<std::uint32_t>(i + 1);
      book.number(r, 0, first_id + i)
          .text(r, 1, "00" + std::to_string(40 + i))
          .number(r, 2, 10.5 * (i + 1))
          .datetime(r, 3, {2024, 3, 1 + (i % 28), 0, 0, 0}, "yyyy-mm-dd")
          .boolean(r, 4, i % 2 == 0)
          .text(r, 5, "Grüezi " + std::to_string(i));
    }
    book.close();
  }
};

TEST_F(EtlTest, LoadsEveryFolderIntoItsTableWithTypesAndMetadata) {
  write_orders(data() / "sales" / "2024-01.xlsx", 3);
  write_orders(data() / "sales" / "emea" / "2024-01.xlsx", 2, 100);
  write_orders(data() / "top.xlsx", 1);
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "3");
  EXPECT_EQ(scalar("SELECT count(*) FROM sales_emea"), "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM data"), "1");  // files in DATA_DIR itself
  EXPECT_EQ(column_type("sales", "order_id"), "integer");
  EXPECT_EQ(column_type("sales", "product_code"), "text");
  EXPECT_EQ(column_type("sales", "amount_eur"), "double precision");
  EXPECT_EQ(column_type("sales", "order_date"), "date");
  EXPECT_EQ(column_type("sales", "paid"), "boolean");
  EXPECT_EQ(column_type("sales", "zurich"), "text");
  EXPECT_EQ(scalar("SELECT string_agg(product_code, ',' ORDER BY source_row) FROM sales"),
            "0040,0041,0042");
  EXPECT_EQ(scalar("SELECT string_agg(source_row::text, ',' ORDER BY source_row) FROM sales"),
            "2,3,4");
  EXPECT_EQ(scalar("SELECT order_date::text FROM sales WHERE source_row = 3"), "2024-03-02");
  EXPECT_EQ(scalar("SELECT DISTINCT source_file FROM sales_emea"), "sales/emea/2024-01.xlsx");
  EXPECT_EQ(scalar("SELECT count(*) FROM sales s JOIN etl_imports i ON i.id = s.etl_import_id "
                   "AND i.status = 'loaded' AND i.row_count = 3 AND i.sheet = 'Sheet1'"),
            "3");
  EXPECT_EQ(scalar("SELECT col_description('sales'::regclass, attnum) FROM pg_attribute "
                   "WHERE attrelid = 'sales'::regclass AND attname = 'amount_eur'"),
            "Amount (EUR)");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'create_table'"),
            "3");
  EXPECT_NE(run.out.find("3 loaded"), std::string::npos) << run.out;
}

TEST_F(EtlTest, LoadsEachContentOnceWhateverItsName) {
  write_orders(data() / "sales" / "a.xlsx", 2);
  ASSERT_EQ(etl().exit_code, 0);
  fs::copy_file(data() / "sales" / "a.xlsx", data() / "sales" / "renamed copy.xlsx");
  const auto again = etl({"--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto summary = nlohmann::json::parse(again.out);
  EXPECT_EQ(summary["loaded"], 0);
  EXPECT_EQ(summary["duplicates"], 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "2");

  write_orders(data() / "sales" / "a.xlsx", 4, 50);  // edited: a new version under the same name
  const auto edited = etl({"--json"});
  EXPECT_EQ(nlohmann::json::parse(edited.out)["loaded"], 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "6");
}

// The next file of a folder is hashed and opened while the current one
// commits; a failure to open it must still come after the duplicate check.
// (An import recorded before read settings were counts as read the current
// way, so a ledger from then is the one case where the same content is a
// duplicate under a config it no longer opens with.)
TEST_F(EtlTest, ADuplicateOpenedAheadIsStillADuplicateWhenItNoLongerOpens) {
  write_orders(data() / "sales" / "b.xlsx", 2);  // its only sheet is Sheet1
  ASSERT_EQ(etl().exit_code, 0);
  scalar("UPDATE etl_imports SET read_settings = NULL, read_fingerprint = NULL RETURNING id");
  test::XlsxBuilder book(data() / "sales" / "a.xlsx");
  book.sheet("Data").text(0, 0, "Order ID").number(1, 0, 7);
  book.close();
  std::ofstream(m_dir.path() / "cfg.yaml") << "sales:\n  sheet: Data\n";
  const auto run = etl({"--json", "--config", (m_dir.path() / "cfg.yaml").string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto summary = nlohmann::json::parse(run.out);
  EXPECT_EQ(summary["loaded"], 1);      // a.xlsx, from its sheet Data
  EXPECT_EQ(summary["duplicates"], 1);  // b.xlsx, which has no sheet Data
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "3");
}

TEST_F(EtlTest, BadFilesFailAloneAndLeaveNothingBehind) {
  write_orders(data() / "mixed" / "good.xlsx", 2);
  fs::create_directories(data() / "mixed");
  std::ofstream(data() / "mixed" / "empty.xlsx").close();
  std::ofstream(data() / "mixed" / "not really.xlsx") << "just some text, not a workbook";
  {
    // A truncated copy of a good workbook.
    write_orders(m_dir.path() / "whole.xlsx", 50);
    const std::string bytes = test::read_file(m_dir.path() / "whole.xlsx");
    std::ofstream(data() / "mixed" / "truncated.xlsx", std::ios::binary)
        << bytes.substr(0, bytes.size() / 2);
  }
  std::ofstream(data() / "mixed" / "~$good.xlsx") << "lock";
  std::ofstream(data() / "mixed" / "notes.txt") << "not a spreadsheet";

  const auto run = etl({"--json"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto summary = nlohmann::json::parse(run.out);
  EXPECT_EQ(summary["loaded"], 1);
  EXPECT_EQ(summary["failed"], 3);
  EXPECT_EQ(summary["skipped"]["lock_files"], 1);
  EXPECT_EQ(summary["skipped"]["not_spreadsheets"], 1);
  for (const auto& file : summary["files"]) {
    if (file["status"] == "failed") {
      EXPECT_FALSE(file["error"].get<std::string>().empty());
      EXPECT_TRUE(file.contains("reason"));
    }
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM mixed"), "2");
  EXPECT_EQ(
      scalar("SELECT count(*) FROM etl_imports WHERE status = 'failed' AND error_message <> ''"),
      "3");
  EXPECT_EQ(scalar("SELECT count(DISTINCT etl_import_id) FROM mixed"), "1");
}

TEST_F(EtlTest, AHeaderThatIsSqlIsJustAColumnName) {
  fs::create_directories(data() / "evil");
  test::XlsxBuilder book(data() / "evil" / "x.xlsx");
  book.sheet("Sheet1").text(0, 0, "\"; DROP TABLE etl_imports; --").text(0, 1, "source_file");
  book.number(1, 0, 1).text(1, 1, "a value named like a metadata column");
  book.close();
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(column_type("evil", "drop_table_etl_imports"), "integer");
  EXPECT_EQ(column_type("evil", "source_file_2"), "text");
  EXPECT_EQ(scalar("SELECT source_file_2 FROM evil"), "a value named like a metadata column");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports"), "1");
}

TEST_F(EtlTest, ALaterChunkWidensTheColumnInsideTheSameLoad) {
  fs::create_directories(data() / "drift");
  test::XlsxBuilder book(data() / "drift" / "x.xlsx");
  book.sheet("Sheet1").text(0, 0, "qty").text(0, 1, "when");
  book.number(1, 0, 1).datetime(1, 1, {2024, 1, 2, 0, 0, 0}, "yyyy-mm-dd");
  book.number(2, 0, 3000000000.0).datetime(2, 1, {2024, 1, 3, 0, 0, 0}, "yyyy-mm-dd");
  book.number(3, 0, 2.5).datetime(3, 1, {2024, 1, 3, 13, 45, 0}, "yyyy-mm-dd hh:mm");
  book.text(4, 0, "about 7").text(4, 1, "unknown");
  book.close();
  const auto run = etl({"--chunk-size", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(column_type("drift", "qty"), "text");
  EXPECT_EQ(column_type("drift", "when"), "text");
  EXPECT_EQ(scalar("SELECT string_agg(qty, '|' ORDER BY source_row) FROM drift"),
            "1|3000000000|2.5|about 7");
  EXPECT_EQ(scalar("SELECT string_agg(\"when\", '|' ORDER BY source_row) FROM drift"),
            "2024-01-02 00:00:00|2024-01-03 00:00:00|2024-01-03 13:45:00|unknown");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'alter_type'"),
            "5");
}

TEST_F(EtlTest, AMissingConfiguredSheetFailsTheFileAndNamesTheSheetsItHas) {
  write_orders(data() / "sales" / "a.xlsx", 1);
  std::ofstream(m_dir.path() / "cfg.yaml") << "sales:\n  sheet: Data\n";
  const auto run = etl({"--config", (m_dir.path() / "cfg.yaml").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("no sheet named 'Data'"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("'Sheet1'"), std::string::npos) << run.out;
}

TEST_F(EtlTest, ConfigTypesWinAndABadValueNamesItsCell) {
  fs::create_directories(data() / "codes");
  test::XlsxBuilder book(data() / "codes" / "a.xlsx");
  book.sheet("Sheet1").text(0, 0, "Code").text(0, 1, "Qty");
  book.number(1, 0, 7).text(1, 1, "12");
  book.number(2, 0, 8).text(2, 1, "twelve");
  book.close();
  std::ofstream(m_dir.path() / "cfg.yaml")
      << "codes:\n  table: product_codes\n  columns:\n    Code: text\n    Qty: integer\n";
  const auto run = etl({"--config", (m_dir.path() / "cfg.yaml").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("Sheet1!B3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("twelve"), std::string::npos) << run.out;
  EXPECT_EQ(scalar("SELECT to_regclass('product_codes') IS NULL"), "t");
}

TEST_F(EtlTest, DryRunPrintsThePlanAndWritesNothing) {
  write_orders(data() / "sales" / "a.xlsx", 2);
  const auto run = etl({"--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("create_table sales (order_id integer"), std::string::npos) << run.out;
  EXPECT_EQ(scalar("SELECT to_regclass('sales') IS NULL"), "t");
  const auto skip =
      etl({}, {{"SKIP_DB", "1"}, {"DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none"}});
  EXPECT_EQ(skip.exit_code, 0) << skip.err;
  EXPECT_NE(skip.out.find("create_table sales"), std::string::npos) << skip.out;
}

TEST_F(EtlTest, TwoProcessesAtOnceLoadEachFileOnce) {
  for (int i = 0; i < 6; ++i)
    write_orders(data() / "sales" / ("f" + std::to_string(i) + ".xlsx"), 20, i * 100);
  // Two runs of one folder into one database share a state folder, and the
  // second is refused while the first holds it (run_state_test); given state
  // files of their own, they run at once and the ledger alone keeps each
  // file loaded once.
  auto state_of = [this](const std::string& name) {
    return std::map<std::string, std::string>{
        {"DATABASE_URL", m_database.conninfo()},
        {"ETL_PAUSE_FILE", (m_dir.path() / (name + ".pause.json")).string()},
        {"ETL_LOG_FILE", (m_dir.path() / (name + ".etl.log")).string()}};
  };
  const int a = test::spawn_pgdatahub({"etl", data().string()}, state_of("a"),
                                      m_dir.path().string(), (m_dir.path() / "a.log").string());
  const int b = test::spawn_pgdatahub({"etl", data().string()}, state_of("b"),
                                      m_dir.path().string(), (m_dir.path() / "b.log").string());
  EXPECT_EQ(test::wait_for(a), 0);
  EXPECT_EQ(test::wait_for(b), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "120");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "6");
}

TEST_F(EtlTest, StatusReportsTablesFilesAndRows) {
  write_orders(data() / "sales" / "a.xlsx", 2);
  write_orders(data() / "sales" / "b.xlsx", 3, 10);
  ASSERT_EQ(etl().exit_code, 0);
  const auto status =
      run_pgdatahub({"status", "--json"}, {{"DATABASE_URL", m_database.conninfo()}});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto json = nlohmann::json::parse(status.out);
  ASSERT_EQ(json["tables"].size(), 1U);
  EXPECT_EQ(json["tables"][0]["table"], "sales");
  EXPECT_EQ(json["tables"][0]["files"], 2);
  EXPECT_EQ(json["tables"][0]["rows"], 5);
}

TEST(EtlErrors, AnUnreachableDatabaseExitsTwoWithoutShowingThePassword) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "data");
  const auto run = run_pgdatahub(
      {"etl", (dir.path() / "data").string()},
      {{"DATABASE_URL", "postgresql://loader:s3cretPassw0rd@127.0.0.1:1/db"}}, dir.path().string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out.find("s3cretPassw0rd"), std::string::npos);
  EXPECT_EQ(run.err.find("s3cretPassw0rd"), std::string::npos) << run.err;
  EXPECT_FALSE(run.err.empty());
}

TEST(EtlErrors, ABadConfigValueExitsTwoAndSaysWhatIsAccepted) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "data");
  const auto run = run_pgdatahub({"etl", (dir.path() / "data").string()},
                                 {{"ETL_CHUNK_SIZE", "lots"}}, dir.path().string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("ETL_CHUNK_SIZE"), std::string::npos) << run.err;
}

// Read with the other settings: a bad budget stops the run before any file,
// rather than failing every file that needs a schema change.
TEST(EtlErrors, ABadLockWaitBudgetExitsTwoBeforeAnyFile) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "data");
  for (const char* value : {"0", "soon"}) {
    const auto run = run_pgdatahub({"etl", (dir.path() / "data").string()},
                                   {{"ETL_LOCK_WAIT_SECONDS", value}}, dir.path().string());
    EXPECT_EQ(run.exit_code, 2) << value;
    EXPECT_NE(run.err.find("ETL_LOCK_WAIT_SECONDS"), std::string::npos) << run.err;
  }
}

}  // namespace
}  // namespace pgdatahub

namespace pgdatahub {
namespace {

TEST(EtlLimits, SheetsTooWideForPostgreSQLFailBeforeAnyDdl) {
  test::ScratchDatabase database;
  test::TempDir dir;
  fs::create_directories(dir.path() / "data" / "wide");
  {
    test::XlsxBuilder book(dir.path() / "data" / "wide" / "columns.xlsx");
    book.sheet("Sheet1");
    for (std::uint16_t c = 0; c < 1700; ++c)
      book.text(0, c, "h" + std::to_string(c)).text(1, c, "v");
    book.close();
  }
  {
    test::XlsxBuilder book(dir.path() / "data" / "wide" / "bytes.xlsx");
    book.sheet("Sheet1");
    for (std::uint16_t c = 0; c < 1100; ++c)
      book.text(0, c, "h" + std::to_string(c)).number(1, c, 0.5);
    book.close();
  }
  const auto run =
      test::run_pgdatahub({"etl", (dir.path() / "data").string(), "--json"},
                          {{"DATABASE_URL", database.conninfo()}}, dir.path().string());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const auto summary = nlohmann::json::parse(run.out);
  ASSERT_EQ(summary["failed"], 2);
  for (const auto& file : summary["files"]) EXPECT_EQ(file["reason"], "too wide") << file["error"];
  auto conn = database::Connection::open(database.conninfo());
  EXPECT_EQ(conn.exec("SELECT to_regclass('wide') IS NULL").text(0, 0), "t");
}

}  // namespace
}  // namespace pgdatahub

namespace pgdatahub {
namespace {

// With no server named, pgdatahub creates, starts and reuses its own cluster.
TEST(EtlEmbedded, ColdStartLoadsIntoTheEmbeddedDatabaseAndReusesIt) {
  test::TempDir dir;
  const auto home = dir.path() / "home";
  fs::create_directories(dir.path() / "data" / "sales");
  {
    test::XlsxBuilder book(dir.path() / "data" / "sales" / "a.xlsx");
    book.sheet("Sheet1").text(0, 0, "id").number(1, 0, 1).number(2, 0, 2);
    book.close();
  }
  const std::vector<std::string> etl{"etl", (dir.path() / "data").string(), "--home",
                                     home.string()};
  const auto first = test::run_pgdatahub(etl, {}, dir.path().string());
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("open it with: psql 'postgresql:///pgdatahub?host="), std::string::npos)
      << first.out;
  const auto second = test::run_pgdatahub(etl, {}, dir.path().string());
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("1 skipped as duplicates"), std::string::npos) << second.out;
  const auto url = test::run_pgdatahub({"db", "url", "--home", home.string()});
  auto conn = database::Connection::open(url.out.substr(0, url.out.find('\n')));
  EXPECT_EQ(conn.exec("SELECT count(*) FROM sales").int64(0, 0), 2);
  const auto stop = test::run_pgdatahub({"db", "stop", "--home", home.string()});
  EXPECT_EQ(stop.exit_code, 0) << stop.err;
  const auto status = test::run_pgdatahub({"db", "status", "--home", home.string()});
  EXPECT_NE(status.out.find("stopped"), std::string::npos) << status.out;
}

// A PostgreSQL user reads --pgdata as the data directory itself (pg_ctl -D),
// which pgdatahub's home only holds: the option is refused, naming --home,
// before anything is created or started there.
TEST(EtlEmbedded, PgdataIsRefusedNamingHome) {
  test::TempDir dir;
  const auto named = dir.path() / "cluster";
  fs::create_directories(dir.path() / "data" / "sales");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"db", "start", "--pgdata", named.string()},
        std::vector<std::string>{"etl", (dir.path() / "data").string(), "--pgdata",
                                 named.string()}}) {
    const auto refused = test::run_pgdatahub(args, {}, dir.path().string());
    EXPECT_EQ(refused.exit_code, 2) << args[0];
    EXPECT_NE(refused.err.find("--pgdata is not accepted"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--home DIR"), std::string::npos) << refused.err;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    EXPECT_FALSE(fs::exists(named)) << args[0];
  }
  const auto json = test::run_pgdatahub({"db", "status", "--json", "--pgdata", named.string()});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(json.out)["error"]["kind"], "config") << json.out;
  const auto help = test::run_pgdatahub({"db", "--help"});
  EXPECT_NE(help.out.find("--home"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("--pgdata"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace pgdatahub

namespace pgdatahub {
namespace {

// A folder may mix formats: a CSV export in a legacy encoding loads next to
// an .xlsx into the same table, with the same names and types.
TEST(EtlFormats, CsvInALegacyEncodingLoadsBesideXlsx) {
  test::ScratchDatabase database;
  test::TempDir dir;
  fs::create_directories(dir.path() / "data" / "shops");
  {
    test::XlsxBuilder book(dir.path() / "data" / "shops" / "a.xlsx");
    book.sheet("Sheet1").text(0, 0, "Shop").text(0, 1, "Opened").text(0, 2, "Code");
    book.text(1, 0, "Zürich").datetime(1, 1, {2024, 3, 1, 0, 0, 0}, "yyyy-mm-dd").text(1, 2, "007");
    book.close();
  }
  // "Köln;2024-04-02;008" in windows-1252: ö is 0xF6.
  std::ofstream(dir.path() / "data" / "shops" / "b.csv", std::ios::binary)
      << "Shop;Opened;Code\r\nK\xF6ln;2024-04-02;008\r\n";
  std::ofstream(dir.path() / "cfg.yaml")
      << "shops:\n  csv:\n    delimiter: \";\"\n    encoding: windows-1252\n";
  const auto run = test::run_pgdatahub(
      {"etl", (dir.path() / "data").string(), "--config", (dir.path() / "cfg.yaml").string()},
      {{"DATABASE_URL", database.conninfo()}}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto conn = database::Connection::open(database.conninfo());
  EXPECT_EQ(
      conn.exec("SELECT string_agg(shop || ' ' || opened::text || ' ' || code, ',' ORDER BY shop) "
                "FROM shops")
          .text(0, 0),
      "Köln 2024-04-02 008,Zürich 2024-03-01 007");
}

}  // namespace
}  // namespace pgdatahub
