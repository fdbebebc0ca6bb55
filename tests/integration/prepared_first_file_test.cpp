// A fresh run hashes and opens its first file while it connects and sets up
// the ledger, before any worker claims it (orchestrator/file_preparation).
// Through the real binary and a real PostgreSQL: that file is recorded with
// the SHA-256 and size of its bytes and loads its rows, whichever way the run
// loads (one worker, two, a folder committed as one); loaded already, it is a
// duplicate, even when it no longer opens under the config; and claimed by
// another worker first, it is dropped by the worker that prepared it and
// every file still loads once.
#include "support/database_fixture.hpp"
#include "support/json_expectations.hpp"
#include "support/read_file.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/ledger/run_queue.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class PreparedFirstFileTest : public test::DatabaseFixture {
 protected:
  // The SHA-256 and size etl_imports holds for the file's loaded import,
  // one line per import (so a file loaded twice shows twice).
  std::string recorded(const std::string& source_file) {
    return scalar(
        "SELECT string_agg(file_sha256 || ' ' || byte_size, E'\\n') FROM etl_imports WHERE "
        "source_file = $1 AND status = 'loaded'",
        {source_file});
  }

  // sales/a.xlsx, the run's first file, and two more of its folder.
  void write_sales() {
    fs::create_directories(data() / "sales");
    test::XlsxBuilder book(data() / "sales" / "a.xlsx");
    book.sheet("Data").text(0, 0, "Region").text(0, 1, "Amount");
    book.text(1, 0, "North").number(1, 1, 120).text(2, 0, "South").number(2, 1, 80.5);
    book.close();
    write_file("sales/b.csv", "region,amount\nEast,7\n");
    write_file("sales/c.csv", "region,amount\nWest,9.25\n");
  }

  void expect_sales_loaded_once(const std::string& json_out) {
    EXPECT_EQ(test::file_statuses(json_out),
              "sales/a.xlsx=loaded,sales/b.csv=loaded,sales/c.csv=loaded");
    for (const std::string name : {"sales/a.xlsx", "sales/b.csv", "sales/c.csv"})
      EXPECT_EQ(recorded(name), test::file_identity(data() / name)) << name;
    EXPECT_EQ(rows("sales", "region, amount"), "North|120\nSouth|80.5\nEast|7\nWest|9.25");
  }
};

