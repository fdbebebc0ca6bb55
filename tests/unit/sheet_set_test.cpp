// The `sheets` keys as parsed and inherited, how they join the read
// settings, and the table each sheet gets with `table_per_sheet`.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/read_spec.hpp>
#include <pgdatahub/orchestrator/sheet_tables.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::orchestrator {
namespace {

config::FolderConfig resolve(const std::string& yaml, const std::vector<std::string>& folder) {
  return config::EtlConfig::parse(yaml, "cfg.yaml").resolve(folder);
}

TEST(SheetSetTest, AllAListAndAPatternAreRead) {
  const auto all = resolve("sales:\n  sheets: all\n", {"sales"});
  ASSERT_TRUE(all.sheet_set.sheets);
  EXPECT_EQ(all.sheet_set.sheets->kind, config::SheetSet::Kind::All);
  EXPECT_FALSE(all.sheet_set.per_table());
  const auto list =
      resolve("sales:\n  sheets: [North, South]\n  table_per_sheet: true\n", {"sales"});
  EXPECT_EQ(list.sheet_set.sheets->names, (std::vector<std::string>{"North", "South"}));
  EXPECT_TRUE(list.sheet_set.per_table());
  const auto pattern = resolve("sales:\n  sheets: \"2024-*\"\n", {"sales"});
  EXPECT_EQ(pattern.sheet_set.sheets->kind, config::SheetSet::Kind::Pattern);
  EXPECT_EQ(pattern.sheet_set.sheets->pattern, "2024-*");
  EXPECT_EQ(read_spec(list).settings, "sheets=North|South; table_per_sheet=true");
}

TEST(SheetSetTest, TheNearerLevelChoosesBetweenSheetAndSheets) {
  const std::string yaml =
      "default_sheets: all\n"
      "default_include_hidden_sheets: true\n"
      "sales:\n  emea:\n    sheet: Export\n  apac:\n    table_per_sheet: true\n"
      "hr:\n  sheet: Staff\n  archive:\n    sheets: \"19*\"\n";
  const auto plain = resolve(yaml, {"finance"});
  EXPECT_FALSE(plain.sheet);
  EXPECT_EQ(plain.sheet_set.sheets->kind, config::SheetSet::Kind::All);
  EXPECT_TRUE(plain.sheet_set.hidden_too());
  const auto emea = resolve(yaml, {"sales", "emea"});
  EXPECT_EQ(emea.sheet, "Export");
  EXPECT_FALSE(emea.sheet_set.sheets);
  EXPECT_TRUE(resolve(yaml, {"sales", "apac"}).sheet_set.per_table());
  const auto archive = resolve(yaml, {"hr", "archive"});
  EXPECT_FALSE(archive.sheet);
  EXPECT_EQ(archive.sheet_set.sheets->pattern, "19*");
}

TEST(SheetSetTest, MalformedValuesNameTheirKey) {
  const auto fails_with = [](const std::string& yaml, const std::string& message) {
    try {
      config::EtlConfig::parse(yaml, "cfg.yaml");
      ADD_FAILURE() << "accepted: " << yaml;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  };
  fails_with("sales:\n  sheets: []\n", "cfg.yaml: sales.sheets must be `all`");
  fails_with("sales:\n  sheets: [[A]]\n", "every list item must be a sheet name");
  fails_with("sales:\n  table_per_sheet: maybe\n", "sales.table_per_sheet");
  fails_with("sales:\n  sheets: all\n  sheet: A\n", "sales: sheet and sheets are both set");
  fails_with("default_sheet: A\ndefault_sheets: all\n",
             "default_sheet and default_sheets are both set");
  fails_with("sales:\n  sheet_s: all\n", "unknown setting (did you mean sheets?)");
}

TEST(SheetSetTest, ATablePerSheetIsNamedAfterTheFolderAndTheSheet) {
  FileJob job;
  job.table = "regions";
  EXPECT_EQ(sheet_tables(job, {"North", "Sales EMEA", "Zürich", "日本"}),
            (std::vector<std::string>{"regions_north", "regions_sales_emea", "regions_zurich",
                                      "regions_sheet_4"}));
  EXPECT_THROW(sheet_tables(job, {"Q1", "q1"}), FileError);
  EXPECT_EQ(joined_names({"North", "South"}), "North, South");
}

}  // namespace
}  // namespace pgdatahub::orchestrator
