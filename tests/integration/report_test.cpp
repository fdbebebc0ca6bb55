// `pgdatahub report` through the real binary against a real PostgreSQL: a
// load with drift, failures (broken, empty, encrypted, a hostile name) and a
// revert, and a page that shows what the ledger holds, with every name inert.
#include "support/corpus.hpp"
#include "support/database_fixture.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/sample_books.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

// A name no file should be able to smuggle into the page as markup.
constexpr const char* hostile_name = "<script>alert(1)<.xlsx";

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

class ReportTest : public test::DatabaseFixture {
 protected:
  bool m_has_encrypted = false;

  // Each month's quantities start at `first`, so no two files share a hash.
  void write_month(const std::string& name, std::uint32_t rows, double first, bool drift) {
    test::write_qty_book(data() / "sales" / name,
                         {.rows = rows, .first = first, .decimals = drift, .note = drift});
  }

  // Autovacuum may analyze a freshly loaded table at any moment, which would
  // give the page statistics the test means it not to have. Turning it off
  // for the two tables waits for a pass under way (both take the same lock);
  // what such a pass gathered is then dropped.
  void forget_statistics() {
    m_conn.exec("ALTER TABLE sales SET (autovacuum_enabled = off)");
    m_conn.exec("ALTER TABLE stock SET (autovacuum_enabled = off)");
    m_conn.exec(
        "DELETE FROM pg_statistic WHERE starelid IN ('sales'::regclass, 'stock'::regclass)");
  }

  // Three months of 30 rows, one of 2 (an outlier), a month that widens qty
  // and adds a column, then failures of every kind, and a second table.
  void load_folder() {
    fs::create_directories(data() / "sales");
    fs::create_directories(data() / "stock");
    write_month("sales_2024-01.xlsx", 30, 100, false);
    write_month("sales_2024-02.xlsx", 30, 200, false);
    write_month("sales_2024-03.xlsx", 30, 300, false);
    write_month("sales_2024-04.xlsx", 2, 400, false);
    write_month("sales_2024-05.xlsx", 30, 500, true);
    std::ofstream(data() / "sales" / hostile_name) << "not a workbook at all";
    { const std::ofstream empty_csv(data() / "sales" / "empty.csv"); }
    if (const auto corpus = test::corpus_dir()) {
      fs::copy_file(*corpus / "poi" / "protected_sha512.xlsx", data() / "sales" / "locked.xlsx");
      m_has_encrypted = true;
    }
    std::ofstream(data() / "stock" / "stock.csv")
        << "item,count,counted_on\nbolt,5,2024-03-11\nnut,7,2024-02-09\n";
    const auto load = pgdatahub({"etl", data().string()});
    ASSERT_EQ(load.exit_code, 1) << load.out << load.err;  // some files failed
    const auto revert = pgdatahub({"revert", "--file", "sales/sales_2024-05.xlsx", "--yes"});
    ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  }

  std::string report(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"report", "-o", (m_dir.path() / "report.html").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = pgdatahub(args);
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("report.html"), std::string::npos) << result.out;
    return test::read_file(m_dir.path() / "report.html");
  }

  // Min and max of a number (qty) and a date (counted_on), as the tables hold them.
  void expect_min_and_max(const std::string& page) {
    auto bounds = m_conn.exec(
        "SELECT 'qty', min(qty)::text, max(qty)::text FROM sales UNION ALL "
        "SELECT 'counted_on', min(counted_on)::text, max(counted_on)::text FROM stock");
    ASSERT_EQ(bounds.rows(), 2);
    EXPECT_EQ(std::string(bounds.text(0, 1)), "101") << "qty is a number column";
    EXPECT_EQ(std::string(bounds.text(1, 1)), "2024-02-09") << "counted_on is a date column";
    for (int row = 0; row < bounds.rows(); ++row) {
      const auto column = page.find(fmt::format("<tr><td>{}</td>", bounds.text(row, 0)));
      ASSERT_NE(column, std::string::npos) << bounds.text(row, 0);
      const auto cells = fmt::format(
          "<td class=\"num\" data-v=\"{0}\">{0}</td>"
          "<td class=\"num\" data-v=\"{1}\">{1}</td>",
          bounds.text(row, 1), bounds.text(row, 2));
      EXPECT_LT(page.find(cells, column), page.find("</tr>", column)) << cells;
    }
  }
};

