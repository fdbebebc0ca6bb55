// What the run says about its config, through the real binary: which file
// it read (or that it found none), and each folder key that matches no
// folder under DATA_DIR, with the folder it probably meant.
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class ConfigFeedbackTest : public ::testing::Test {
 protected:
  test::ScratchDatabase m_database;
  test::TempDir m_dir;

  fs::path data() const { return m_dir.path() / "data"; }
  std::string config_path() const { return (m_dir.path() / "cfg.yaml").string(); }

  void SetUp() override {
    fs::create_directories(data() / "sales" / "emea");
    std::ofstream(data() / "sales" / "emea" / "a.csv") << "Region,Amount\nNorth,1\n";
    fs::create_directories(data() / "hr");
  }

  test::ProgramResult etl(std::vector<std::string> extra) {
    std::vector<std::string> args{"etl", data().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_pgdatahub(args, {{"DATABASE_URL", m_database.conninfo()}},
                               m_dir.path().string());
  }
};

TEST_F(ConfigFeedbackTest, AFolderKeyMatchingNoFolderIsAWarningWithTheNearestName) {
  std::ofstream(config_path()) << "salse:\n  sheet: Data\n"
                                  "sales:\n  emae:\n    sheet: Export\n    deep: {sheet: X}\n"
                                  "hr: {sheet: People}\n"
                                  "archive: {sheet: Old}\n";
  const auto run = etl({"--config", config_path()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("warning: config key 'salse' matches no folder under DATA_DIR (did you "
                         "mean 'sales'?): its settings apply to nothing"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("warning: config key 'sales.emae' matches no folder under DATA_DIR (did "
                         "you mean 'sales.emea'?)"),
            std::string::npos)
      << run.err;
  // Nothing near: no suggestion. A key under a missing one is not named again,
  // and a folder without spreadsheets (hr) is still a folder.
  EXPECT_NE(run.err.find("warning: config key 'archive' matches no folder under DATA_DIR: its "
                         "settings apply to nothing"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("emae.deep"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("'hr'"), std::string::npos) << run.err;
  EXPECT_NE(
      run.out.find("config: " + fs::absolute(config_path()).lexically_normal().string() + "\n"),
      std::string::npos)
      << run.out;

  const auto json = etl({"--config", config_path(), "--dry-run", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.out << json.err;
  const auto summary = nlohmann::json::parse(json.out);
  EXPECT_EQ(summary["config"], fs::absolute(config_path()).lexically_normal().string());
  ASSERT_EQ(summary["warnings"].size(), 3u) << json.out;
  EXPECT_EQ(summary["warnings"][0],
            "config key 'archive' matches no folder under DATA_DIR: its settings apply to nothing");
}

TEST_F(ConfigFeedbackTest, TheSummarySaysWhenNoConfigFileWasFound) {
  const auto run = etl({});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("config: none (no --config, and no config/etl_config.yaml here)"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.err.find("warning:"), std::string::npos) << run.err;
  const auto json = etl({"--json"});
  EXPECT_TRUE(nlohmann::json::parse(json.out)["config"].is_null()) << json.out;
}

}  // namespace
}  // namespace pgdatahub
