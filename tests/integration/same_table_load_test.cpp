// Files of one table loading at once, end to end through the real binary:
// two workers are proven to be inside two files of one table at the same
// moment; a widening needed by one worker while another copies into the
// table is applied once, audited once, and the worker PostgreSQL aborts to
// break the deadlock loads its file again; a pause of two workers starts no
// file after its point.
#include "support/database_fixture.hpp"
#include "support/read_file.hpp"
#include "support/sample_books.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string>
#include <thread>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class SameTableLoadTest : public test::DatabaseFixture {
 protected:
  // A CSV of `rows` rows with ids from `first_id`; when `text_at` is a row
  // number, that row's amount is a word, which widens the column to text.
  void write_part(const std::string& name, int rows, int first_id, int text_at = -1) const {
    write_file(fs::path("sales") / name, test::items_csv(rows, first_id, text_at));
  }

  std::string output_path() const { return (m_dir.path() / "etl.out").string(); }

  std::string read_output() const { return test::read_file(output_path()); }

  // Every file's rows in the table once: as many rows as ids, per file.
  void expect_rows_once(int files, int rows_per_file) {
    EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(DISTINCT id) || ' ' || count(DISTINCT "
                     "source_file) FROM sales"),
              std::to_string(files * rows_per_file) + " " + std::to_string(files * rows_per_file) +
                  " " + std::to_string(files));
    EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"),
              std::to_string(files));
  }
};

// The test holds SHARE on the table, which no file's ROW EXCLUSIVE can pass:
// each worker then waits inside its file's transaction, and two waiting at
// once are two files of one table in flight at once (one worker at a time
// would show one). Released, both finish.
TEST_F(SameTableLoadTest, TwoWorkersAreInsideTwoFilesOfOneTableAtOnce) {
  write_part("p0.csv", 10, 0);
  ASSERT_EQ(etl().exit_code, 0);            // the table exists, made by the first file
  fs::remove(data() / "sales" / "p0.csv");  // so that both workers start with the new files
  for (int f = 1; f <= 4; ++f) write_part("p" + std::to_string(f) + ".csv", 500, f * 1000);

  auto holder = database::Connection::open(m_database.conninfo());
  auto hold = std::make_unique<database::Transaction>(holder);
  holder.exec("LOCK TABLE sales IN SHARE MODE");
  const int pid = test::spawn_pgdatahub({"etl", data().string(), "--jobs", "2"}, env(),
                                        m_dir.path().string(), output_path());
  const bool both_wait = test::eventually([this] {
    return scalar(
               "SELECT count(DISTINCT pid) FROM pg_locks WHERE relation = 'sales'::regclass "
               "AND mode = 'RowExclusiveLock' AND NOT granted") == "2";
  });
  // What they wait in: two claimed files of the table, two started imports.
  const std::string claimed =
      scalar("SELECT count(*) FROM etl_run_files WHERE state = 'claimed' AND table_name = 'sales'");
  hold->commit();
  EXPECT_EQ(test::wait_for(pid), 0) << read_output();
  ASSERT_TRUE(both_wait) << "never two files of one table in flight at once\n" << read_output();
  EXPECT_EQ(claimed, "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "5");
  EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(DISTINCT id) FROM sales"), "2010 2010");
  EXPECT_EQ(scalar("SELECT count(DISTINCT worker) FROM etl_run_files WHERE run_id = (SELECT "
                   "max(id) FROM etl_runs)"),
            "2");
  // Only the first file changed the schema: the others found it made.
  EXPECT_EQ(scalar("SELECT string_agg(change_type || ' ' || source_file, ',') FROM "
                   "etl_schema_changes"),
            "create_table sales/p0.csv");
}

// Both files widen amount to text mid-file while the other is copying into
// the table. The test first holds SHARE on the table, so that both workers
// join its writers at the same moment, and a reader that keeps the ALTER
// waiting until both have asked for it: each then waits for the other (the
// ROW EXCLUSIVE of its COPY against the schema lock of the other's change),
// PostgreSQL aborts one, and that file loads again after the other's change.
// Nothing is lost or loaded twice.
TEST_F(SameTableLoadTest, AWideningWhileAnotherWorkerCopiesNeitherDeadlocksNorLosesARow) {
  write_part("p0.csv", 10, 0);
  ASSERT_EQ(etl().exit_code, 0);
  ASSERT_EQ(column_type("sales", "amount"), "integer");
  fs::remove(data() / "sales" / "p0.csv");  // both workers start at once, one file each
  write_part("p1.csv", 2000, 10000, 1500);
  write_part("p2.csv", 2000, 20000, 1500);

  auto holder = database::Connection::open(m_database.conninfo());
  auto hold = std::make_unique<database::Transaction>(holder);
  holder.exec("LOCK TABLE sales IN SHARE MODE");  // no file joins the writers yet
  auto reader = database::Connection::open(m_database.conninfo());
  auto reading = std::make_unique<database::Transaction>(reader);
  reader.exec("SELECT count(*) FROM sales");  // ACCESS SHARE: a COPY passes, an ALTER waits
  const int pid =
      test::spawn_pgdatahub({"etl", data().string(), "--jobs", "2"},
                            env({{"ETL_CHUNK_SIZE", "100"}}), m_dir.path().string(), output_path());
  const bool both_joining = test::eventually([this] {
    return scalar(
               "SELECT count(DISTINCT pid) FROM pg_locks WHERE relation = 'sales'::regclass "
               "AND mode = 'RowExclusiveLock' AND NOT granted") == "2";
  });
  hold->commit();  // both are granted ROW EXCLUSIVE at once
  const bool retried = test::eventually(
      [this] { return read_output().find("loading the file again") != std::string::npos; },
      std::chrono::seconds(60));
  reading->commit();
  EXPECT_EQ(test::wait_for(pid), 0) << read_output();
  ASSERT_TRUE(both_joining) << read_output();
  ASSERT_TRUE(retried) << "no deadlock was met and retried\n" << read_output();

  EXPECT_EQ(column_type("sales", "amount"), "text");
  EXPECT_EQ(scalar("SELECT count(*) FROM sales WHERE amount = 'n/a'"), "2");
  EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(DISTINCT id) FROM sales"), "4010 4010");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status <> 'loaded'"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "3");
  // One change, audited once, by a file that is loaded.
  EXPECT_EQ(scalar("SELECT string_agg(change_type || ' ' || column_name || ' ' || old_type || ' ' "
                   "|| new_type, ',') FROM etl_schema_changes s JOIN etl_imports i ON i.id = "
                   "s.etl_import_id WHERE s.change_type <> 'create_table' AND i.status = "
                   "'loaded'"),
            "alter_type amount integer text");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes"), "2");
}

