// The JSON contract (docs/json.md): every command's --json output, success or
// failure, is one document that validates against docs/json-schema.json, with
// the same exit codes as the text output.
#include "support/database_fixture.hpp"
#include "support/json_expectations.hpp"
#include "support/run_program.hpp"
#include "support/sample_books.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using test::run_pgdatahub;

class JsonContractTest : public test::DatabaseFixture {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0) {
      GTEST_SKIP() << "python3-jsonschema is needed (scripts/setup installs it)";
    }
  }

  // Runs pgdatahub with --json against the scratch database, checks the exit
  // code, validates the output against the schema and returns it parsed.
  nlohmann::json run(std::vector<std::string> args, int expected_exit) {
    args.emplace_back("--json");
    const auto result = pgdatahub(args);
    EXPECT_EQ(result.exit_code, expected_exit) << result.out << result.err;
    const fs::path output = m_dir.path() / "output.json";
    std::ofstream(output) << result.out;
    const std::string validate = "/usr/bin/python3 " + std::string(PGDATAHUB_SOURCE_DIR) +
                                 "/tests/support/validate_json.py " + PGDATAHUB_SOURCE_DIR +
                                 "/docs/json-schema.json < " + output.string();
    EXPECT_EQ(std::system(validate.c_str()), 0) << "does not match docs/json-schema.json:\n"
                                                << result.out;
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  void write_month(const std::string& name, bool with_decimals) {
    test::write_qty_book(data() / "sales" / name,
                         {.rows = 3, .decimals = with_decimals, .note = with_decimals});
  }
};

TEST_F(JsonContractTest, EveryCommandPrintsOneDocumentOfFormatOne) {
  write_month("2024-01.xlsx", false);
  write_month("2024-02.xlsx", true);

  auto plan = run({"etl", data().string(), "--dry-run"}, 0);
  EXPECT_EQ(plan["format"], 1);
  EXPECT_EQ(plan["command"], "etl");

  auto load = run({"etl", data().string()}, 0);
  EXPECT_EQ(load["loaded"], 2);
  // Schema changes are objects, not lines of text.
  bool widened = false;
  for (const auto& file : load["files"]) {
    for (const auto& change : file["schema_changes"]) {
      if (change["change"] == "alter_type") {
        widened = true;
        test::expect_widening(change, "sales", "qty", "integer", "double precision");
      }
    }
  }
  EXPECT_TRUE(widened) << load.dump(2);

  EXPECT_EQ(run({"etl", data().string()}, 0)["duplicates"], 2);
  auto status = run({"status"}, 0);
  ASSERT_EQ(status["tables"].size(), 1U);
  EXPECT_EQ(status["tables"][0]["files"], 2);
  auto history = run({"history"}, 0);
  EXPECT_EQ(history["imports"].size(), 2U);
  auto report = run({"report", "-o", (m_dir.path() / "report.html").string()}, 0);
  EXPECT_EQ(report["output"], (m_dir.path() / "report.html").string());
  EXPECT_TRUE(fs::exists(m_dir.path() / "report.html"));
  auto preview = run({"revert", "--table", "sales", "--dry-run"}, 0);
  EXPECT_EQ(preview["dry_run"], true);
  auto reverted = run({"revert", "--table", "sales", "--yes"}, 0);
  EXPECT_EQ(reverted["rows_deleted"], 6);
  EXPECT_EQ(reverted["schema_undo"][0]["change"], "drop_table");
}

TEST_F(JsonContractTest, FailuresAreDocumentsOnStdoutWithTheTextExitCodes) {
  auto usage = run({"etl", "--no-such-option"}, 2);
  EXPECT_EQ(usage["error"]["kind"], "usage");

  const auto unreachable =
      run_pgdatahub({"status", "--json", "--database-url", "postgresql:///nodb?host=/nonexistent"},
                    {}, m_dir.path().string());
  EXPECT_EQ(unreachable.exit_code, 2);
  const auto error = nlohmann::json::parse(unreachable.out, nullptr, false);
  EXPECT_EQ(error["format"], 1);
  EXPECT_EQ(error["error"]["kind"], "connection");
  EXPECT_TRUE(unreachable.err.empty()) << unreachable.err;

  // A database that is not running: `db status` exits 3, as pg_ctl status does.
  const auto stopped = run({"db", "status", "--home", (m_dir.path() / "nowhere").string()}, 3);
  EXPECT_EQ(stopped["running"], false);
}

}  // namespace
}  // namespace pgdatahub