TEST_F(ReportTest, ShowsWhatTheLedgerHolds) {
  load_folder();
  const std::string page = report();

  // Per table: the ledger's files and rows, in the summary's row for it.
  auto totals = m_conn.exec(
      "SELECT table_name, count(*) FILTER (WHERE status = 'loaded'), "
      "coalesce(sum(row_count) FILTER (WHERE status = 'loaded'), 0) "
      "FROM etl_imports GROUP BY table_name ORDER BY table_name");
  ASSERT_EQ(totals.rows(), 2);
  for (int row = 0; row < totals.rows(); ++row) {
    const std::string expected = fmt::format(
        "<a href=\"#table-{}\">{}</a></td><td class=\"num\" data-v=\"{}\">{}</td>"
        "<td class=\"num\" data-v=\"{}\">",
        row + 1, totals.text(row, 0), totals.text(row, 1), totals.text(row, 1),
        totals.text(row, 2));
    EXPECT_NE(page.find(expected), std::string::npos) << expected;
  }

  // Every schema change, the revert's included, is a row of the timeline.
  auto changes = m_conn.exec(
      "SELECT to_char(changed_at, 'YYYY-MM-DD HH24:MI:SS'), change_type, "
      "coalesce(column_name, '') FROM etl_schema_changes");
  ASSERT_GE(changes.rows(), 5);  // create, add qty, widen qty, add note, undo both
  for (int row = 0; row < changes.rows(); ++row) {
    const std::string entry =
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td>", changes.text(row, 0),
                    changes.text(row, 1), changes.text(row, 2));
    EXPECT_NE(page.find(entry), std::string::npos) << entry;
  }
  EXPECT_NE(page.find("<td>qty</td><td>integer</td>"), std::string::npos);
  EXPECT_NE(page.find("<td>integer &rarr; double precision &rarr; integer</td>"), std::string::npos)
      << "qty's path through the lattice, narrowed back by the revert";

  // The month far below its siblings is marked and listed.
  const auto outliers = page.find("<ul class=\"outliers\">");
  ASSERT_NE(outliers, std::string::npos);
  EXPECT_NE(page.find("sales_2024-04.xlsx", outliers), std::string::npos);
  EXPECT_NE(page.find("class=\"bar outlier\""), std::string::npos);

  // Failures: each exact message, grouped, the empty (and encrypted) apart.
  auto failed = m_conn.exec("SELECT error_message FROM etl_imports WHERE status = 'failed'");
  ASSERT_EQ(failed.rows(), m_has_encrypted ? 3 : 2);
  EXPECT_NE(page.find("data-kind=\"broken\""), std::string::npos);
  EXPECT_NE(page.find("data-kind=\"empty\""), std::string::npos);
  if (m_has_encrypted) {
    EXPECT_NE(page.find("data-kind=\"encrypted\""), std::string::npos);
  }
  for (int row = 0; row < failed.rows(); ++row) {
    EXPECT_NE(page.find(std::string(failed.text(row, 0))), std::string::npos)
        << failed.text(row, 0);
  }
}

TEST_F(ReportTest, ColumnStatisticsComeFromPgStatsOnceAnalyzed) {
  load_folder();
  forget_statistics();
  EXPECT_NE(report().find("<td>item</td><td>text</td><td class=\"num\">-</td>"), std::string::npos)
      << "no statistics before ANALYZE: shown as unknown, not computed by a scan";
  m_conn.exec("ANALYZE stock");
  const std::string page = report();
  EXPECT_NE(page.find("<td>item</td><td>text</td><td class=\"num\" data-v=\"0.0000\">0.0%</td>"
                      "<td class=\"num\" data-v=\"2\">2</td>"),
            std::string::npos)
      << "two distinct items, none NULL";
}

