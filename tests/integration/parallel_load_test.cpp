// Parallel loads, end to end through the real binary: --jobs 2 loads a tree
// with drift into what --jobs 1 loads, workers of several processes share
// one run through the ledger's queue and finish the file of one killed with
// kill -9 (files of several tables, and of one), and a stop during a pause
// of N workers is resumed to the end.
#include "support/queries.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/sample_books.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_pgdatahub;

// The schema audit in the order each table's changes were made.
std::string audit(database::Connection& conn) {
  return test::scalar(
      conn,
      "SELECT string_agg(concat_ws(' ', table_name, change_type, column_name, old_type, "
      "new_type, source_file), E'\\n' ORDER BY table_name, id) FROM etl_schema_changes");
}

// Every loaded table's columns and their types.
std::string table_shapes(database::Connection& conn) {
  return test::scalar(
      conn,
      "SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ', ' "
      "ORDER BY table_name, column_name) FROM information_schema.columns WHERE "
      "table_schema = 'public' AND table_name IN (SELECT table_name FROM etl_imports)");
}

class ParallelLoadTest : public ::testing::Test {
 protected:
  test::TempDir m_dir;
  fs::path data() const { return m_dir.path() / "data"; }

  // Twelve files in `tables` folders, loaded by three processes; one is
  // killed with kill -9 inside a file's COPY.
  void kill_one_worker_mid_file(int tables);

  // Three folders of four files; each folder widens a column and adds one.
  void write_drifting_tree(int rows) {
    for (int f = 0; f < 3; ++f) {
      for (int i = 0; i < 4; ++i) {
        const int n = f * 4 + i;
        test::write_items_book(
            data() / ("t" + std::to_string(f)) / ("p" + std::to_string(i) + ".xlsx"),
            {.rows = rows + n,
             .first_id = n * 100000,
             .drift = i == 1   ? test::ItemsDrift::text_amount
                      : i == 3 ? test::ItemsDrift::note_column
                               : test::ItemsDrift::none});
      }
    }
  }
};

TEST_F(ParallelLoadTest, TwoJobsLoadADriftingTreeLikeOne) {
  write_drifting_tree(300);
  test::ScratchDatabase one_db, two_db;
  const auto one = run_pgdatahub({"etl", data().string(), "--jobs", "1", "--json"},
                                 {{"DATABASE_URL", one_db.conninfo()}}, m_dir.path().string());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = run_pgdatahub({"etl", data().string(), "--jobs", "2", "--json"},
                                 {{"DATABASE_URL", two_db.conninfo()}}, m_dir.path().string());
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(json::parse(two.out)["loaded"], 12);

  auto one_conn = database::Connection::open(one_db.conninfo());
  auto two_conn = database::Connection::open(two_db.conninfo());
  const auto expected = test::table_contents(one_conn);
  EXPECT_NE(expected.find("item 1100010"), std::string::npos);
  EXPECT_EQ(test::table_contents(two_conn), expected);
  const auto expected_audit = audit(one_conn);
  EXPECT_NE(expected_audit.find("t1 alter_type amount"), std::string::npos) << expected_audit;
  EXPECT_NE(expected_audit.find("t2 add_column note"), std::string::npos) << expected_audit;
  // Files of one table load at once with two jobs, so which file makes a
  // change (the table may be created with the widened type) depends on
  // timing; the shape they lead to does not, and every change is audited
  // once, by a file that is loaded.
  EXPECT_EQ(table_shapes(two_conn), table_shapes(one_conn));
  EXPECT_EQ(
      test::scalar(two_conn,
                   "SELECT count(*) FILTER (WHERE change_type = 'create_table') || ' ' || "
                   "count(DISTINCT (table_name, change_type, column_name)) || ' ' || count(*) "
                   "FROM etl_schema_changes s WHERE EXISTS (SELECT 1 FROM etl_imports i WHERE "
                   "i.id = s.etl_import_id AND i.status = 'loaded')"),
      test::scalar(two_conn,
                   "SELECT '3 ' || count(DISTINCT (table_name, change_type, column_name)) || ' ' "
                   "|| count(*) FROM etl_schema_changes"));
  EXPECT_EQ(test::scalar(two_conn,
                         "SELECT count(*) FROM etl_schema_changes WHERE change_type = "
                         "'add_column' AND column_name = 'note'"),
            "3");

  // Both runs are in the ledger, finished, every file loaded by a worker.
  for (auto* conn : {&one_conn, &two_conn}) {
    EXPECT_EQ(test::scalar(*conn, "SELECT string_agg(state || ' ' || jobs, ',') FROM etl_runs"),
              conn == &one_conn ? "finished 1" : "finished 2");
    EXPECT_EQ(
        test::scalar(*conn,
                     "SELECT count(*) FROM etl_run_files WHERE state = 'loaded' AND worker LIKE "
                     "'%:%/%' AND etl_import_id IS NOT NULL"),
        "12");
  }
  EXPECT_EQ(test::scalar(two_conn, "SELECT count(DISTINCT worker) FROM etl_run_files"), "2");
}

