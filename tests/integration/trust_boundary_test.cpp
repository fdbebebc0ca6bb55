// Trust boundaries, end to end through the real binary: hostile names cannot
// forge output or reach the terminal raw, a planted pause file cannot choose
// the folder, the configuration or the database, and flags win over the
// config file.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using test::run_pgdatahub;

// Two rows; `first` makes the content, and so the SHA-256, differ.
void write_csv(const fs::path& file, int first = 1) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << "id,name\n"
                                        << first << ",alpha\n"
                                        << first + 1 << ",beta\n";
}

using test::test_cluster_home;

bool has_line_starting(const std::string& text, const std::string& start) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = text.find('\n', at);
    const auto line = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (line.find(start) == 0) return true;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return false;
}

bool has_control_escape(const std::string& text) {
  return text.find('\x1b') != std::string::npos || text.find('\x07') != std::string::npos;
}

class TrustBoundaryTest : public test::DatabaseFixture {
 protected:
  fs::path pause_file() const { return m_dir.path() / ".etl_pause.json"; }

  test::ProgramResult run(const std::vector<std::string>& args,
                          std::map<std::string, std::string> env = {}) {
    // Planted pause files are named: the pause file as input is what these
    // tests are about, wherever it lies.
    env.emplace("ETL_PAUSE_FILE", pause_file().string());
    env.emplace("ETL_LOG_FILE", (m_dir.path() / "etl.log").string());
    return run_pgdatahub(args, env, m_dir.path().string());
  }

  // Plants a pause file, as someone who can write to the user's folder would.
  void plant_pause(const fs::path& data_dir, const std::string& database,
                   const std::string& config_path) {
    pause::PauseState state;
    state.tool_version = PGDATAHUB_VERSION;
    state.data_dir = pause::canonical_data_dir(data_dir);
    state.database = database;
    state.options = {1000, false, 0, 0, config::OnChange::Append, config_path};
    state.state = pause::RunState::Stopped;
    state.stop_reason = "stopped by SIGTERM";
    state.written_at = "2024-03-01T12:00:00Z";
    std::ofstream(pause_file()) << pause::to_json(state).dump(2);
  }
};

TEST_F(TrustBoundaryTest, ControlCharactersInNamesAreEscapedOnTheTerminalAndInTheLog) {
  const std::string forged = "loaded    forged.csv -> forged (999 rows";
  write_csv(data() / "sales" / ("a.csv\n" + forged + ").csv"));
  write_csv(data() / "sales" / "b\x1b]0;owned\x07.csv", 10);
  std::ofstream(data() / "sales" / "c\x1b[2J.xlsx") << "broken";  // fails: its error line too
  const auto etl = run({"etl", data().string()}, {{"DATABASE_URL", m_database.conninfo()}});
  ASSERT_LE(etl.exit_code, 1) << etl.out << etl.err;
  const std::string log = test::read_file(m_dir.path() / "etl.log");
  for (const auto* text : {&etl.out, &etl.err, &log}) {
    EXPECT_FALSE(has_line_starting(*text, forged)) << *text;
    EXPECT_FALSE(has_control_escape(*text)) << *text;
  }
  EXPECT_NE(etl.err.find("a.csv\\nloaded    forged.csv"), std::string::npos) << etl.err;
  EXPECT_NE(etl.err.find("b\\x1b]0;owned\\x07.csv"), std::string::npos) << etl.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM sales"), "4");

  // A pending run whose pause file names such files: `status` escapes them too.
  pause::PauseState state;
  state.tool_version = PGDATAHUB_VERSION;
  state.data_dir = pause::canonical_data_dir(data());
  state.database = m_conn.display_target();
  state.options = {1000, false, 0, 0, config::OnChange::Append, ""};
  state.remaining = {"sales/\x1b[31mred.csv"};
  state.failed = {{"sales/x\n" + forged + ").csv", "failed", "bad \x1b[2J"}};
  state.stop_reason = "stopped \x1b]0;t\x07";
  std::ofstream(pause_file()) << pause::to_json(state).dump(2);
  const auto status = run({"status"}, {{"DATABASE_URL", m_database.conninfo()}});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_FALSE(has_control_escape(status.out)) << status.out;
  EXPECT_FALSE(has_line_starting(status.out, forged)) << status.out;
  EXPECT_NE(status.out.find("sales/\\x1b[31mred.csv"), std::string::npos) << status.out;
}