TEST_F(ReportTest, MinAndMaxWithoutAnalyzeComeFromOneBoundedQuery) {
  load_folder();
  forget_statistics();
  ASSERT_EQ(m_conn
                .exec("SELECT count(*) FROM pg_stats WHERE schemaname = 'public' "
                      "AND tablename IN ('sales', 'stock')")
                .text(0, 0),
            "0")
      << "freshly loaded tables have no statistics";
  const std::string page = report();
  expect_min_and_max(page);
  EXPECT_EQ(page.find("run ANALYZE"), std::string::npos) << "small tables need no ANALYZE";
  EXPECT_NE(page.find("<td>item</td><td>text</td><td class=\"num\">-</td>"), std::string::npos)
      << "NULLs and distinct still wait for ANALYZE";
}

TEST_F(ReportTest, EtlWritesTheReportOfTheRunJustFinished) {
  load_folder();
  // The run's imports are those since it started, to the second: the next
  // run starts in a later second than the imports so far.
  ASSERT_TRUE(test::eventually([this] {
    return scalar(
               "SELECT date_trunc('second', clock_timestamp() AT TIME ZONE 'UTC') > "
               "max(imported_at) FROM etl_imports") == "t";
  }));
  std::ofstream(data() / "stock" / "stock_2024-06.csv") << "item,count\nwasher,9\n";
  const std::string before(m_conn.exec("SELECT max(id) FROM etl_imports").text(0, 0));
  const fs::path page_path = m_dir.path() / "run.html";
  const auto result = pgdatahub({"etl", data().string(), "--report", page_path.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;  // the broken files again
  EXPECT_NE(result.out.find("report: " + page_path.string()), std::string::npos) << result.out;
  const std::string page = test::read_file(page_path);
  // The failed files again, the reverted month again and the new file.
  const std::string run_imports(
      m_conn.exec("SELECT count(*) FROM etl_imports WHERE id > $1", {before}).text(0, 0));
  EXPECT_EQ(run_imports, m_has_encrypted ? "5" : "4");
  EXPECT_NE(page.find("The " + run_imports + " most recent of " + run_imports + "."),
            std::string::npos);
  EXPECT_NE(page.find("stock/stock_2024-06.csv"), std::string::npos);
  EXPECT_EQ(page.find("sales_2024-01.xlsx"), std::string::npos) << "an earlier run's import";
}

TEST_F(ReportTest, HostileNamesAreTextAndNothingIsFetched) {
  load_folder();
  const std::string page = report();
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;.xlsx"), std::string::npos);
  EXPECT_EQ(occurrences(page, "<script"), 1U) << "only the page's own sorting script";
  // Self-contained: nothing refers to another resource.
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_NE(page.find("prefers-color-scheme: dark"), std::string::npos);
  EXPECT_NE(page.find("@media print"), std::string::npos);
}

// Debian's chromium, headless: the page as a browser shows it, its console
// and every request it makes (a net log), and a screenshot per section.
class Browser {
 public:
  static std::optional<std::string> program() {
    for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (fs::exists(candidate)) return std::string(candidate);
    }
    return std::nullopt;
  }

  // The URLs a page opened from file:// asked the network for. Chromium's
  // own background requests (updates, time) carry no file:// isolation key.
  static std::vector<std::string> page_requests(const fs::path& net_log) {
    std::ifstream in(net_log);
    const auto log = nlohmann::json::parse(in, nullptr, false);
    if (log.is_discarded()) return {"(the net log is not JSON)"};
    const auto start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    std::vector<std::string> urls;
    for (const auto& event : log["events"]) {
      if (event["type"] != start_job || !event.contains("params")) continue;
      const auto& params = event["params"];
      if (params.value("network_isolation_key", "").rfind("file://", 0) == 0) {
        urls.push_back(params.value("url", ""));
      }
    }
    return urls;
  }

  // Runs chromium on `page` with `what` (--dump-dom, --screenshot=...);
  // stderr (the console) goes to `log`, the network events to `net_log`.
  static int run(const fs::path& page, const std::string& what, const fs::path& log,
                 const fs::path& net_log, const fs::path& out) {
    const std::string command = fmt::format(
        "'{}' --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir='{}' "
        "--disable-background-networking --disable-component-update --disable-sync "
        "--enable-logging=stderr --v=0 --log-net-log='{}' --window-size=1200,1600 "
        "--host-resolver-rules='MAP * ~NOTFOUND' {} 'file://{}' > '{}' 2> '{}'",
        *program(), (log.parent_path() / "profile").string(), net_log.string(), what, page.string(),
        out.string(), log.string());
    return std::system(command.c_str());
  }
};

TEST_F(ReportTest, AHeadlessBrowserShowsItWithoutErrorsOrRequests) {
  if (!Browser::program()) {
    GTEST_SKIP() << "chromium is not installed (scripts/setup installs Debian's chromium)";
  }
  load_folder();
  m_conn.exec("ANALYZE sales, stock");  // the columns' min and max come from the statistics
  report();
  const fs::path page = m_dir.path() / "report.html";
  const fs::path log = m_dir.path() / "console.log", net = m_dir.path() / "net.json";
  const fs::path dom = m_dir.path() / "dom.html";
  ASSERT_EQ(Browser::run(page, "--dump-dom", log, net, dom), 0) << test::read_file(log);
  const std::string shown = test::read_file(dom), console = test::read_file(log);

  // The console: no script error, no blocked resource.
  EXPECT_EQ(console.find("CONSOLE"), std::string::npos) << console;
  EXPECT_EQ(console.find("Content Security Policy"), std::string::npos) << console;
  EXPECT_EQ(Browser::page_requests(net), std::vector<std::string>{});
  // The same net log catches a page that does fetch something.
  std::ofstream(m_dir.path() / "control.html") << "<img src=\"http://example.invalid/x.png\">";
  ASSERT_EQ(Browser::run(m_dir.path() / "control.html", "--dump-dom", log, net, dom), 0);
  EXPECT_EQ(Browser::page_requests(net).size(), 1U);
  // What the browser shows matches the ledger.
  auto totals = m_conn.exec(
      "SELECT table_name, count(*) FILTER (WHERE status = 'loaded') FROM etl_imports "
      "GROUP BY table_name ORDER BY table_name");
  for (int row = 0; row < totals.rows(); ++row) {
    EXPECT_NE(shown.find(fmt::format("{}</a></td><td class=\"num\" data-v=\"{}\">",
                                     totals.text(row, 0), totals.text(row, 1))),
              std::string::npos);
  }
  auto changes =
      m_conn.exec("SELECT change_type, coalesce(column_name, '') FROM etl_schema_changes");
  for (int row = 0; row < changes.rows(); ++row) {
    EXPECT_NE(shown.find(fmt::format("<td>{}</td><td>{}</td>", changes.text(row, 0),
                                     changes.text(row, 1))),
              std::string::npos);
  }
  EXPECT_EQ(shown.find("<script>alert"), std::string::npos);
  expect_min_and_max(shown);
  // The runs, as etl_runs and etl_run_files hold them: the load finished,
  // its files and rows counted; a pending run is listed with how to go on.
  auto runs = m_conn.exec(
      "SELECT r.id, r.state, count(f.id) FILTER (WHERE f.state IN ('loaded', 'duplicate', "
      "'empty')), coalesce(sum(f.row_count), 0) FROM etl_runs r JOIN etl_run_files f ON "
      "f.run_id = r.id GROUP BY r.id ORDER BY r.id");
  ASSERT_EQ(runs.rows(), 1);
  EXPECT_EQ(std::string(runs.text(0, 1)), "finished");
  EXPECT_NE(shown.find(fmt::format("<td class=\"num\" data-v=\"{0}\">{0}</td>", runs.text(0, 0))),
            std::string::npos);
  EXPECT_NE(shown.find(fmt::format("<td>finished</td>")), std::string::npos);
  EXPECT_NE(shown.find(fmt::format("<td class=\"num\" data-v=\"{}\">", runs.text(0, 3))),
            std::string::npos);
  EXPECT_NE(shown.find("No run is pending."), std::string::npos);
  EXPECT_NE(shown.find("<a href=\"#runs\">Runs</a>"), std::string::npos);

  // A screenshot per section, next to the build, for people to look at.
  const fs::path shots = fs::path(PGDATAHUB_BINARY).parent_path() / "report-screenshots";
  fs::create_directories(shots);
  for (const std::string section : {"", "table-1", "failures", "runs", "imports"}) {
    const fs::path shot = shots / ((section.empty() ? "top" : section) + ".png");
    fs::remove(shot);
    const std::string anchored = page.string() + (section.empty() ? "" : "#" + section);
    EXPECT_EQ(Browser::run(anchored, "--screenshot='" + shot.string() + "'", log, net,
                           m_dir.path() / "out.txt"),
              0)
        << test::read_file(log);
    EXPECT_GT(fs::exists(shot) ? fs::file_size(shot) : 0, 1000U) << shot;
  }
}

// source_sheet is hidden where it is pgdatahub's (a table several sheets
// load into) and shown where it is the data's (a header of that name in a
// table loaded one sheet at a time): the column's comment tells them apart.
TEST_F(ReportTest, ShowsADataColumnNamedSourceSheetAndHidesTheMetadataOne) {
  write_file(fs::path("ledgers") / "ledger.csv", "entry,source_sheet\nrent,typed by hand\n");
  fs::create_directories(data() / "regions");
  test::XlsxBuilder book(data() / "regions" / "regions.xlsx");
  book.sheet("North").text(0, 0, "Region").text(1, 0, "Oslo");
  book.sheet("South").text(0, 0, "Region").text(1, 0, "Rome");
  book.close();
  const auto run = etl_with("regions:\n  sheets: all\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_EQ(column_type("regions", "source_sheet"), "text");
  ASSERT_EQ(column_type("ledgers", "source_sheet"), "text");

  const std::string page = report();
  EXPECT_EQ(occurrences(page, "<tr><td>source_sheet</td>"), 1U) << "only the ledgers' data column";
  const auto ledgers = page.find("<tr><td>entry</td>");
  ASSERT_NE(ledgers, std::string::npos);
  EXPECT_NE(page.find("<tr><td>source_sheet</td>", ledgers), std::string::npos);
  EXPECT_NE(page.find("<tr><td>region</td>"), std::string::npos);
}

TEST_F(ReportTest, ADatabaseWithoutALedgerGetsAnEmptyReport) {
  const std::string page = report();
  EXPECT_NE(page.find("No imports yet."), std::string::npos);
  EXPECT_NE(page.find("No failed files."), std::string::npos);
}

TEST_F(ReportTest, TableAndSinceNarrowThePage) {
  load_folder();
  const std::string stock = report({"--table", "stock"});
  EXPECT_NE(stock.find("Table stock"), std::string::npos);
  EXPECT_EQ(stock.find("sales_2024"), std::string::npos);

  const std::string future = report({"--since", "2999-01-01"});
  EXPECT_NE(future.find("The 0 most recent of 0."), std::string::npos);
  EXPECT_NE(future.find("No failed files."), std::string::npos);
  EXPECT_NE(future.find("No run recorded yet."), std::string::npos);

  const auto bad =
      pgdatahub({"report", "-o", (m_dir.path() / "x.html").string(), "--since", "soon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--since takes an ISO time"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(m_dir.path() / "x.html"));
}

}  // namespace
}  // namespace pgdatahub
