// The run's state beside the run, not in the current folder, end to end
// through the real binary: the pause file and etl.log go to a state folder
// per data root and database under XDG_STATE_HOME, `status` and `resume` find
// the pending run from any folder, several pending runs are listed, a second
// run of the same root and database is refused while the first holds the
// state, a log that cannot be written is said, and a pause file an older
// version left in the current folder is still resumed.
#include "support/queries.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void write_csv(const fs::path& file, int first) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << "id,name\n" << first << ",a\n" << first + 1 << ",b\n";
}

class RunStateTest : public ::testing::Test {
 protected:
  test::ScratchDatabase m_database;
  test::TempDir m_dir;
  database::Connection m_conn = database::Connection::open(m_database.conninfo());

  fs::path state_home() const { return m_dir.path() / "state"; }
  fs::path elsewhere() const {
    fs::create_directories(m_dir.path() / "elsewhere");
    return m_dir.path() / "elsewhere";
  }

  std::map<std::string, std::string> env(std::map<std::string, std::string> extra = {}) const {
    extra.emplace("DATABASE_URL", m_database.conninfo());
    extra.emplace("XDG_STATE_HOME", state_home().string());
    return extra;
  }

  test::ProgramResult run(const std::vector<std::string>& args, const fs::path& cwd,
                          std::map<std::string, std::string> extra = {}) {
    fs::create_directories(cwd);
    return test::run_pgdatahub(args, env(std::move(extra)), cwd.string());
  }

