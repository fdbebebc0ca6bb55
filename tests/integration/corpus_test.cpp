// The loader against ../shared/corpus: 195 real spreadsheets from Excel,
// LibreOffice, Google Sheets, Numbers and others, broken ones included.
// Every file must load or fail with a specific reason; nothing crashes,
// nothing is half-loaded. Skipped (saying why) where the corpus is absent.
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <set>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() { return fs::path(PGDATAHUB_SOURCE_DIR) / ".." / "shared" / "corpus"; }

TEST(Corpus, EveryFileLoadsOrFailsWithASpecificReason) {
  if (!fs::is_directory(corpus_dir())) {
    GTEST_SKIP() << "../shared/corpus is not beside the checkout; the corpus run needs it";
  }
  test::ScratchDatabase database;
  test::TempDir dir;
  const auto run =
      test::run_pgdatahub({"etl", corpus_dir().string(), "--json"},
                          {{"DATABASE_URL", database.conninfo()}}, dir.path().string());
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 1) << "exit " << run.exit_code << "\n"
                                                        << run.err;
  const auto summary = nlohmann::json::parse(run.out);

  std::set<std::string> seen;
  const std::set<std::string> specific = {"corrupt",           "truncated",     "encrypted",
                                          "not a spreadsheet", "not supported", "resource limit",
                                          "too wide",          "missing sheet", "empty"};
  auto conn = database::Connection::open(database.conninfo());
  for (const auto& file : summary["files"]) {
    const std::string name = file["file"];
    seen.insert(name);
    const std::string status = file["status"];
    ASSERT_TRUE(status == "loaded" || status == "failed" || status == "empty")
        << name << ": " << status;
    const std::string table = file["table"];
    const bool table_exists =
        conn.exec("SELECT to_regclass($1) IS NOT NULL", {database::quote_identifier(table)})
            .text(0, 0) == "t";
    const std::int64_t rows =
        table_exists ? conn.exec("SELECT count(*) FROM " + database::quote_identifier(table) +
                                     " WHERE source_file = $1",
                                 {name})
                           .int64(0, 0)
                     : 0;
    if (status == "failed") {
      EXPECT_TRUE(specific.count(file["reason"].get<std::string>()) == 1)
          << name << " failed for an unspecific reason: " << file["reason"] << " " << file["error"];
      EXPECT_FALSE(file["error"].get<std::string>().empty()) << name;
      EXPECT_EQ(rows, 0) << name << " failed but left rows behind";
      // An empty sheet is not a failure; only a file with no byte or no
      // worksheet at all is empty for a reason of its own.
      if (file["reason"] == "empty") {
        const std::string error = file["error"];
        EXPECT_TRUE(error.find("0 bytes") != std::string::npos ||
                    error.find("no worksheet") != std::string::npos)
            << name << ": " << error;
      }
    } else {
      EXPECT_EQ(rows, file["rows"].get<std::int64_t>()) << name;
    }
  }
  // Every spreadsheet of the corpus was looked at (the manifest is not a spreadsheet).
  for (const auto& entry : fs::recursive_directory_iterator(corpus_dir())) {
    if (!entry.is_regular_file()) continue;
    const auto relative = entry.path().lexically_relative(corpus_dir()).generic_string();
    const auto ext = entry.path().extension().string();
    if (ext == ".tsv" || ext == ".md") continue;
    EXPECT_EQ(seen.count(relative), 1U) << relative << " was not attempted";
  }
  EXPECT_GT(summary["loaded"].get<int>(), 100);
  std::cout << "corpus: " << summary["loaded"] << " loaded, " << summary["empty"] << " empty, "
            << summary["failed"] << " failed\n";
}

}  // namespace
}  // namespace pgdatahub