// The attack of the issue: a pause file whose config file names another
// database and whose folder lies outside the user's tree. An explicit
// --home must win, and nothing may load anywhere.
TEST_F(TrustBoundaryTest, APlantedPauseFileCannotChooseTheDatabaseThroughItsConfig) {
  const auto home = test_cluster_home();
  if (home.empty()) GTEST_SKIP() << "PGDATAHUB_TEST_DSN names the server: no --home to give";
  test::ScratchDatabase other;
  test::TempDir elsewhere;
  write_csv(elsewhere / "data" / "secret.csv");
  std::ofstream(elsewhere / "evil.yaml") << "database_url: \"" << other.conninfo() << "\"\n";
  auto other_conn = database::Connection::open(other.conninfo());
  plant_pause(elsewhere / "data", other_conn.display_target(), (elsewhere / "evil.yaml").string());

  const auto resume = run({"resume", "--home", home});
  EXPECT_EQ(resume.exit_code, 2) << resume.out << resume.err;
  EXPECT_NE(resume.err.find("the paused run used " + (elsewhere / "evil.yaml").string()),
            std::string::npos)
      << resume.err;
  EXPECT_EQ(test::scalar(other_conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
            "0");
}

TEST_F(TrustBoundaryTest, APlantedPauseFileCannotLoadAFolderOutsideItsTree) {
  test::TempDir elsewhere;
  write_csv(elsewhere / "data" / "secret.csv");
  plant_pause(elsewhere / "data", m_conn.display_target(), "");

  const auto resume = run({"resume"}, {{"DATABASE_URL", m_database.conninfo()}});
  EXPECT_EQ(resume.exit_code, 2) << resume.out << resume.err;
  EXPECT_NE(resume.err.find("which is not under"), std::string::npos) << resume.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
            "0");

  // Named by the user, the same folder is theirs to resume.
  const auto named =
      run({"resume", (elsewhere / "data").string()}, {{"DATABASE_URL", m_database.conninfo()}});
  EXPECT_EQ(named.exit_code, 0) << named.out << named.err;
}

TEST_F(TrustBoundaryTest, APauseFileWithOutOfRangeNumbersIsRefused) {
  write_csv(data() / "sales" / "a.csv");
  plant_pause(data(), m_conn.display_target(), "");
  auto json = nlohmann::json::parse(test::read_file(pause_file()));
  json["options"]["chunk_size"] = -5;
  std::ofstream(pause_file(), std::ios::trunc) << json.dump();
  const auto resume = run({"resume"}, {{"DATABASE_URL", m_database.conninfo()}});
  EXPECT_EQ(resume.exit_code, 2) << resume.out << resume.err;
  EXPECT_NE(resume.err.find("options.chunk_size must be a whole number"), std::string::npos)
      << resume.err;
}

TEST_F(TrustBoundaryTest, AHomeFlagWinsOverTheConfigFilesDatabaseUrl) {
  const auto home = test_cluster_home();
  if (home.empty()) GTEST_SKIP() << "PGDATAHUB_TEST_DSN names the server: no --home to give";
  write_csv(data() / "sales" / "a.csv");
  std::ofstream(m_dir / "cfg.yaml") << "database_url: \"" << m_database.conninfo() << "\"\n";
  const auto dry = run({"etl", data().string(), "--dry-run", "--config",
                        (m_dir / "cfg.yaml").string(), "--home", home});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.err.find("database: " + test::test_server_conninfo()), std::string::npos)
      << dry.err;
  EXPECT_EQ(dry.err.find(m_conn.display_target()), std::string::npos) << dry.err;

  const auto both = run({"status", "--database-url", m_database.conninfo(), "--home", home});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("give only one of them"), std::string::npos) << both.err;
}