  // The state folders made so far.
  std::vector<fs::path> state_folders() const {
    std::vector<fs::path> out;
    std::error_code error;
    for (fs::directory_iterator it(state_home() / "pgdatahub", error), end; !error && it != end;
         it.increment(error)) {
      out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Stops a run of `data` with SIGTERM during its first periodic pause.
  void stop_a_run(const fs::path& data, const fs::path& cwd) {
    fs::create_directories(cwd);
    const auto output = (m_dir.path() / "stopped.out").string();
    // One job: the counts the tests expect are those of a pause after one
    // file, and with more, files of one table load at once.
    const int pid = test::spawn_pgdatahub(
        {"etl", data.string()},
        env({{"ETL_PAUSE_EVERY", "1"}, {"ETL_PAUSE_SECONDS", "60"}, {"ETL_JOBS", "1"}}),
        cwd.string(), output);
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    bool paused = false;
    while (!paused && Clock::now() < deadline) {
      for (const auto& folder : state_folders()) {
        const auto text = test::read_file(folder / ".etl_pause.json");
        paused = paused || text.find("\"paused\"") != std::string::npos;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid, SIGTERM);
    EXPECT_EQ(test::wait_for(pid), 3) << test::read_file(output);
  }
};

TEST_F(RunStateTest, StateGoesToAFolderPerRootAndStatusAndResumeFindItFromAnyFolder) {
  const fs::path data = m_dir.path() / "sales_root";
  write_csv(data / "a" / "1.csv", 1);
  write_csv(data / "a" / "2.csv", 10);
  const fs::path start = m_dir.path() / "start";
  stop_a_run(data, start);

  EXPECT_FALSE(fs::exists(start / ".etl_pause.json"));
  EXPECT_FALSE(fs::exists(start / "etl.log"));
  const auto folders = state_folders();
  ASSERT_EQ(folders.size(), 1u);
  EXPECT_EQ(folders[0].filename().string().rfind("sales_root-", 0), 0u) << folders[0];
  EXPECT_TRUE(fs::exists(folders[0] / ".etl_pause.json"));
  EXPECT_GT(test::read_file(folders[0] / "etl.log").size(), 0u);
  struct stat info {};
  ASSERT_EQ(::stat(folders[0].c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);

  const auto status = run({"status"}, elsewhere());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("pending run in " + (folders[0] / ".etl_pause.json").string()),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("continue with: pgdatahub resume " + fs::canonical(data).string()),
            std::string::npos)
      << status.out;

  const auto resume = run({"resume"}, elsewhere());
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM a"), "4");
  EXPECT_FALSE(fs::exists(folders[0] / ".etl_pause.json"));
}

TEST_F(RunStateTest, SeveralPendingRunsAreListedAndResumeTakesTheOneNamed) {
  const fs::path first = m_dir.path() / "one";
  const fs::path second = m_dir.path() / "two";
  write_csv(first / "t1" / "1.csv", 1);
  write_csv(first / "t1" / "2.csv", 10);
  write_csv(second / "t2" / "1.csv", 1);
  write_csv(second / "t2" / "2.csv", 10);
  stop_a_run(first, m_dir.path() / "a");
  stop_a_run(second, m_dir.path() / "b");
  ASSERT_EQ(state_folders().size(), 2u);

  const auto ambiguous = run({"resume"}, elsewhere());
  EXPECT_EQ(ambiguous.exit_code, 2) << ambiguous.out << ambiguous.err;
  EXPECT_NE(ambiguous.err.find("2 paused runs are pending"), std::string::npos) << ambiguous.err;
  EXPECT_NE(ambiguous.err.find(fs::canonical(first).string()), std::string::npos) << ambiguous.err;
  EXPECT_NE(ambiguous.err.find(fs::canonical(second).string()), std::string::npos) << ambiguous.err;

  EXPECT_EQ(ambiguous.err.find("\\n"), std::string::npos) << ambiguous.err;  // one line
  const auto status = run({"status"}, elsewhere());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("2 paused runs are pending"), std::string::npos) << status.out;

  const auto resume = run({"resume", second.string()}, elsewhere());
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM t2"), "4");
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM t1"), "2");
  // The other one is now the only one.
  const auto rest = run({"resume"}, elsewhere());
  EXPECT_EQ(rest.exit_code, 0) << rest.out << rest.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM t1"), "4");
}

// Two runs in one folder shared one pause file and replaced each other's
// state. Now the second run of the same root and database is refused while
// the first holds the state; another root goes side by side.
TEST_F(RunStateTest, ASecondRunOfTheSameRootAndDatabaseIsRefusedWhileTheFirstRuns) {
  const fs::path data = m_dir.path() / "shared";
  write_csv(data / "s" / "1.csv", 1);
  write_csv(data / "s" / "2.csv", 10);
  const auto output = (m_dir.path() / "first.out").string();
  const int pid = test::spawn_pgdatahub(
      {"etl", data.string()}, env({{"ETL_PAUSE_EVERY", "1"}, {"ETL_PAUSE_SECONDS", "60"}}),
      m_dir.path().string(), output);
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (state_folders().empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const auto second = run({"etl", data.string()}, elsewhere());
  EXPECT_EQ(second.exit_code, 2) << second.out << second.err;
  EXPECT_NE(second.err.find("another pgdatahub run of " + fs::canonical(data).string()),
            std::string::npos)
      << second.err;

  const fs::path other = m_dir.path() / "other";
  write_csv(other / "o" / "1.csv", 100);
  const auto beside = run({"etl", other.string()}, elsewhere());
  EXPECT_EQ(beside.exit_code, 0) << beside.out << beside.err;

  ::kill(pid, SIGTERM);
  EXPECT_EQ(test::wait_for(pid), 3) << test::read_file(output);
  const auto resume = run({"resume", data.string()}, elsewhere());
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM s"), "4");
}

TEST_F(RunStateTest, ALogThatCannotBeWrittenIsAWarningNamingWhere) {
  const fs::path data = m_dir.path() / "logs";
  write_csv(data / "l" / "1.csv", 1);
  const fs::path log = m_dir.path() / "no-such-folder" / "etl.log";
  const auto etl = run({"etl", data.string()}, elsewhere(), {{"ETL_LOG_FILE", log.string()}});
  EXPECT_EQ(etl.exit_code, 0) << etl.out << etl.err;
  EXPECT_NE((etl.out + etl.err).find("warning: cannot write the log " + log.string()),
            std::string::npos)
      << etl.out << etl.err;
}

// What an older version left: .etl_pause.json in the folder the user ran in.
TEST_F(RunStateTest, APauseFileAnOlderVersionLeftInTheCurrentFolderIsStillResumed) {
  // It lay beside the data, where `pgdatahub etl data` was typed.
  const fs::path here = m_dir.path() / "here";
  const fs::path data = here / "data";
  write_csv(data / "o" / "1.csv", 1);
  write_csv(data / "o" / "2.csv", 10);
  const auto stop_env = env({{"ETL_PAUSE_FILE", (here / ".etl_pause.json").string()}});
  const auto output = (m_dir.path() / "old.out").string();
  auto paused_env = stop_env;
  paused_env["ETL_PAUSE_EVERY"] = "1";
  paused_env["ETL_PAUSE_SECONDS"] = "60";
  const int pid = test::spawn_pgdatahub({"etl", data.string()}, paused_env, here.string(), output);
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (test::read_file(here / ".etl_pause.json").find("\"paused\"") == std::string::npos &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGTERM);
  ASSERT_EQ(test::wait_for(pid), 3) << test::read_file(output);

  const auto resume = run({"resume"}, here);
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_NE(resume.err.find("resuming the run saved in " + (here / ".etl_pause.json").string() +
                            " by an older version"),
            std::string::npos)
      << resume.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM o"), "4");
  EXPECT_FALSE(fs::exists(here / ".etl_pause.json"));
}

}  // namespace
}  // namespace pgdatahub
