// What a run takes and what it tells, through the real binary: one file as
// the argument, --include/--exclude and the folders' include:/exclude:, the
// warning for a workbook open in Excel, etl.log as JSON lines, and the
// progress line cleared before the summary on a terminal.
#include "support/json_expectations.hpp"
#include "support/queries.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/sample_books.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using test::run_pgdatahub;

class RunSurfaceTest : public ::testing::Test {
 protected:
  test::ScratchDatabase m_database;
  test::TempDir m_dir;
  database::Connection m_conn = database::Connection::open(m_database.conninfo());

  fs::path data() const { return m_dir.path() / "data"; }
  fs::path log_file() const { return m_dir.path() / "etl.log"; }

  test::ProgramResult run(const std::vector<std::string>& args,
                          std::map<std::string, std::string> env = {}) {
    env["DATABASE_URL"] = m_database.conninfo();
    env["ETL_LOG_FILE"] = log_file().string();
    return run_pgdatahub(args, env, m_dir.path().string());
  }

  std::string read_log() const { return test::read_file(log_file()); }
};

TEST_F(RunSurfaceTest, AFileArgumentLoadsThatFileIntoItsFoldersTable) {
  test::write_qty_book(data() / "sales" / "2024-01.xlsx", {.rows = 3});
  test::write_qty_book(data() / "sales" / "2024-02.xlsx", {.rows = 2});
  test::write_qty_book(data() / "hr" / "people.xlsx", {.rows = 1});

  // The data root defaults to ./data, as for `etl` without a folder.
  auto one = run({"etl", "data/sales/2024-02.xlsx", "--json"});
  ASSERT_EQ(one.exit_code, 0) << one.out << one.err;
  const auto summary = nlohmann::json::parse(one.out);
  ASSERT_EQ(summary["files"].size(), 1u);
  EXPECT_EQ(summary["files"][0]["file"], "sales/2024-02.xlsx");
  EXPECT_EQ(summary["files"][0]["table"], "sales");
  EXPECT_EQ(test::scalar(m_conn, "SELECT string_agg(source_file, ',') FROM public.etl_imports"),
            "sales/2024-02.xlsx");

  // Outside the data root: the message names --data-root.
  test::write_qty_book(m_dir.path() / "elsewhere" / "stock" / "s.xlsx", {.rows = 2});
  auto outside = run({"etl", "elsewhere/stock/s.xlsx"});
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(outside.err.find("--data-root"), std::string::npos) << outside.err;
  auto rooted = run({"etl", "elsewhere/stock/s.xlsx", "--data-root", "elsewhere", "--json"});
  ASSERT_EQ(rooted.exit_code, 0) << rooted.out << rooted.err;
  EXPECT_EQ(nlohmann::json::parse(rooted.out)["files"][0]["table"], "stock");
}

TEST_F(RunSurfaceTest, IncludeAndExcludeGlobsChooseTheFiles) {
  // Distinct contents: equal bytes would load once.
  test::write_qty_book(data() / "sales" / "2023-12.xlsx", {.rows = 1});
  test::write_qty_book(data() / "sales" / "2024-01.xlsx", {.rows = 2});
  test::write_qty_book(data() / "sales" / "2024-02.xlsx", {.rows = 3});
  test::write_qty_book(data() / "hr" / "people.xlsx", {.rows = 4});

  auto flags = run({"etl", "data", "--include", "2024-*", "--exclude", "*-02.xlsx", "--json"});
  ASSERT_EQ(flags.exit_code, 0) << flags.out << flags.err;
  auto summary = nlohmann::json::parse(flags.out);
  EXPECT_EQ(summary["loaded"], 1);
  EXPECT_EQ(summary["files"][0]["file"], "sales/2024-01.xlsx");
  EXPECT_EQ(summary["skipped"]["excluded"], 3);

  // Per folder in the config; a glob with '/' matches the path under DATA_DIR.
  std::ofstream(m_dir.path() / "globs.yaml") << "sales:\n  exclude: [\"2023-*\"]\n";
  auto config = run({"etl", "data", "--config", "globs.yaml", "--exclude", "hr/*", "--json"});
  ASSERT_EQ(config.exit_code, 0) << config.out << config.err;
  summary = nlohmann::json::parse(config.out);
  EXPECT_EQ(summary["loaded"], 1);  // 2024-02; 2024-01 is a duplicate
  EXPECT_EQ(summary["duplicates"], 1);
  EXPECT_EQ(summary["skipped"]["excluded"], 2);
  auto text = run({"etl", "data", "--exclude", "*.xlsx"});
  EXPECT_NE(text.out.find("skipped: 4 files left out by include/exclude"), std::string::npos)
      << text.out;
}

