// The embedded cluster is set up for bulk loading (wal_level = minimal, new
// tables filled with COPY ... FREEZE, their WAL skipped and the files synced
// at commit): a committed import must still survive kill -9 of the server,
// and an import the kill interrupts must leave nothing behind.
#include "support/cluster_home.hpp"
#include "support/run_program.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace pgdatahub::database {
namespace {

namespace fs = std::filesystem;

void write_sheet(const fs::path& file, int rows) {
  test::XlsxBuilder book(file);
  book.sheet("data").text(0, 0, "id").text(0, 1, "amount").text(0, 2, "label");
  for (int r = 1; r <= rows; ++r) {
    book.number(static_cast<std::uint32_t>(r), 0, r)
        .number(static_cast<std::uint32_t>(r), 1, r * 1.25)
        .text(static_cast<std::uint32_t>(r), 2, "row " + std::to_string(r));
  }
  book.close();
}

// kill -9 of the postmaster and every backend (a crash, not a shutdown).
void crash_server(const fs::path& data) {
  std::ifstream pid_file(data / "postmaster.pid");
  pid_t postmaster = 0;
  ASSERT_TRUE(pid_file >> postmaster) << "no postmaster.pid in " << data;
  const std::string children =
      "/proc/" + std::to_string(postmaster) + "/task/" + std::to_string(postmaster) + "/children";
  std::ifstream list(children);
  kill(postmaster, SIGKILL);
  for (pid_t child; list >> child;) kill(child, SIGKILL);
  for (int i = 0; i < 100 && kill(postmaster, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string count(Connection& conn, const std::string& sql) {
  return std::string(conn.exec(sql).text(0, 0));
}

TEST(ServerCrash, CommittedImportSurvivesKillNineOfTheServerAndAnInterruptedOneLeavesNothing) {
  const test::ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  {
    Connection conn = Connection::open(cluster.connection_uri());
    ASSERT_EQ(count(conn, "SELECT current_setting('wal_level')"), "minimal");
  }
  const fs::path data_dir = home.scratch() / "exports";
  fs::create_directories(data_dir / "first");
  write_sheet(data_dir / "first" / "a.xlsx", 20000);
  const std::map<std::string, std::string> env{{"DATABASE_URL", cluster.connection_uri()}};

  const auto loaded = test::run_pgdatahub({"etl", data_dir.string()}, env);
  ASSERT_EQ(loaded.exit_code, 0) << loaded.out << loaded.err;

  // A second, larger file is loading when the server dies.
  fs::create_directories(data_dir / "second");
  write_sheet(data_dir / "second" / "b.xlsx", 300000);
  const fs::path output = home.scratch() / "second.out";
  const int pid = test::spawn_pgdatahub({"etl", data_dir.string()}, env, "", output.string());
  {
    // Crash while its rows stream in: wait for the COPY to be under way.
    Connection watch = Connection::open(cluster.connection_uri());
    // pg_stat_progress_copy counts the rows from PostgreSQL 14; on 13, a COPY
    // that is running is the sign.
    const bool progress_view = std::stoi(count(watch, "SHOW server_version_num")) >= 140000;
    const std::string copying =
        progress_view ? "SELECT count(*) FROM pg_stat_progress_copy WHERE tuples_processed > 0"
                      : "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query "
                        "LIKE 'COPY %'";
    for (int i = 0; i < 600; ++i) {
      if (count(watch, copying) != "0") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  crash_server(home.path() / "data");
  test::wait_for(pid);

  cluster.ensure_started();  // crash recovery
  Connection conn = Connection::open(cluster.connection_uri());
  EXPECT_EQ(count(conn, "SELECT count(*) FROM first"), "20000");
  EXPECT_EQ(count(conn, "SELECT sum(id)::text FROM first"), std::to_string(20000LL * 20001 / 2));
  EXPECT_EQ(count(conn, "SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "1");
  // The interrupted file committed nothing: no table, no import.
  EXPECT_EQ(count(conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'second'"), "0");

  // Loading again takes only the file the crash interrupted.
  const auto again = test::run_pgdatahub({"etl", data_dir.string()}, env);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(count(conn, "SELECT count(*) FROM first"), "20000");
  EXPECT_EQ(count(conn, "SELECT count(*) FROM second"), "300000");
  EXPECT_EQ(count(conn, "SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "2");
  // Both tables were new in their file's transaction: their rows arrived
  // frozen (COPY ... FREEZE), and that survived the crash too. The visibility
  // map shows it from PostgreSQL 14, whose COPY FREEZE sets its bits.
  if (std::stoi(count(conn, "SHOW server_version_num")) >= 140000) {
    conn.exec("CREATE EXTENSION IF NOT EXISTS pg_visibility");
    EXPECT_NE(count(conn, "SELECT all_frozen FROM pg_visibility_map_summary('first')"), "0");
    EXPECT_NE(count(conn, "SELECT all_frozen FROM pg_visibility_map_summary('second')"), "0");
  }
  cluster.stop();
}

}  // namespace
}  // namespace pgdatahub::database