// A path deeper than the old varchar(500) could never load, nor its failure
// be recorded. A ledger made before is widened on first use.
TEST_F(TrustBoundaryTest, ADeepPathLoadsAndAnOldLedgerIsWidenedToText) {
  m_conn.exec(
      "CREATE TABLE etl_imports (id BIGSERIAL PRIMARY KEY, table_name VARCHAR(255) NOT NULL, "
      "source_file VARCHAR(500) NOT NULL, file_sha256 VARCHAR(64) NOT NULL, sheet TEXT, "
      "status VARCHAR(20) NOT NULL, row_count BIGINT NOT NULL DEFAULT 0, byte_size BIGINT, "
      "error_message TEXT, error_cells BIGINT NOT NULL DEFAULT 0, nul_removed BIGINT NOT NULL "
      "DEFAULT 0, imported_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'), "
      "duration_ms BIGINT, reverted_at TIMESTAMP)");
  m_conn.exec(
      "CREATE TABLE etl_schema_changes (id BIGSERIAL PRIMARY KEY, table_name VARCHAR(255) NOT "
      "NULL, change_type VARCHAR(50) NOT NULL, column_name VARCHAR(255), old_type VARCHAR(100), "
      "new_type VARCHAR(100), source_file VARCHAR(500), etl_import_id BIGINT, changed_at "
      "TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'))");
  fs::path deep = data();
  for (int level = 0; level < 10; ++level) deep /= std::string(60, static_cast<char>('a' + level));
  write_csv(deep / "orders.csv");
  std::ofstream(deep / "broken.xlsx") << "broken";
  const auto etl = run({"etl", data().string()}, {{"DATABASE_URL", m_database.conninfo()}});
  EXPECT_EQ(etl.exit_code, 1) << etl.out << etl.err;  // the broken file alone fails
  EXPECT_EQ(test::scalar(m_conn,
                         "SELECT string_agg(status, ',' ORDER BY status) FROM etl_imports "
                         "WHERE length(source_file) > 600"),
            "failed,loaded");
  EXPECT_EQ(test::scalar(m_conn,
                         "SELECT string_agg(data_type, ',') FROM information_schema.columns "
                         "WHERE column_name = 'source_file' AND table_name IN ('etl_imports', "
                         "'etl_schema_changes')"),
            "text,text");
}

TEST_F(TrustBoundaryTest, LedgerAndCatalogNamesAreReservedForFoldersAndConfig) {
  write_csv(data() / "etl_imports" / "a.csv", 1);
  write_csv(data() / "pg_class" / "b.csv", 10);
  const auto etl = run({"etl", data().string()}, {{"DATABASE_URL", m_database.conninfo()}});
  ASSERT_EQ(etl.exit_code, 0) << etl.out << etl.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM data_etl_imports"), "2");
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM data_pg_class"), "2");

  for (const auto& [table, expected] :
       std::vector<std::pair<std::string, std::string>>{{"etl_schema_changes", "is reserved"},
                                                        {"PG_Stats", "is reserved"},
                                                        {"public.orders", "names a schema"}}) {
    std::ofstream(m_dir / "cfg.yaml", std::ios::trunc)
        << "etl_imports:\n  table: \"" << table << "\"\n";
    const auto refused = run({"etl", data().string(), "--config", (m_dir / "cfg.yaml").string()},
                             {{"DATABASE_URL", m_database.conninfo()}});
    EXPECT_EQ(refused.exit_code, 2) << table << refused.out << refused.err;
    EXPECT_NE(refused.err.find(expected), std::string::npos) << refused.err;
  }
}

TEST_F(TrustBoundaryTest, AUserTableNamedLikeTheLedgerIsRefusedByName) {
  m_conn.exec("CREATE TABLE etl_imports (id int, note text)");
  write_csv(data() / "sales" / "a.csv");
  const auto etl = run({"etl", data().string()}, {{"DATABASE_URL", m_database.conninfo()}});
  EXPECT_EQ(etl.exit_code, 2) << etl.out << etl.err;
  EXPECT_NE(etl.err.find("the table etl_imports in this database is not a pgdatahub ledger"),
            std::string::npos)
      << etl.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT to_regclass('sales') IS NULL"), "t");
}

TEST_F(TrustBoundaryTest, TablesCreatedListsOnlyTablesThatWereCommitted) {
  fs::create_directories(data() / "fresh");
  std::ofstream(data() / "fresh" / "a.csv") << "qty\n1\ntwelve\n";
  std::ofstream(m_dir / "cfg.yaml") << "fresh:\n  columns:\n    qty: integer\n";
  const auto etl =
      run({"etl", data().string(), "--json", "--config", (m_dir / "cfg.yaml").string()},
          {{"DATABASE_URL", m_database.conninfo()}});
  ASSERT_EQ(etl.exit_code, 1) << etl.out << etl.err;
  const auto summary = nlohmann::json::parse(etl.out);
  EXPECT_EQ(summary["tables_created"], nlohmann::json::array()) << etl.out;
  // The JSON contract always carries the list; a rolled-back file's is empty.
  EXPECT_TRUE(summary["files"][0]["schema_changes"].empty()) << etl.out;
  EXPECT_EQ(test::scalar(m_conn, "SELECT to_regclass('fresh') IS NULL"), "t");
}

