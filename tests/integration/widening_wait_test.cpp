// A widening waits for what holds its table, told apart by who holds it: a
// peer worker of the run is waited for however long it keeps the table
// (beyond the lock-wait budget), and the file loads once the peer commits; a
// session that is not pgdatahub fails the file after the budget, with a
// message naming that session, and the rest of the run goes on. Overlap is
// forced with locks the test holds, not with timing. A revert undoing a
// widening has the same budget.
#include "support/database_fixture.hpp"
#include "support/read_file.hpp"
#include "support/sample_books.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class WideningWaitTest : public test::DatabaseFixture {
 protected:
  // A CSV of `rows` rows with ids from `first_id`; when `text_at` is a row
  // number, that row's amount is a word, which widens the column to text.
  void write_part(const std::string& name, int rows, int first_id, int text_at = -1) const {
    write_file(fs::path("sales") / name, test::items_csv(rows, first_id, text_at));
  }

  std::string output_path() const { return (m_dir.path() / "etl.out").string(); }

  std::string read_output() const { return test::read_file(output_path()); }

  static std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
    return count;
  }

  // p2's first row (id 20000) waits, inside its COPY, for an advisory lock
  // the returned connection holds (a trigger of the table takes it), so the
  // worker loading p2 keeps ROW EXCLUSIVE on the table until the test
  // releases it with pg_advisory_unlock(4242).
  database::Connection hold_p2_at_its_first_row() {
    m_conn.exec(
        "CREATE FUNCTION hold_p2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id = "
        "20000 THEN PERFORM pg_advisory_xact_lock_shared(4242); END IF; RETURN NEW; END $$");
    m_conn.exec(
        "CREATE TRIGGER hold_p2 BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION "
        "hold_p2()");
    auto gate = database::Connection::open(m_database.conninfo());
    gate.exec("SELECT pg_advisory_lock(4242)");
    return gate;
  }

  // One widening of amount, audited once, by a loaded file.
  void expect_one_audited_widening() {
    EXPECT_EQ(column_type("sales", "amount"), "text");
    EXPECT_EQ(scalar("SELECT string_agg(s.change_type || ' ' || s.column_name || ' ' || "
                     "s.old_type || ' ' || s.new_type || ' ' || s.source_file, ',') FROM "
                     "etl_schema_changes s JOIN etl_imports i ON i.id = s.etl_import_id WHERE "
                     "s.change_type <> 'create_table' AND i.status = 'loaded'"),
              "alter_type amount integer text sales/p1.csv");
    EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes"), "2");
  }
};

// p2's first row waits, inside its COPY, for an advisory lock the test
// holds (a trigger of the table takes it), so the peer keeps ROW EXCLUSIVE
// on the table for as long as the test likes. p1 widens meanwhile and waits
// for p2 through several lock-wait budgets of one second; released, p2
// commits and p1's widening goes on.
TEST_F(WideningWaitTest, AWideningWaitsForAPeerWorkerBeyondTheLockWaitBudget) {
  write_part("p0.csv", 10, 0);
  ASSERT_EQ(etl().exit_code, 0);
  ASSERT_EQ(column_type("sales", "amount"), "integer");
  fs::remove(data() / "sales" / "p0.csv");  // both workers start at once, one file each
  write_part("p1.csv", 2000, 10000, 1500);
  write_part("p2.csv", 500, 20000);
  auto gate = hold_p2_at_its_first_row();
  auto holder = database::Connection::open(m_database.conninfo());
  auto hold = std::make_unique<database::Transaction>(holder);
  holder.exec("LOCK TABLE sales IN SHARE MODE");  // both join the writers at once
  const int pid =
      test::spawn_pgdatahub({"etl", data().string(), "--jobs", "2"},
                            env({{"ETL_CHUNK_SIZE", "100"}, {"ETL_LOCK_WAIT_SECONDS", "1"}}),
                            m_dir.path().string(), output_path());
  const bool both_joining = test::eventually([this] {
    return scalar(
               "SELECT count(DISTINCT pid) FROM pg_locks WHERE relation = 'sales'::regclass "
               "AND mode = 'RowExclusiveLock' AND NOT granted") == "2";
  });
  hold->commit();
  // Each notice is one attempt of two seconds: three of them are six
  // budgets of waiting for the peer.
  const bool waited = test::eventually(
      [this] { return count_of(read_output(), "to commit,") >= 3; }, std::chrono::seconds(60));
  const bool still_loading = scalar(
                                 "SELECT count(*) FROM etl_imports WHERE status = 'loaded' AND "
                                 "source_file <> 'sales/p0.csv'") == "0";
  gate.exec("SELECT pg_advisory_unlock(4242)");
  EXPECT_EQ(test::wait_for(pid), 0) << read_output();
  ASSERT_TRUE(both_joining) << read_output();
  ASSERT_TRUE(waited) << "the widening did not wait for its peer\n" << read_output();
  EXPECT_TRUE(still_loading);
  const std::string output = read_output();
  EXPECT_NE(output.find("loading sales/p2.csv"), std::string::npos) << output;
  EXPECT_EQ(output.find("another session"), std::string::npos) << output;
  EXPECT_EQ(output.find("not a pgdatahub load"), std::string::npos) << output;

  EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(DISTINCT id) FROM sales"), "2510 2510");
  EXPECT_EQ(scalar("SELECT count(*) FROM sales WHERE amount = 'n/a'"), "1");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status <> 'loaded'"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "3");
  expect_one_audited_widening();
}