TEST_F(RunSurfaceTest, AWorkbookOpenInExcelLoadsWithAWarningEverywhere) {
  test::write_qty_book(data() / "sales" / "a.xlsx", {.rows = 3});
  std::ofstream(data() / "sales" / "~$a.xlsx") << "owner";
  test::write_qty_book(data() / "sales" / "b.xlsx", {.rows = 3});
  std::ofstream(data() / "sales" / ".~lock.b.xlsx#") << "owner";
  test::write_qty_book(data() / "sales" / "c.xlsx", {.rows = 3});

  auto json = run({"etl", "data", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.out << json.err;
  const auto files = nlohmann::json::parse(json.out)["files"];
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0]["status"], "loaded");
  ASSERT_EQ(files[0]["notes"].size(), 1u) << json.out;
  EXPECT_EQ(files[0]["notes"][0],
            "warning: ~$a.xlsx is beside it: the workbook is open in Excel or LibreOffice and "
            "may be mid-edit; loaded as last saved");
  EXPECT_NE(files[1]["notes"][0].get<std::string>().find(".~lock.b.xlsx#"), std::string::npos);
  EXPECT_FALSE(files[2].contains("notes"));
  EXPECT_NE(read_log().find("sales/a.xlsx: warning: ~$a.xlsx is beside it"), std::string::npos)
      << read_log();

  test::write_qty_book(data() / "sales" / "d.xlsx", {.rows = 2});
  std::ofstream(data() / "sales" / "~$d.xlsx") << "owner";
  auto text = run({"etl", "data"});
  ASSERT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_NE(text.err.find("warning: ~$d.xlsx is beside it"), std::string::npos) << text.err;
}