// Several processes on one run; one is killed with kill -9 while it holds a
// file. The others take its file over and finish the run: every file's rows
// are in its table exactly once.
TEST_F(ParallelLoadTest, WorkersOfSeveralProcessesFinishTheFileOfOneKilled) {
  kill_one_worker_mid_file(3);
}

// The same with every file in one table: the workers copy into it at once
// when the victim dies inside its COPY.
TEST_F(ParallelLoadTest, WorkersLoadingOneTableFinishTheFileOfOneKilled) {
  kill_one_worker_mid_file(1);
}

void ParallelLoadTest::kill_one_worker_mid_file(int tables) {
  constexpr int files = 12;
  constexpr int rows = 20000;
  std::map<std::string, int> expected_rows;
  for (int n = 0; n < files; ++n) {
    const std::string name = "t" + std::to_string(n % tables) + "/p" + std::to_string(n) + ".xlsx";
    test::write_items_book(data() / name, {.rows = rows + n, .first_id = n * 100000});
    expected_rows[name] = rows + n;
  }
  test::ScratchDatabase db;
  auto conn = database::Connection::open(db.conninfo());
  const std::map<std::string, std::string> env{{"DATABASE_URL", db.conninfo()},
                                               {"ETL_CHUNK_SIZE", "200"}};
  const auto out = [&](const std::string& name) { return (m_dir.path() / name).string(); };
  const int starter = test::spawn_pgdatahub({"etl", data().string(), "--jobs", "1"}, env,
                                            m_dir.path().string(), out("starter.out"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto ledger_has = [&](const std::string& sql) {
    try {
      return test::scalar(conn, sql) == "t";
    } catch (const std::exception&) {
      return false;  // the ledger is not there yet
    }
  };
  while (!ledger_has("SELECT count(*) > 0 FROM etl_runs WHERE state = 'running'")) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the run never started";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const int victim = test::spawn_pgdatahub({"etl", data().string(), "--worker", "--jobs", "1"}, env,
                                           m_dir.path().string(), out("victim.out"));
  const int helper = test::spawn_pgdatahub({"etl", data().string(), "--worker", "--jobs", "1"}, env,
                                           m_dir.path().string(), out("helper.out"));
  // status shows the run and the files its workers hold.
  const auto status = run_pgdatahub({"status", "--json"}, env, m_dir.path().string());
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto runs = json::parse(status.out)["runs"];
  ASSERT_EQ(runs.size(), 1u) << status.out;
  EXPECT_EQ(runs[0]["files"], files);
  for (const auto& worker : runs[0]["workers"]) {
    EXPECT_NE(worker["worker"].get<std::string>().find(':'), std::string::npos);
    EXPECT_EQ(worker["file"].get<std::string>().substr(0, 1), "t");
  }
  // Killed mid-file: while the session holding its claim's lock is in the
  // middle of the file's COPY (its transaction open, rows sent).
  const std::string victim_claims =
      "SELECT count(*) > 0 FROM etl_run_files f JOIN pg_locks l ON l.locktype = 'advisory' AND "
      "l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = "
      "hashtextextended('pgdatahub run file ' || f.id, 0) JOIN pg_stat_activity a ON a.pid = "
      "l.pid WHERE f.state = 'claimed' AND a.state = 'active' AND a.query LIKE 'COPY %' AND "
      "f.worker LIKE '%:" +
      std::to_string(victim) + "/%'";
  while (!ledger_has(victim_claims)) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the victim never claimed a file";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(victim, SIGKILL);
  EXPECT_EQ(test::wait_for(victim), 128 + SIGKILL);
  EXPECT_EQ(test::wait_for(starter), 0);
  EXPECT_EQ(test::wait_for(helper), 0);

  EXPECT_EQ(test::scalar(conn, "SELECT string_agg(state, ',') FROM etl_runs"), "finished");
  // The killed worker's file was taken over by another.
  EXPECT_EQ(test::scalar(conn, "SELECT count(*) FROM etl_run_files WHERE claims > 1"), "1");
  EXPECT_EQ(test::scalar(conn,
                         "SELECT count(*) FROM etl_run_files WHERE state NOT IN ('loaded', "
                         "'duplicate')"),
            "0");
  EXPECT_EQ(test::scalar(conn, "SELECT count(*) FROM etl_imports WHERE status = 'loaded'"),
            std::to_string(files));
  for (const auto& [name, count] : expected_rows) {
    const std::string table = name.substr(0, 2);
    std::string query = "SELECT count(*) || ' ' || count(DISTINCT id) FROM ";
    query += table;
    query += " WHERE source_file = '";
    query += name;
    query += "'";
    EXPECT_EQ(test::scalar(conn, query), std::to_string(count) + " " + std::to_string(count))
        << name;
  }
  // Work was shared: the starter and the helper both loaded files.
  EXPECT_EQ(test::scalar(conn,
                         "SELECT count(DISTINCT split_part(worker, '/', 1)) >= 2 FROM "
                         "etl_run_files WHERE state = 'loaded'"),
            "t");
}

// A stop during a periodic pause of two workers: exit 3, a pause file, a
// stopped run in the ledger; resume finishes it, and the run records the
// pause, the stop and the resume.
TEST_F(ParallelLoadTest, AStopDuringAPauseOfTwoWorkersIsResumedToTheEnd) {
  write_drifting_tree(200);
  test::ScratchDatabase db;
  auto conn = database::Connection::open(db.conninfo());
  // Named, the pause file is where the test looks (the state folder is
  // tested in run_state_test).
  const auto pause_file = m_dir.path() / ".etl_pause.json";
  const std::map<std::string, std::string> env{{"DATABASE_URL", db.conninfo()},
                                               {"ETL_PAUSE_EVERY", "3"},
                                               {"ETL_PAUSE_SECONDS", "60"},
                                               {"ETL_PAUSE_FILE", pause_file.string()}};
  const int pid = test::spawn_pgdatahub({"etl", data().string(), "--jobs", "2"}, env,
                                        m_dir.path().string(), (m_dir.path() / "etl.out").string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no pause";
    if (fs::exists(pause_file)) {
      std::ifstream in(pause_file);
      if (json::parse(in)["state"] == "paused") break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGTERM);
  EXPECT_EQ(test::wait_for(pid), 3);
  EXPECT_EQ(test::scalar(conn, "SELECT state || ' ' || paused || ' ' || stopped FROM etl_runs"),
            "stopped 1 1");
  EXPECT_EQ(test::scalar(conn, "SELECT count(*) FROM etl_run_files WHERE state = 'claimed'"), "0");
  const auto status = run_pgdatahub({"status"}, env, m_dir.path().string());
  EXPECT_NE(status.out.find("run 1 of " + fs::canonical(data()).string() + ": stopped since"),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("continue with: pgdatahub resume"), std::string::npos);
  // The report lists it as pending, with how to go on.
  const auto page = m_dir.path() / "report.html";
  ASSERT_EQ(run_pgdatahub({"report", "-o", page.string()}, env, m_dir.path().string()).exit_code,
            0);
  const std::string html = test::read_file(page);
  EXPECT_NE(html.find("<li>Run 1 of"), std::string::npos);
  EXPECT_NE(html.find("Continue it with <code>pgdatahub resume</code>."), std::string::npos);

  const auto resumed =
      run_pgdatahub({"resume", "--pause-every", "0", "--json"}, env, m_dir.path().string());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_FALSE(fs::exists(pause_file));
  EXPECT_EQ(test::scalar(conn, "SELECT state || ' ' || stopped || ' ' || resumed FROM etl_runs"),
            "finished 1 1");
  EXPECT_EQ(test::scalar(conn, "SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "12");

  test::ScratchDatabase straight_db;
  const auto straight =
      run_pgdatahub({"etl", data().string(), "--jobs", "1"},
                    {{"DATABASE_URL", straight_db.conninfo()}}, m_dir.path().string());
  ASSERT_EQ(straight.exit_code, 0) << straight.err;
  auto straight_conn = database::Connection::open(straight_db.conninfo());
  EXPECT_EQ(test::table_contents(conn), test::table_contents(straight_conn));
  EXPECT_EQ(audit(conn), audit(straight_conn));
}

// Workers beyond the files to load would only hold connections: a run of
// two files asked for four workers starts two, and the ledger says so.
TEST_F(ParallelLoadTest, ARunStartsNoMoreWorkersThanItHasFiles) {
  test::write_items_book(data() / "a" / "1.xlsx", {.rows = 3, .first_id = 1});
  test::write_items_book(data() / "b" / "1.xlsx", {.rows = 3, .first_id = 10});
  test::ScratchDatabase db;
  const auto run = run_pgdatahub({"etl", data().string(), "--jobs", "4", "--json"},
                                 {{"DATABASE_URL", db.conninfo()}}, m_dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out)["loaded"], 2);
  auto conn = database::Connection::open(db.conninfo());
  EXPECT_EQ(test::scalar(conn, "SELECT string_agg(state || ' ' || jobs, ',') FROM etl_runs"),
            "finished 2");
}

TEST_F(ParallelLoadTest, AWorkerWithNoRunToJoinSaysHowToStartOne) {
  test::write_items_book(data() / "a" / "1.xlsx", {.rows = 3, .first_id = 1});
  test::ScratchDatabase db;
  const auto joined = run_pgdatahub({"etl", data().string(), "--worker"},
                                    {{"DATABASE_URL", db.conninfo()}}, m_dir.path().string());
  EXPECT_EQ(joined.exit_code, 2);
  EXPECT_NE(joined.err.find("start one with `pgdatahub etl`"), std::string::npos) << joined.err;
}

}  // namespace
}  // namespace pgdatahub