// The same wait across processes, and the peer killed with kill -9 while
// the widening waits for it: its session ends, the widening goes on at
// once, and the killed worker's file is taken over and loaded, once.
TEST_F(WideningWaitTest, AWideningWaitingForAPeerKilledGoesOnAndThePeersFileIsTakenOver) {
  if (std::stoi(scalar("SHOW server_version_num")) < 140000) {
    GTEST_SKIP() << "PostgreSQL 13 has no client_connection_check_interval: a killed worker's "
                    "session keeps its locks until its own wait ends, which this test holds";
  }
  write_part("p0.csv", 10, 0);
  ASSERT_EQ(etl().exit_code, 0);
  fs::remove(data() / "sales" / "p0.csv");
  write_part("p1.csv", 2000, 10000, 1500);
  write_part("p2.csv", 500, 20000);
  auto gate = hold_p2_at_its_first_row();
  auto holder = database::Connection::open(m_database.conninfo());
  auto hold = std::make_unique<database::Transaction>(holder);
  holder.exec("LOCK TABLE sales IN SHARE MODE");

  const auto vars = env({{"ETL_CHUNK_SIZE", "100"}, {"ETL_LOCK_WAIT_SECONDS", "1"}});
  const auto out = [this](const std::string& name) { return (m_dir.path() / name).string(); };
  const int starter = test::spawn_pgdatahub({"etl", data().string(), "--jobs", "1"}, vars,
                                            m_dir.path().string(), out("starter.out"));
  ASSERT_TRUE(test::eventually([this] {
    try {
      return scalar("SELECT count(*) FROM etl_runs WHERE state = 'running'") == "1";
    } catch (const std::exception&) {
      return false;  // not there yet
    }
  })) << test::read_file(out("starter.out"));
  const int joined = test::spawn_pgdatahub({"etl", data().string(), "--worker", "--jobs", "1"},
                                           vars, m_dir.path().string(), out("joined.out"));
  const bool both_joining = test::eventually([this] {
    return scalar(
               "SELECT count(DISTINCT pid) FROM pg_locks WHERE relation = 'sales'::regclass "
               "AND mode = 'RowExclusiveLock' AND NOT granted") == "2";
  });
  hold->commit();
  ASSERT_TRUE(both_joining) << test::read_file(out("starter.out"))
                            << test::read_file(out("joined.out"));
  // The widening waits for the peer through two attempts, more than the budget.
  const bool waited = test::eventually(
      [&] {
        return count_of(test::read_file(out("starter.out")) + test::read_file(out("joined.out")),
                        "loading sales/p2.csv (pid") >= 2;
      },
      std::chrono::seconds(60));
  ASSERT_TRUE(waited) << test::read_file(out("starter.out")) << test::read_file(out("joined.out"));
  // The process loading p2 is the victim (its worker is host:pid/1).
  const int victim_pid = std::stoi(
      scalar("SELECT split_part(split_part(worker, ':', 2), '/', 1) FROM etl_run_files WHERE "
             "source_file = 'sales/p2.csv'"));
  ASSERT_TRUE(victim_pid == starter || victim_pid == joined) << victim_pid;
  const int survivor = victim_pid == starter ? joined : starter;
  kill(victim_pid, SIGKILL);
  EXPECT_EQ(test::wait_for(victim_pid), 128 + SIGKILL);
  // p1 commits while the gate still holds p2 back: the wait ended with the peer.
  EXPECT_TRUE(test::eventually([this] {
    return scalar(
               "SELECT count(*) FROM etl_imports WHERE source_file = 'sales/p1.csv' AND "
               "status = 'loaded'") == "1";
  })) << test::read_file(out("starter.out"))
      << test::read_file(out("joined.out"));
  gate.exec("SELECT pg_advisory_unlock(4242)");
  EXPECT_EQ(test::wait_for(survivor), 0)
      << test::read_file(out("starter.out")) << test::read_file(out("joined.out"));

  EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(DISTINCT id) FROM sales"), "2510 2510");
  EXPECT_EQ(scalar("SELECT claims FROM etl_run_files WHERE source_file = 'sales/p2.csv'"), "2");
  EXPECT_EQ(scalar("SELECT string_agg(state, ',') FROM etl_runs WHERE id = (SELECT max(id) FROM "
                   "etl_runs)"),
            "finished");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status <> 'loaded'"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "3");
  expect_one_audited_widening();
}

