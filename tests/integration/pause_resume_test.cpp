// Pause and resume, end to end: a periodic pause checkpoints, SIGTERM stops
// with exit 3 and a pause file, `resume` finishes the run exactly as an
// uninterrupted run would, a failed section stops the run, a pause file that
// belongs elsewhere is refused, and kill -9 at random moments loses nothing.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/sample_books.hpp"
#include "support/test_seed.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_pgdatahub;

class PauseResumeTest : public test::DatabaseFixture {
 protected:
  fs::path pause_file() const { return m_dir.path() / ".etl_pause.json"; }

  // These tests plant, read and remove the pause file: named, it is where
  // they look (the state folder is tested in run_state_test).
  PauseResumeTest() { m_suite_env.emplace("ETL_PAUSE_FILE", pause_file().string()); }

  json pause_json() const {
    std::ifstream in(pause_file());
    return json::parse(in);
  }

  // Waits until the pause file says `state`; false after `limit`.
  bool wait_for_state(const std::string& state, std::chrono::seconds limit) const {
    return test::eventually(
        [&] {
          if (!fs::exists(pause_file())) return false;
          try {
            return pause_json()["state"] == state;
          } catch (const json::exception&) {
            // Never happens with an atomic rename; the assertion below would show it.
            ADD_FAILURE() << "a half-written pause file";
            return false;
          }
        },
        limit);
  }
};