TEST_F(PreparedFirstFileTest, TheFirstFileLoadsWithItsBytesSha256AndRows) {
  write_sales();
  const auto run = etl({"--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  expect_sales_loaded_once(run.out);
}

// Two workers of one process: whichever claims first takes the prepared file.
TEST_F(PreparedFirstFileTest, TheFirstFileLoadsOnceWithTwoWorkers) {
  write_sales();
  const auto run = etl({"--json", "--jobs", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  expect_sales_loaded_once(run.out);
}

// A folder committed as one loads its files in order, in one transaction.
TEST_F(PreparedFirstFileTest, TheFirstFileLoadsInAFolderCommittedAsOne) {
  write_sales();
  const auto run = etl({"--json", "--sectional-commit"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  expect_sales_loaded_once(run.out);
}

// Prepared before the ledger is read, a first file already loaded is opened
// for nothing, and still a duplicate; one that no longer opens under the
// config (a sheet it lacks) too, since the open error is raised only after
// the duplicate check. (An import recorded before read settings were counts
// as read the current way: the one case where the same content is a
// duplicate under a config it no longer opens with.)
TEST_F(PreparedFirstFileTest, AFirstFileLoadedAlreadyIsADuplicateEvenWhenItNoLongerOpens) {
  write_file("sales/a.csv", "region,amount\nEast,7\n");
  const auto first = etl({"--json"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(test::file_statuses(first.out), "sales/a.csv=loaded");

  const auto again = etl({"--json"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(test::file_statuses(again.out), "sales/a.csv=duplicate");

  scalar("UPDATE etl_imports SET read_settings = NULL, read_fingerprint = NULL RETURNING id");
  test::XlsxBuilder book(data() / "sales" / "b.xlsx");
  book.sheet("Data").text(0, 0, "Region").text(0, 1, "Amount").text(1, 0, "North").number(1, 1, 1);
  book.close();
  const auto config = write_config("sales:\n  sheet: Data\n");
  const auto changed = etl({"--json", "--config", config.string()});
  ASSERT_EQ(changed.exit_code, 0) << changed.out << changed.err;
  EXPECT_EQ(test::file_statuses(changed.out), "sales/a.csv=duplicate,sales/b.xlsx=loaded");
  EXPECT_EQ(rows("sales", "region, amount"), "East|7\nNorth|1");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'failed'"), "0");
}

// A first file that does not open fails alone, with the reader's reason,
// once the ledger shows it new; the run goes on.
TEST_F(PreparedFirstFileTest, AFirstFileThatDoesNotOpenFailsAloneWithItsReason) {
  write_file("sales/a.xlsx", "not a workbook at all");
  write_file("sales/b.csv", "region,amount\nEast,7\n");
  const auto run = etl({"--json"});
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(test::file_statuses(run.out), "sales/a.xlsx=failed,sales/b.csv=loaded");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'failed' AND source_file = "
                   "'sales/a.xlsx' AND error_message <> ''"),
            "1");
  EXPECT_EQ(rows("sales", "region, amount"), "East|7");
}

// Another worker (this test's session, through the ledger's queue as a
// `--worker` process claims) takes the first file before the starting
// process's worker can: that worker claims the next file, drops the one it
// prepared, and loads the first file afresh once the other worker lets it
// go (as a worker stopped with Ctrl-C does). Every file loads once.
TEST_F(PreparedFirstFileTest, AFirstFileClaimedByAnotherWorkerStillLoadsOnce) {
  write_sales();
  // The run's id is the ledger's next; holding the lock that orders its
  // claims keeps the starter from claiming until this session has.
  ledger::ensure_ledger_tables(m_conn);
  const std::string run_id = scalar(
      "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM "
      "public.etl_runs_id_seq");
  const std::string run_lock = "hashtextextended('pgdatahub run ' || $1, 0)";
  scalar("SELECT pg_advisory_lock(" + run_lock + ") IS NULL", {run_id});

  const fs::path out = m_dir.path() / "starter.out";
  const int starter = test::spawn_pgdatahub({"etl", data().string(), "--jobs", "1", "--json"},
                                            env(), m_dir.path().string(), out.string());
  const bool waiting = test::eventually([&] {
    return scalar(
               "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
               "objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = " +
                   run_lock,
               {run_id}) != "0";
  });
  ASSERT_TRUE(waiting) << "the starter never came to claim";
  auto claimed = ledger::claim_next(m_conn, std::stoll(run_id), "elsewhere:1/1");
  EXPECT_EQ(scalar("SELECT pg_advisory_unlock(" + run_lock + ")", {run_id}), "t");
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->source_file, "sales/a.xlsx");

  const bool others_loaded = test::eventually([&] {
    return scalar("SELECT count(*) FROM etl_run_files WHERE run_id = $1 AND state = 'loaded'",
                  {run_id}) == "2";
  });
  ASSERT_TRUE(others_loaded) << "the starter did not load the other files";
  ledger::release_file(m_conn, *claimed);
  EXPECT_EQ(test::wait_for(starter), 0);
  // Its stdout and stderr (notices) share the file: the summary is the
  // JSON document in it.
  const std::string printed = test::read_file(out);
  const auto json_start = printed.find('{');
  const auto json_end = printed.rfind('}');
  ASSERT_TRUE(json_start != std::string::npos && json_end != std::string::npos) << printed;
  expect_sales_loaded_once(printed.substr(json_start, json_end - json_start + 1));
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports"), "3");
}

}  // namespace
}  // namespace pgdatahub