// An analyst's open transaction has read the table: p1's widening waits
// for it up to the budget, then fails with the session's pid, name and
// age; p2, which needs no change, loads. Once the analyst's transaction
// ends, a rerun loads p1.
TEST_F(WideningWaitTest, ASessionThatIsNotPgdatahubFailsTheWideningNamingIt) {
  write_part("p0.csv", 10, 0);
  ASSERT_EQ(etl().exit_code, 0);
  write_part("p1.csv", 300, 10000, 150);
  write_part("p2.csv", 300, 20000);

  auto analyst = database::Connection::open(m_database.conninfo());
  analyst.exec("SET application_name = 'quarterly report'");
  const std::string analyst_pid(analyst.exec("SELECT pg_backend_pid()").text(0, 0));
  auto reading = std::make_unique<database::Transaction>(analyst);
  analyst.exec("SELECT count(*) FROM sales");  // ACCESS SHARE: a COPY passes, an ALTER waits

  const auto started = std::chrono::steady_clock::now();
  const auto run = etl({"--jobs", "2"}, {{"ETL_LOCK_WAIT_SECONDS", "2"}});
  const auto took = std::chrono::steady_clock::now() - started;
  const std::string output = run.out + run.err;
  EXPECT_EQ(run.exit_code, 1) << output;
  EXPECT_LT(took, std::chrono::seconds(60)) << output;
  EXPECT_NE(output.find("by pid " + analyst_pid +
                        " (application_name 'quarterly report', transaction open "),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("a session that is not pgdatahub: end its transaction (or SELECT "
                        "pg_terminate_backend(" +
                        analyst_pid + ")) and run again"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("another session"), std::string::npos) << output;
  EXPECT_EQ(scalar("SELECT string_agg(source_file || ' ' || status, ',' ORDER BY source_file) "
                   "FROM etl_imports"),
            "sales/p0.csv loaded,sales/p1.csv failed,sales/p2.csv loaded");
  EXPECT_EQ(column_type("sales", "amount"), "integer");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes"), "1");

  reading->commit();
  const auto rerun = etl();
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(DISTINCT id) FROM sales"), "610 610");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "3");
  expect_one_audited_widening();
}

// A revert undoes a widening with the same budget for a session that is
// not pgdatahub: ETL_LOCK_WAIT_SECONDS, not the default two minutes. It
// fails naming the session and changes nothing; once the session ends, the
// same revert goes through.
TEST_F(WideningWaitTest, ARevertUndoingAWideningWaitsForASessionOnlyTheConfiguredBudget) {
  write_part("p0.csv", 10, 0);
  write_part("p1.csv", 20, 10000, 10);
  ASSERT_EQ(etl({"--jobs", "1"}).exit_code, 0);
  ASSERT_EQ(column_type("sales", "amount"), "text");

  auto analyst = database::Connection::open(m_database.conninfo());
  analyst.exec("SET application_name = 'quarterly report'");
  const std::string analyst_pid(analyst.exec("SELECT pg_backend_pid()").text(0, 0));
  auto reading = std::make_unique<database::Transaction>(analyst);
  analyst.exec("SELECT count(*) FROM sales");  // ACCESS SHARE: the ALTER back to integer waits

  const std::vector<std::string> revert{"revert", "--file", "sales/p1.csv", "--yes"};
  const auto started = std::chrono::steady_clock::now();
  const auto failed = pgdatahub(revert, {{"ETL_LOCK_WAIT_SECONDS", "2"}});
  const auto took = std::chrono::steady_clock::now() - started;
  const std::string output = failed.out + failed.err;
  EXPECT_NE(failed.exit_code, 0) << output;
  EXPECT_LT(took, std::chrono::seconds(60)) << output;
  EXPECT_NE(output.find("by pid " + analyst_pid + " (application_name 'quarterly report'"),
            std::string::npos)
      << output;
  EXPECT_EQ(column_type("sales", "amount"), "text");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "30");

  reading->commit();
  const auto done = pgdatahub(revert, {{"ETL_LOCK_WAIT_SECONDS", "2"}});
  EXPECT_EQ(done.exit_code, 0) << done.out << done.err;
  EXPECT_EQ(column_type("sales", "amount"), "integer");
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "10");
}

}  // namespace
}  // namespace pgdatahub