TEST_F(RunSurfaceTest, JsonLogHasOneEventPerFileSchemaChangePauseAndStop) {
  test::write_qty_book(data() / "sales" / "2024-01.xlsx", {.rows = 3});
  test::write_qty_book(data() / "sales" / "2024-02.xlsx",
                       {.rows = 3, .decimals = true});  // widens qty
  // One job: the events below are checked in the files' order.
  auto load = run({"etl", "data", "--pause-every", "1", "--pause-seconds", "0", "--jobs", "1"},
                  {{"ETL_LOG_FORMAT", "json"}});
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;

  // A section that fails stops the run.
  fs::create_directories(data() / "zz");
  std::ofstream(data() / "zz" / "broken.xlsx") << "PK\x03\x04 not a zip";
  test::write_qty_book(data() / "zz" / "fine.xlsx", {.rows = 1});
  auto stopped = run({"etl", "data", "--sectional-commit"}, {{"ETL_LOG_FORMAT", "JSON"}});
  EXPECT_EQ(stopped.exit_code, 3) << stopped.out << stopped.err;

  std::istringstream lines(read_log());
  std::string line;
  std::map<std::string, std::vector<nlohmann::json>> events;
  std::size_t messages = 0;
  while (std::getline(lines, line)) {
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << "not JSON: " << line;
    const std::string time = entry["time"];
    EXPECT_EQ(time.size(), 20u) << line;
    EXPECT_EQ(time.back(), 'Z') << line;
    EXPECT_TRUE(entry.contains("level")) << line;
    if (entry.contains("event")) {
      events[entry["event"]].push_back(entry);
    } else {
      EXPECT_TRUE(entry["message"].is_string()) << line;
      ++messages;
    }
  }
  EXPECT_GT(messages, 0u);
  // Files: 2 loaded, then 2 duplicates and the failed section's file.
  ASSERT_GE(events["file"].size(), 3u);
  const auto& first = events["file"][0];
  EXPECT_EQ(first["file"], "sales/2024-01.xlsx");
  EXPECT_EQ(first["table"], "sales");
  EXPECT_EQ(first["status"], "loaded");
  EXPECT_EQ(first["rows"], 3);
  EXPECT_TRUE(first["schema_changes"].is_array());
  bool failed_logged = false;
  for (const auto& file : events["file"]) {
    if (file["status"] == "failed") {
      failed_logged = true;
      EXPECT_EQ(file["level"], "error");
      EXPECT_FALSE(file["reason"].get<std::string>().empty()) << file.dump();
    }
  }
  EXPECT_TRUE(failed_logged);
  bool widened = false;
  for (const auto& change : events["schema_change"]) {
    if (change["change"] == "alter_type") {
      widened = true;
      test::expect_widening(change, "sales", "qty", "integer", "double precision");
      EXPECT_EQ(change["file"], "sales/2024-02.xlsx");
    }
  }
  EXPECT_TRUE(widened);
  ASSERT_EQ(events["pause"].size(), 1u);
  EXPECT_EQ(events["pause"][0]["remaining"], 1);
  ASSERT_EQ(events["stop"].size(), 1u);
  EXPECT_EQ(events["stop"][0]["section_failed"], true);
  EXPECT_NE(events["stop"][0]["stop_reason"].get<std::string>().find("zz"), std::string::npos);

  auto wrong = run({"etl", "data"}, {{"ETL_LOG_FORMAT", "xml"}});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("ETL_LOG_FORMAT must be 'text' or 'json'"), std::string::npos)
      << wrong.err;
}

// On a terminal the progress line is redrawn in place; the summary must start
// on a clean line, not be printed onto the end of it. `script` gives the
// program a terminal and hands back what it wrote there.
TEST_F(RunSurfaceTest, ProgressLineIsClearedBeforeTheSummary) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "script(1) from util-linux is needed to give pgdatahub a terminal";
  }
  test::write_qty_book(data() / "sales" / "a.xlsx", {.rows = 3});
  test::write_qty_book(data() / "sales" / "b.xlsx", {.rows = 4});
  const fs::path runner = m_dir.path() / "run.sh";
  std::ofstream(runner) << "cd '" << m_dir.path().string() << "'\n"
                        << "export DATABASE_URL='" << m_database.conninfo() << "'\n"
                        << "export ETL_LOG_FILE='" << log_file().string() << "'\n"
                        << "exec '" << PGDATAHUB_BINARY << "' etl data\n";
  const std::string command = "script -qec 'sh " + runner.string() + "' /dev/null";
  std::FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string screen;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    screen.append(buffer, n);
  ASSERT_EQ(pclose(pipe), 0) << screen;

  const auto summary = screen.find("files: 2 loaded");
  ASSERT_NE(summary, std::string::npos) << screen;
  const auto last_progress = screen.rfind("rows/s", summary);
  ASSERT_NE(last_progress, std::string::npos) << "no progress line was drawn:\n" << screen;
  const std::string between = screen.substr(last_progress, summary - last_progress);
  const std::string clear = "\r\033[K";
  const auto cleared = between.rfind(clear);
  ASSERT_NE(cleared, std::string::npos) << "the progress line was not cleared:\n" << between;
  // Nothing of the progress line is left between the clearing and the summary.
  EXPECT_EQ(between.substr(cleared + clear.size()), "") << between;
}

}  // namespace
}  // namespace pgdatahub
