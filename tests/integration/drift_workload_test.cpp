// The benchmark's drift workload (../shared/bench/make_corpus.py --drift):
// later files add a column, put decimals into an integer column and text into
// a date column. Every value must load intact (checked against the cells as
// openpyxl, an independent reader, sees them), the audit must list exactly
// the changes made, and the dry run must show them beforehand. Skipped,
// saying why, where ../shared or Python's xlsxwriter/openpyxl are absent.
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/naming/identifier.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

fs::path make_corpus() {
  return fs::path(PGDATAHUB_SOURCE_DIR) / ".." / "shared" / "bench" / "make_corpus.py";
}

std::string capture(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buffer[65536];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get()) != nullptr) out += buffer;
  return out;
}

TEST(DriftWorkload, LoadsEveryValueIntactAndAuditsExactlyTheChanges) {
  if (!fs::exists(make_corpus()))
    GTEST_SKIP() << "../shared/bench/make_corpus.py is not beside the checkout";
  if (std::system("/usr/bin/python3 -c 'import xlsxwriter, openpyxl' 2>/dev/null") != 0) {
    GTEST_SKIP()
        << "python3-xlsxwriter and python3-openpyxl are needed (scripts/setup installs them)";
  }
  test::TempDir dir;
  const auto data = dir.path() / "data";
  ASSERT_EQ(std::system(("/usr/bin/python3 " + make_corpus().string() + " " + data.string() +
                         " --rows 150 --files 4 --folders 2 --drift > /dev/null")
                            .c_str()),
            0);
  test::ScratchDatabase database;
  const std::map<std::string, std::string> env{{"DATABASE_URL", database.conninfo()}};

  const auto dry = test::run_pgdatahub({"etl", data.string(), "--dry-run", "--chunk-size", "40"},
                                       env, dir.path().string());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  for (const char* change : {"add_column sales_a.discount double precision",
                             "alter_type sales_a.qty integer -> double precision",
                             "alter_type sales_a.order_date date -> text"}) {
    EXPECT_NE(dry.out.find(change), std::string::npos) << change << "\n" << dry.out;
  }

  const auto run =
      test::run_pgdatahub({"etl", data.string(), "--chunk-size", "40"}, env, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  auto conn = database::Connection::open(database.conninfo());
  auto audit = conn.exec(
      "SELECT table_name || ' ' || change_type || ' ' || coalesce(column_name, '') || ' ' || "
      "coalesce(old_type, '') || ' ' || coalesce(new_type, '') FROM etl_schema_changes ORDER BY "
      "id");
  std::vector<std::string> changes;
  for (int i = 0; i < audit.rows(); ++i) changes.emplace_back(audit.text(i, 0));
  const std::vector<std::string> expected_changes = {
      "sales_a create_table   ",
      "sales_a add_column discount  double precision",
      "sales_a alter_type qty integer double precision",
      "sales_a alter_type order_date date text",
      "sales_a alter_type qty_2 integer double precision",
      "sales_a alter_type order_date_2 date text",
      "sales_b create_table   ",
      "sales_b add_column discount  double precision",
      "sales_b alter_type qty integer double precision",
      "sales_b alter_type order_date date text",
      "sales_b alter_type qty_2 integer double precision",
      "sales_b alter_type order_date_2 date text",
  };
  std::vector<std::string> sorted_changes = changes;
  std::vector<std::string> sorted_expected = expected_changes;
  std::sort(sorted_changes.begin(), sorted_changes.end());
  std::sort(sorted_expected.begin(), sorted_expected.end());
  EXPECT_EQ(sorted_changes, sorted_expected);

  // Every cell, against the oracle.
  const std::string oracle =
      capture("/usr/bin/python3 " + std::string(PGDATAHUB_SOURCE_DIR) +
              "/tests/integration/scripts/expected_cells.py " + data.string());
  std::map<std::string, std::vector<std::string>> names;  // file -> column names
  std::size_t checked = 0;
  std::size_t line_start = 0;
  std::map<std::pair<std::string, int>, std::map<std::string, std::string>>
      rows;  // (file,row) -> col -> text
  while (line_start < oracle.size()) {
    const auto end = oracle.find('\n', line_start);
    const auto cell = nlohmann::json::parse(oracle.substr(line_start, end - line_start));
    line_start = end + 1;
    const std::string file = cell["file"];
    if (cell.contains("headers")) {
      names[file] = naming::column_names(cell["headers"].get<std::vector<std::string>>(),
                                         schema::metadata_column_names());
      continue;
    }
    const auto column = names[file].at(cell["col"].get<std::size_t>());
    rows[{file, cell["row"].get<int>()}][column] = cell["text"];
  }
  for (const auto& [key, cells] : rows) {
    const std::string table = key.first.substr(0, key.first.find('/'));
    std::string select = "SELECT ";
    std::vector<std::string> columns;
    for (const auto& [column, text] : cells) {
      select += (columns.empty() ? "" : ", ") + database::quote_identifier(column) + "::text";
      columns.push_back(column);
    }
    select += " FROM " + database::quote_identifier(table) +
              " WHERE source_file = $1 AND source_row = $2";
    auto got = conn.exec(select, {key.first, std::to_string(key.second)});
    ASSERT_EQ(got.rows(), 1) << key.first << " row " << key.second;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      EXPECT_EQ(std::string(got.text(0, static_cast<int>(i))), cells.at(columns[i]))
          << key.first << " row " << key.second << " column " << columns[i];
      ++checked;
    }
  }
  EXPECT_GT(checked, 20000U);
  EXPECT_EQ(conn.exec("SELECT count(*) FROM sales_a").int64(0, 0) +
                conn.exec("SELECT count(*) FROM sales_b").int64(0, 0),
            1200);
}

}  // namespace
}  // namespace pgdatahub
