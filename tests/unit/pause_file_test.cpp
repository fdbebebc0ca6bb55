// The pause file round-trips, is written atomically, refuses what it cannot
// resume, and a resumed plan puts failures first and drops what is done.
#include "support/read_file.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/pause/checkpoint.hpp>
#include <pgdatahub/pause/pause_authority.hpp>
#include <pgdatahub/pause/pause_file.hpp>
#include <pgdatahub/pause/resume_plan.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace pgdatahub::pause {
namespace {

namespace fs = std::filesystem;

PauseState sample() {
  PauseState state;
  state.tool_version = PGDATAHUB_VERSION;
  state.data_dir = "/srv/data";
  state.database = "postgresql://etl@db:5432/warehouse";
  state.options = {500, true, 5, 30, config::OnChange::Replace, "/srv/config/etl_config.yaml"};
  state.done = {{"sales/a.xlsx", "loaded", ""}, {"sales/b.xlsx", "duplicate", ""}};
  state.failed = {{"sales/c.xlsx", "failed", "not a spreadsheet"}};
  state.remaining = {"stock/x.xlsx", "stock/y.xlsx"};
  state.state = RunState::SectionFailed;
  state.stop_reason = "section 'sales' rolled back";
  state.failed_section = FailedSection{"sales", "sales/c.xlsx", "not a spreadsheet"};
  state.written_at = "2024-03-01T12:00:00Z";
  return state;
}

TEST(PauseFile, RoundTripsEveryField) {
  test::TempDir dir;
  const auto file = dir / ".etl_pause.json";
  write_pause_file(file, sample());
  const auto back = try_read_pause_file(file);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(to_json(*back), to_json(sample()));
  EXPECT_EQ(back->options.chunk_size, 500u);
  EXPECT_EQ(back->state, RunState::SectionFailed);
  ASSERT_TRUE(back->failed_section.has_value());
  EXPECT_EQ(back->failed_section->file, "sales/c.xlsx");
  // Nothing but the pause file is left in the folder.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(PauseFile, AbsentIsNulloptAndRemovable) {
  test::TempDir dir;
  EXPECT_FALSE(try_read_pause_file(dir / "none.json").has_value());
  EXPECT_FALSE(remove_pause_file(dir / "none.json"));
  write_pause_file(dir / "p.json", sample());
  EXPECT_TRUE(remove_pause_file(dir / "p.json"));
  EXPECT_FALSE(fs::exists(dir / "p.json"));
}

TEST(PauseFile, AFailedWriteLeavesThePreviousFileIntact) {
  test::TempDir dir;
  const auto file = dir / "p.json";
  write_pause_file(file, sample());
  const auto before = test::read_file(file);
  // A folder in the way of the temporary file makes the write fail.
  fs::create_directory(dir / (".p.json." + std::to_string(::getpid()) + ".tmp"));
  auto changed = sample();
  changed.remaining.clear();
  EXPECT_THROW(write_pause_file(file, changed), Error);
  EXPECT_EQ(test::read_file(file), before);
}

TEST(PauseFile, MalformedFilesAreConfigErrorsThatNameTheFile) {
  test::TempDir dir;
  const auto file = dir / "p.json";
  std::ofstream(file) << "{ not json";
  try {
    (void)try_read_pause_file(file);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  auto json = to_json(sample());
  json.erase("remaining");
  std::ofstream(file, std::ios::trunc) << json.dump();
  try {
    (void)try_read_pause_file(file);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'remaining' is missing"), std::string::npos) << e.what();
  }
}

// A libFuzzer finding: a format number beyond int converted with undefined
// behaviour inside the JSON library.
TEST(PauseFile, AFormatNumberBeyondRangeIsRefusedNotConverted) {
  test::TempDir dir;
  const auto file = dir / "p.json";
  for (const char* format : {"177777777777777777777777", "1.5", "-99999999999"}) {
    std::ofstream(file, std::ios::trunc)
        << "{\"format\": " << format << ", \"tool_version\": \"0\"}";
    try {
      (void)try_read_pause_file(file);
      FAIL() << "no error for format " << format;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("'format' is not a whole number in range"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(PauseFile, IsWrittenForItsOwnerOnly) {
  test::TempDir dir;
  write_pause_file(dir / "p.json", sample());
  const auto perms = fs::status(dir / "p.json").permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST(PauseFile, RefusesNumbersOutOfRangeInsteadOfWrappingThem) {
  test::TempDir dir;
  const auto file = dir / "p.json";
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"chunk_size", -5},
                                                           {"chunk_size", 0},
                                                           {"chunk_size", 1e300},
                                                           {"pause_every", -1},
                                                           {"pause_seconds", 2.5},
                                                           {"pause_seconds", "3"}}) {
    auto json = to_json(sample());
    json["options"][key] = value;
    std::ofstream(file, std::ios::trunc) << json.dump();
    try {
      (void)try_read_pause_file(file);
      ADD_FAILURE() << key << " = " << value.dump() << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("options." + key), std::string::npos) << e.what();
    }
  }
}

TEST(PauseAuthority, TakesTheFoldersOwnRunButNotOneElsewhere) {
  test::TempDir dir;
  fs::create_directories(dir / "data");
  auto state = sample();
  state.data_dir = canonical_data_dir(dir / "data");
  EXPECT_EQ(resume_data_dir(state, dir / ".etl_pause.json", ""), state.data_dir);
  EXPECT_EQ(resume_data_dir(state, dir / ".etl_pause.json", dir / "data"), state.data_dir);

  state.data_dir = "/etc";
  EXPECT_THROW(resume_data_dir(state, dir / ".etl_pause.json", ""), ConfigError);
  EXPECT_THROW(resume_data_dir(state, dir / ".etl_pause.json", dir / "data"), ConfigError);
  // Named by the user, a folder elsewhere is theirs to resume.
  EXPECT_EQ(resume_data_dir(state, dir / ".etl_pause.json", "/etc"), "/etc");
}

TEST(PauseAuthority, UsesTheConfigFileOnlyWhenItIsTheUsersOwn) {
  test::TempDir dir;
  std::ofstream(dir / "cfg.yaml") << "chunk_size: 10\n";
  auto state = sample();
  state.options.config_path = (dir / "cfg.yaml").string();
  EXPECT_NO_THROW(check_config_path(state, (dir / "." / "cfg.yaml").string()));
  EXPECT_THROW(check_config_path(state, ""), ConfigError);
  EXPECT_THROW(check_config_path(state, (dir / "other.yaml").string()), ConfigError);
  state.options.config_path.clear();
  EXPECT_NO_THROW(check_config_path(state, ""));
  EXPECT_THROW(check_config_path(state, (dir / "cfg.yaml").string()), ConfigError);
}

TEST(PauseFile, RefusesOtherVersionsDataDirsAndDatabases) {
  auto state = sample();
  EXPECT_NO_THROW(check_version(state, "p.json"));
  state.tool_version = "0.0.1";
  EXPECT_THROW(check_version(state, "p.json"), ConfigError);
  state = sample();
  state.format = format_version + 1;
  EXPECT_THROW(check_version(state, "p.json"), ConfigError);

  test::TempDir dir;
  fs::create_directories(dir / "data");
  state = sample();
  state.data_dir = canonical_data_dir(dir / "data");
  EXPECT_NO_THROW(check_data_dir(state, dir / "data" / "."));
  EXPECT_THROW(check_data_dir(state, dir.path()), ConfigError);
  EXPECT_NO_THROW(check_database(state, "postgresql://etl@db:5432/warehouse"));
  EXPECT_THROW(check_database(state, "postgresql://etl@db:5432/other"), ConfigError);
}

TEST(PauseFile, OptionsTravelBothWays) {
  config::Settings settings;
  settings.chunk_size = 123;
  settings.pause_every = 4;
  settings.on_change = config::OnChange::Replace;
  const auto options = options_of(settings, "c.yaml");
  config::Settings back;
  apply_options(options, back);
  EXPECT_EQ(back.chunk_size, 123u);
  EXPECT_EQ(back.pause_every, 4u);
  EXPECT_EQ(back.on_change, config::OnChange::Replace);
  EXPECT_FALSE(back.sectional_commit);
}

orchestrator::FileJob job(const std::string& name) {
  return orchestrator::FileJob{"/srv/data/" + name, name, "t", {}};
}

std::vector<std::string> names(const orchestrator::RunPlan& plan) {
  std::vector<std::string> out;
  for (const auto& section : plan.sections) {
    for (const auto& j : section) out.push_back(j.source_file);
    out.push_back("|");
  }
  return out;
}

TEST(ResumePlan, FailedFirstThenRemainingThenNewAndDoneDropped) {
  orchestrator::RunPlan plan;
  plan.sections = {
      {job("a/1"), job("a/2"), job("a/3")}, {job("b/1"), job("b/2")}, {job("c/1"), job("c/new")}};
  PauseState state;
  state.done = {{"a/1", "loaded", ""}, {"a/2", "loaded", ""}};
  state.remaining = {"a/3", "c/1", "gone/1"};
  state.failed = {{"b/2", "failed", "bad"}};
  const auto resumed = order_for_resume(plan, state);
  EXPECT_EQ(names(resumed.plan),
            (std::vector<std::string>{"b/2", "b/1", "|", "a/3", "|", "c/1", "c/new", "|"}));
  EXPECT_EQ(resumed.done, 2u);
  EXPECT_EQ(resumed.retried, 1u);
  EXPECT_EQ(resumed.missing, std::vector<std::string>{"gone/1"});
}

TEST(Checkpoint, StateAfterSplitsDoneFailedAndRemaining) {
  PauseState base;
  base.done = {{"a/0", "loaded", ""}};
  Checkpoint checkpoint("unused.json", base);
  orchestrator::RunSummary summary;
  orchestrator::FileOutcome loaded;
  loaded.status = orchestrator::FileStatus::Loaded;
  loaded.source_file = "a/1";
  orchestrator::FileOutcome failed;
  failed.status = orchestrator::FileStatus::Failed;
  failed.source_file = "a/2";
  failed.error = "broken";
  summary.outcomes = {loaded, failed};
  // Under sectional commit the failed file is still among the remaining ones.
  const auto state = checkpoint.state_after(summary, {job("a/2"), job("a/3")}, RunState::Stopped);
  ASSERT_EQ(state.done.size(), 2u);
  EXPECT_EQ(state.done[1].source_file, "a/1");
  ASSERT_EQ(state.failed.size(), 1u);
  EXPECT_EQ(state.failed[0].error, "broken");
  EXPECT_EQ(state.remaining, std::vector<std::string>{"a/3"});
}

// The library does not print: a pause file it cannot write comes back to the
// caller, who says so; a completed run removes the file and returns nothing.
TEST(Checkpoint, FinishReturnsTheStateWrittenOrWhyItCouldNotBe) {
  test::TempDir dir;
  orchestrator::RunSummary stopped;
  stopped.stopped = true;
  stopped.stop_reason = "stopped on request";
  stopped.remaining = {job("a/1")};

  Checkpoint saved(dir / "pause.json", PauseState{});
  const auto written = saved.finish(stopped);
  ASSERT_TRUE(written.saved);
  EXPECT_EQ(written.saved->remaining, std::vector<std::string>{"a/1"});
  EXPECT_TRUE(written.write_error.empty());
  EXPECT_TRUE(fs::exists(dir / "pause.json"));

  Checkpoint unwritable(dir / "no such folder" / "pause.json", PauseState{});
  const auto failed = unwritable.finish(stopped);
  EXPECT_FALSE(failed.saved);
  EXPECT_NE(failed.write_error.find("pause.json"), std::string::npos) << failed.write_error;

  const auto completed = saved.finish(orchestrator::RunSummary{});
  EXPECT_FALSE(completed.saved);
  EXPECT_TRUE(completed.write_error.empty());
  EXPECT_FALSE(fs::exists(dir / "pause.json"));
}

}  // namespace
}  // namespace pgdatahub::pause
