// Files that change under the loader, end to end through the real binary:
// after discovery a file is swapped for a link to outside DATA_DIR or for a
// FIFO, or is truncated while it is being read. Each time that file alone
// fails with a one-line reason recorded in etl_imports, nothing of what it
// became is loaded, the process neither hangs nor dies, and the run goes on.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void write_csv(const fs::path& file, int first, int rows = 2) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << "id,name\n";
  for (int i = 0; i < rows; ++i) out << first + i << ",row " << first + i << "\n";
}

// Waits for a spawned run, at most `limit`; a run still going then is
// killed, so that a hang fails the test instead of the suite.
int wait_at_most(int pid, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  int status = 0;
  while (Clock::now() < deadline) {
    const int got = ::waitpid(pid, &status, WNOHANG);
    if (got == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -2;  // hung
}

class ChangingFilesTest : public test::DatabaseFixture {
 protected:
  std::string output() const { return (m_dir.path() / "etl.out").string(); }

  bool wait_until(const std::string& sql, std::chrono::seconds limit) {
    return test::eventually(
        [&] {
          try {
            return scalar(sql) == "t";
          } catch (const Error&) {  // the ledger is not there yet
            return false;
          }
        },
        limit);
  }

  // etl with one job and a 3-second pause after every file, in the
  // background: a test changes the files after the first while it pauses.
  int start_pausing_run() {
    return test::spawn_pgdatahub(
        {"etl", data().string()},
        env({{"ETL_PAUSE_EVERY", "1"}, {"ETL_PAUSE_SECONDS", "3"}, {"ETL_JOBS", "1"}}),
        m_dir.path().string(), output());
  }

  bool first_file_loaded() {
    return wait_until(
        "SELECT EXISTS (SELECT 1 FROM etl_imports WHERE source_file = 'sales/a.csv' AND status = "
        "'loaded')",
        std::chrono::seconds(60));
  }

  std::string failure_of(const std::string& source_file) {
    return scalar(
        "SELECT coalesce(string_agg(status || ': ' || coalesce(error_message, ''), '; '), "
        "'(none)') FROM etl_imports WHERE source_file = '" +
        source_file + "'");
  }

  std::string read_output() const { return test::read_file(output()); }
};

// The attacks: a link to a file outside DATA_DIR made the run load
// it; a FIFO hung open() for good, and SIGTERM had no effect. The swap lands
// during a periodic pause after the first file, after discovery (one job, so
// that the second file is not already loading beside the first).
TEST_F(ChangingFilesTest, ALinkOrAFifoSwappedInAfterDiscoveryFailsThatFileAlone) {
  write_csv(data() / "sales" / "a.csv", 1);
  write_csv(data() / "sales" / "b.csv", 10);
  write_csv(data() / "sales" / "c.csv", 20);
  write_csv(data() / "sales" / "d.csv", 30);
  // A link to a file inside DATA_DIR loads by its name; pointed elsewhere
  // after discovery, it is not the file that was listed.
  write_csv(data() / "real" / "e.csv", 40);
  fs::create_symlink(data() / "real" / "e.csv", data() / "sales" / "e.csv");
  write_csv(m_dir.path() / "outside" / "secret.csv", 666);

  const int pid = start_pausing_run();
  ASSERT_TRUE(first_file_loaded()) << read_output();
  fs::remove(data() / "sales" / "b.csv");
  fs::create_symlink(m_dir.path() / "outside" / "secret.csv", data() / "sales" / "b.csv");
  fs::remove(data() / "sales" / "c.csv");
  ASSERT_EQ(::mkfifo((data() / "sales" / "c.csv").c_str(), 0600), 0);
  fs::remove(data() / "sales" / "e.csv");
  fs::create_symlink(m_dir.path() / "outside" / "secret.csv", data() / "sales" / "e.csv");

  const int code = wait_at_most(pid, std::chrono::seconds(120));
  const std::string out = read_output();
  ASSERT_NE(code, -2) << "the run hung on the FIFO\n" << out;
  EXPECT_EQ(code, 1) << out;

  EXPECT_EQ(scalar("SELECT count(*) FROM sales WHERE id >= 666"), "0") << out;
  EXPECT_EQ(scalar("SELECT string_agg(source_file, ',' ORDER BY source_file) FROM etl_imports "
                   "WHERE status = 'loaded'"),
            "real/e.csv,sales/a.csv,sales/d.csv");
  EXPECT_NE(failure_of("sales/b.csv").find("failed: the file was replaced by a link"),
            std::string::npos)
      << failure_of("sales/b.csv");
  EXPECT_NE(
      failure_of("sales/c.csv").find("failed: cannot read the file: it is not a regular file"),
      std::string::npos)
      << failure_of("sales/c.csv");
  EXPECT_NE(failure_of("sales/e.csv").find("failed: the file was replaced by another one"),
            std::string::npos)
      << failure_of("sales/e.csv");
  EXPECT_NE(out.find("replaced by a link"), std::string::npos) << out;
}

// A plain file put in the place of the one discovery saw (another inode) is
// not what was listed: it fails, and the next run loads it.
// One job: with two, b.csv loads beside a.csv (files of one table load at
// once), before the pause, and the swap would land too late.
TEST_F(ChangingFilesTest, AnotherFileRenamedOverTheDiscoveredOneFailsUntilTheNextRun) {
  write_csv(data() / "sales" / "a.csv", 1);
  write_csv(data() / "sales" / "b.csv", 10);
  const int pid = start_pausing_run();
  ASSERT_TRUE(first_file_loaded()) << read_output();
  write_csv(m_dir.path() / "b.new", 50);
  fs::rename(m_dir.path() / "b.new", data() / "sales" / "b.csv");
  EXPECT_EQ(wait_at_most(pid, std::chrono::seconds(120)), 1) << read_output();
  EXPECT_NE(failure_of("sales/b.csv").find("replaced by another one"), std::string::npos)
      << failure_of("sales/b.csv");

  const auto again = test::run_pgdatahub({"etl", data().string()}, env(), m_dir.path().string());
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM sales WHERE id >= 50"), "2");
}

// The fault: truncating a file while it was mapped killed the run
// with SIGBUS (exit 135, nothing recorded, the pause file left `running`).
// Made deterministic: this test holds the table's lock, so the loader waits
// with its reader a few chunks into the file; the file is truncated then,
// and the lock released.
TEST_F(ChangingFilesTest, AFileTruncatedWhileReadFailsAloneAndTheRunGoesOn) {
  const fs::path big = data() / "sales" / "big.csv";
  write_csv(big, 1, 400'000);
  write_csv(data() / "zz" / "after.csv", 1);
  ASSERT_GT(fs::file_size(big), 4u << 20);

  auto holder = database::Connection::open(m_database.conninfo());
  std::optional<database::Transaction> hold(std::in_place, holder);
  ledger::lock_table(holder, "sales");
  const int pid = test::spawn_pgdatahub({"etl", data().string()}, env({{"ETL_CHUNK_SIZE", "100"}}),
                                        m_dir.path().string(), output());
  const bool waiting = wait_until(
      "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)",
      std::chrono::seconds(60));
  ASSERT_EQ(::truncate(big.c_str(), 1 << 20), 0);
  hold->commit();
  ASSERT_TRUE(waiting) << read_output();

  const int code = wait_at_most(pid, std::chrono::seconds(120));
  const std::string out = read_output();
  ASSERT_NE(code, 128 + SIGBUS) << "killed by SIGBUS\n" << out;
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(failure_of("sales/big.csv").find("failed: the file changed on disk while being read"),
            std::string::npos)
      << failure_of("sales/big.csv") << "\n"
      << out;
  EXPECT_EQ(scalar("SELECT to_regclass('sales') IS NULL"), "t");  // nothing of it stayed
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE source_file = 'zz/after.csv' AND "
                   "status = 'loaded'"),
            "1")
      << out;
  EXPECT_NE(out.find("changed on disk while being read"), std::string::npos) << out;
}

}  // namespace
}  // namespace pgdatahub