TEST_F(PauseResumeTest, SigtermDuringAPeriodicPauseSavesTheRunAndResumeFinishesItIdentically) {
  for (int folder = 0; folder < 2; ++folder) {
    for (int file = 0; file < 3; ++file) {
      const int n = folder * 3 + file;
      test::write_items_book(
          data() / ("f" + std::to_string(folder)) / ("b" + std::to_string(file) + ".xlsx"),
          {.rows = 40 + n, .first_id = n * 1000, .amount_step = 0.25});
    }
  }
  const auto log = (m_dir.path() / "etl.out").string();
  const int pid = test::spawn_pgdatahub(
      // One worker: the counts below are exact only when no other worker
      // finishes its file during the pause (parallel_load_test pauses N).
      {"etl", data().string()},
      env({{"ETL_PAUSE_EVERY", "2"}, {"ETL_PAUSE_SECONDS", "60"}, {"ETL_JOBS", "1"}}),
      m_dir.path().string(), log);
  ASSERT_TRUE(wait_for_state("paused", std::chrono::seconds(60)));
  auto paused = pause_json();
  EXPECT_EQ(paused["done"].size(), 2u);
  EXPECT_EQ(paused["remaining"].size(), 4u);
  EXPECT_EQ(paused["options"]["pause_every"], 2);

  kill(pid, SIGTERM);
  EXPECT_EQ(test::wait_for(pid), 3);
  auto stopped = pause_json();
  EXPECT_EQ(stopped["state"], "stopped");
  EXPECT_EQ(stopped["stop_reason"], "stopped on request");
  EXPECT_EQ(stopped["data_dir"], fs::canonical(data()).string());
  EXPECT_EQ(stopped["tool_version"], PGDATAHUB_VERSION);
  EXPECT_EQ(stopped["remaining"].size(), 4u);
  EXPECT_EQ(stopped["remaining"][0], "f0/b2.xlsx");
  EXPECT_EQ(stopped["database"].get<std::string>().find("password"), std::string::npos);
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "2");

  const auto status = pgdatahub({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("stopped on request"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("remaining: 4 (next: f0/b2.xlsx)"), std::string::npos) << status.out;
  const auto status_json = json::parse(pgdatahub({"status", "--json"}).out);
  EXPECT_EQ(status_json["pending_pause"]["state"], "stopped");
  EXPECT_EQ(status_json["pending_pause"]["remaining"], 4);

  const auto resumed = pgdatahub({"resume", "--pause-every", "0", "--json"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_EQ(json::parse(resumed.out)["loaded"], 4);
  EXPECT_FALSE(fs::exists(pause_file()));
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "6");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports"), "6");  // no retried or failed attempts

  // The same tree loaded without a stop gives the same tables.
  test::ScratchDatabase other;
  const auto straight = run_pgdatahub({"etl", data().string()},
                                      {{"DATABASE_URL", other.conninfo()}}, m_dir.path().string());
  ASSERT_EQ(straight.exit_code, 0) << straight.err;
  auto other_conn = database::Connection::open(other.conninfo());
  const auto expected = test::table_contents(other_conn);
  EXPECT_EQ(test::table_contents(m_conn), expected);
  EXPECT_NE(expected.find("item 5000"), std::string::npos);
}

TEST_F(PauseResumeTest, ASectionalFailureRollsTheFolderBackStopsAndIsRetriedFirst) {
  test::write_items_book(data() / "a" / "1.xlsx",
                         {.rows = 5, .first_id = 100, .amount_step = 0.25});
  fs::create_directories(data() / "a");
  std::ofstream(data() / "a" / "2.xlsx") << "not a workbook";
  test::write_items_book(data() / "a" / "3.xlsx",
                         {.rows = 5, .first_id = 300, .amount_step = 0.25});
  test::write_items_book(data() / "b" / "1.xlsx",
                         {.rows = 5, .first_id = 400, .amount_step = 0.25});

  const auto first = pgdatahub({"etl", data().string()}, {{"ETL_SECTIONAL_COMMIT", "1"}});
  EXPECT_EQ(first.exit_code, 3) << first.out << first.err;
  EXPECT_NE(first.out.find("continue with `pgdatahub resume`"), std::string::npos) << first.out;
  EXPECT_EQ(scalar("SELECT to_regclass('a') IS NULL"), "t");  // even the CREATE TABLE rolled back
  EXPECT_EQ(scalar("SELECT to_regclass('b') IS NULL"), "t");  // the run stopped before b
  auto state = pause_json();
  EXPECT_EQ(state["state"], "section_failed");
  EXPECT_EQ(state["failed_section"]["folder"], "a");
  EXPECT_EQ(state["failed_section"]["file"], "a/2.xlsx");
  EXPECT_FALSE(state["failed_section"]["error"].get<std::string>().empty());
  EXPECT_EQ(state["failed"][0]["source_file"], "a/2.xlsx");
  EXPECT_EQ(state["remaining"], json({"a/1.xlsx", "a/3.xlsx", "b/1.xlsx"}));
  EXPECT_EQ(state["options"]["sectional_commit"], true);
  const auto status = pgdatahub({"status"});
  EXPECT_NE(status.out.find("folder 'a' rolled back: a/2.xlsx failed"), std::string::npos)
      << status.out;

  // Still broken: the resumed run (sectional, from the pause file) stops again.
  const auto again = pgdatahub({"resume"});
  EXPECT_EQ(again.exit_code, 3) << again.out << again.err;
  EXPECT_EQ(pause_json()["failed_section"]["file"], "a/2.xlsx");

  test::write_items_book(data() / "a" / "2.xlsx",
                         {.rows = 5, .first_id = 200, .amount_step = 0.25});
  const auto fixed = pgdatahub({"resume", "--json"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  const auto summary = json::parse(fixed.out);
  EXPECT_EQ(summary["files"][0]["file"], "a/2.xlsx");  // the failed file first
  EXPECT_EQ(summary["loaded"], 4);
  EXPECT_FALSE(fs::exists(pause_file()));
  EXPECT_EQ(scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM a"),
            "100,101,102,103,104,200,201,202,203,204,300,301,302,303,304");
  EXPECT_EQ(scalar("SELECT count(*) FROM b"), "5");
}

TEST_F(PauseResumeTest, ResumeRefusesWhatItCannotContinue) {
  const auto none = pgdatahub({"resume"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no paused run to resume"), std::string::npos) << none.err;

  test::write_items_book(data() / "a" / "1.xlsx", {.rows = 3, .first_id = 1, .amount_step = 0.25});
  std::ofstream(data() / "a" / "2.xlsx") << "broken";
  ASSERT_EQ(pgdatahub({"etl", data().string(), "--sectional-commit"}).exit_code, 3);
  ASSERT_TRUE(fs::exists(pause_file()));

  fs::create_directories(m_dir.path() / "elsewhere");
  const auto other_dir = pgdatahub({"resume", (m_dir.path() / "elsewhere").string()});
  EXPECT_EQ(other_dir.exit_code, 2);
  EXPECT_NE(other_dir.err.find("the paused run loads " + fs::canonical(data()).string()),
            std::string::npos)
      << other_dir.err;
  const auto env_dir = pgdatahub({"resume"}, {{"DATA_DIR", (m_dir.path() / "elsewhere").string()}});
  EXPECT_EQ(env_dir.exit_code, 2) << env_dir.err;

  test::ScratchDatabase other;
  const auto other_db =
      run_pgdatahub({"resume"}, {{"DATABASE_URL", other.conninfo()}}, m_dir.path().string());
  EXPECT_EQ(other_db.exit_code, 2);
  EXPECT_NE(other_db.err.find("but this resume would connect to"), std::string::npos)
      << other_db.err;

  auto state = pause_json();
  state["tool_version"] = "0.0.1";
  std::ofstream(pause_file(), std::ios::trunc) << state.dump();
  const auto old = pgdatahub({"resume"});
  EXPECT_EQ(old.exit_code, 2);
  EXPECT_NE(old.err.find("was written by pgdatahub 0.0.1"), std::string::npos) << old.err;

  std::ofstream(pause_file(), std::ios::trunc) << "{\"format\": 1,";
  const auto garbled = pgdatahub({"resume"});
  EXPECT_EQ(garbled.exit_code, 2);
  EXPECT_NE(garbled.err.find("is not a valid pause file"), std::string::npos) << garbled.err;
  EXPECT_NE(pgdatahub({"status"}).out.find("cannot be resumed"), std::string::npos);
}

// The crash test of the issue: kill -9 at random moments of a load of many
// files, continue each time, and every file's rows end up in its table
// exactly once. A load takes about a second here, so the test loads the tree
// several times over (a round each, from an empty database) until it has
// killed the loader at least `kills_wanted` times in the middle of a load.
TEST_F(PauseResumeTest, KillNineAtRandomMomentsLosesNothingAndLoadsEveryFileOnce) {
  constexpr int folders = 3;
  constexpr int files_per_folder = 10;
  constexpr int rows_per_file = 6000;
  constexpr int kills_wanted = 20;
  constexpr int max_attempts = 400;
  std::map<std::string, std::string> expected_ids;  // per table, sorted, comma separated
  std::map<std::string, int> expected_rows;         // per source_file
  for (int f = 0; f < folders; ++f) {
    const std::string table = "f" + std::to_string(f);
    for (int i = 0; i < files_per_folder; ++i) {
      const int n = f * files_per_folder + i;
      const std::string name = table + "/part" + std::to_string(i) + ".xlsx";
      const int rows = rows_per_file + n * 37;  // no two files alike
      test::write_items_book(data() / name,
                             {.rows = rows, .first_id = n * 100000, .amount_step = 0.25});
      for (int r = 0; r < rows; ++r) {
        expected_ids[table] +=
            (expected_ids[table].empty() ? "" : ",") + std::to_string(n * 100000 + r);
      }
      expected_rows[name] = rows;
    }
  }

  const auto seed = test::test_seed("kill -9 delays");
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(50, 800);
  const auto load_env = env({{"ETL_CHUNK_SIZE", "500"}});
  auto continue_args = [&] {
    return fs::exists(pause_file()) ? std::vector<std::string>{"resume"}
                                    : std::vector<std::string>{"etl", data().string()};
  };
  auto verify = [&](int round) {
    for (const auto& [name, rows] : expected_rows) {
      const std::string table = name.substr(0, name.find('/'));
      auto count = m_conn.exec("SELECT count(*) FROM " + table + " WHERE source_file = $1", {name});
      ASSERT_EQ(std::string(count.text(0, 0)), std::to_string(rows))
          << name << " round " << round << " seed " << seed;
    }
    for (const auto& [table, ids] : expected_ids) {
      ASSERT_EQ(scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM " + table), ids)
          << table << " round " << round << " seed " << seed;
      std::string query = "SELECT count(*) FROM etl_imports i WHERE i.table_name = '";
      query += table;
      query += "' AND i.row_count <> (SELECT count(*) FROM ";
      query += table;
      query += " t WHERE t.etl_import_id = i.id)";
      ASSERT_EQ(scalar(query), "0") << table << " round " << round << " seed " << seed;
    }
    ASSERT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"),
              std::to_string(folders * files_per_folder));
    ASSERT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status <> 'loaded'"), "0");
  };

  const auto started = std::chrono::steady_clock::now();
  int kills = 0, attempts = 0, resumes = 0, rounds = 0;
  while (kills < kills_wanted) {
    ++rounds;
    m_conn.exec("SET client_min_messages = warning");
    m_conn.exec("DROP TABLE IF EXISTS f0, f1, f2, etl_schema_changes, etl_imports CASCADE");
    fs::remove(pause_file());
    // Kill, continue, kill again, until a run ends on its own.
    while (true) {
      ASSERT_LT(++attempts, max_attempts) << "seed " << seed;
      const auto args = continue_args();
      resumes += args[0] == "resume" ? 1 : 0;
      const int pid = test::spawn_pgdatahub(args, load_env, m_dir.path().string(),
                                            (m_dir.path() / "run.out").string());
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
      kill(pid, SIGKILL);
      const int code = test::wait_for(pid);
      if (code == 128 + SIGKILL) {
        ++kills;
        continue;
      }
      ASSERT_EQ(code, 0) << "seed " << seed;
      break;
    }
    EXPECT_FALSE(fs::exists(pause_file()));
    // A completed run is complete: nothing more to load.
    const auto again =
        run_pgdatahub({"etl", data().string(), "--json"}, load_env, m_dir.path().string());
    ASSERT_EQ(again.exit_code, 0) << again.err;
    ASSERT_EQ(json::parse(again.out)["loaded"], 0);
    verify(rounds);
    if (HasFatalFailure()) return;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("kill -9 test: %d kills in %d rounds (%d runs, %d of them resume), %.1f s, seed %u\n",
              kills, rounds, attempts, resumes, seconds, seed);
}

}  // namespace
}  // namespace pgdatahub