// The backend is terminated while the run pauses between files: the run
// stops with exit 3, prints what committed, saves the state as stopped with
// the reason, and `resume` finishes it.
TEST_F(TrustBoundaryTest, ALostConnectionStopsTheRunWithItsSummaryAndResumeContinues) {
  write_csv(data() / "a" / "1.csv", 1);
  write_csv(data() / "b" / "2.csv", 10);
  const auto output = m_dir / "etl.out";
  // One worker: with two, both files could load before the first pause.
  const int pid = test::spawn_pgdatahub({"etl", data().string()},
                                        {{"DATABASE_URL", m_database.conninfo()},
                                         {"ETL_PAUSE_EVERY", "1"},
                                         {"ETL_PAUSE_SECONDS", "3"},
                                         {"ETL_JOBS", "1"},
                                         {"ETL_PAUSE_FILE", pause_file().string()}},
                                        m_dir.path().string(), output.string());
  const bool paused = test::eventually(
      [this] {
        if (!fs::exists(pause_file())) return false;
        try {
          return nlohmann::json::parse(test::read_file(pause_file()))["state"] == "paused";
        } catch (const nlohmann::json::exception&) {
          return false;  // not a whole document (yet): ask again
        }
      },
      std::chrono::seconds(60));
  ASSERT_TRUE(paused) << test::read_file(output);
  m_conn.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  EXPECT_EQ(test::wait_for(pid), 3) << test::read_file(output);
  const auto text = test::read_file(output);
  EXPECT_NE(text.find("files: 1 loaded"), std::string::npos) << text;
  EXPECT_NE(text.find("stopped: lost the connection to PostgreSQL"), std::string::npos) << text;
  const auto state = nlohmann::json::parse(test::read_file(pause_file()));
  EXPECT_EQ(state["state"], "stopped");
  EXPECT_EQ(state["remaining"], nlohmann::json::array({"b/2.csv"})) << state.dump(2);

  const auto resume = run({"resume"}, {{"DATABASE_URL", m_database.conninfo()}});
  EXPECT_EQ(resume.exit_code, 0) << resume.out << resume.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM b"), "2");
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "2");
  EXPECT_FALSE(fs::exists(pause_file()));
}

TEST_F(TrustBoundaryTest, DiscoveryNamesSpecialFilesAndNeverLetsALinkTakeAFoldersTable) {
  write_csv(data() / "sales" / "a.csv");
  // "aaa" sorts before "sales": walked first, it took the folder and its table.
  fs::create_directory_symlink(data() / "sales", data() / "aaa");
  ASSERT_EQ(::mkfifo((data() / "sales" / "pipe.csv").c_str(), 0600), 0);
  const auto etl = run({"etl", data().string()}, {{"DATABASE_URL", m_database.conninfo()}});
  ASSERT_EQ(etl.exit_code, 0) << etl.out << etl.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM sales"), "2");
  EXPECT_EQ(test::scalar(m_conn, "SELECT to_regclass('aaa') IS NULL"), "t");
  EXPECT_NE(etl.out.find("skipped: 1 links to folders inside the data folder"), std::string::npos)
      << etl.out;
  EXPECT_NE(etl.out.find("skipped sales/pipe.csv: not a regular file"), std::string::npos)
      << etl.out;

  // Root reads every folder, so as root the walk runs as a user made for
  // the test; discovery alone is what is tested, so a dry run without the
  // database (which that user could not reach) shows it.
  write_csv(data() / "locked" / "b.csv");
  write_csv(data() / "open" / "deeper" / "c.csv");
  fs::permissions(data() / "locked", fs::perms::none);
  fs::permissions(data() / "open" / "deeper", fs::perms::owner_write);
  const std::vector<std::string> dry_run{"etl", data().string(), "--dry-run"};
  test::ProgramResult again;
  if (::geteuid() == 0) {
    const test::TemporaryUser user;
    fs::permissions(m_dir.path(),
                    fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    again = test::run_pgdatahub_as(user, dry_run, {{"SKIP_DB", "1"}});
    fs::permissions(m_dir.path(), fs::perms::owner_all);
  } else {
    again = run(dry_run, {{"SKIP_DB", "1"}});
  }
  fs::permissions(data() / "locked", fs::perms::owner_all);
  fs::permissions(data() / "open" / "deeper", fs::perms::owner_all);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("skipped: 2 unreadable folders, 1 special files"), std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("skipped unreadable folder locked: check its permissions"),
            std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("skipped unreadable folder open/deeper: check its permissions"),
            std::string::npos)
      << again.out;
}

}  // namespace
}  // namespace pgdatahub