// ETL_PAUSE_EVERY=1 with two workers: the pause comes after the first file
// loaded, when at most the other worker's file is in flight. No file is
// claimed after that point until the pause ends.
TEST_F(SameTableLoadTest, APauseOfTwoWorkersStartsNoFileAfterItsPoint) {
  for (int f = 0; f < 4; ++f) write_part("p" + std::to_string(f) + ".csv", 300, f * 1000);
  const int pid = test::spawn_pgdatahub({"etl", data().string(), "--jobs", "2"},
                                        env({{"ETL_PAUSE_EVERY", "1"}, {"ETL_PAUSE_SECONDS", "3"}}),
                                        m_dir.path().string(), output_path());
  const auto started_files = [this] {
    return std::stoi(scalar("SELECT count(*) FROM etl_run_files WHERE state <> 'pending'"));
  };
  ASSERT_TRUE(test::eventually(
      [this] {
        try {
          return scalar("SELECT coalesce(max(paused), 0) FROM etl_runs") == "1";
        } catch (const std::exception&) {
          return false;  // the ledger is not there yet
        }
      },
      std::chrono::seconds(60)))
      << read_output();
  // Through most of the pause: still the files started before it.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2000);
  int most = 0;
  while (std::chrono::steady_clock::now() < until) {
    most = std::max(most, started_files());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_LE(most, 2);
  EXPECT_EQ(test::wait_for(pid), 0) << read_output();
  expect_rows_once(4, 300);
}

}  // namespace
}  // namespace pgdatahub
