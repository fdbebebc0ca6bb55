// plan_schema is a pure function of a file's columns and the live table: the
// dry run prints its plan and the load applies exactly it, so what it decides
// is tested here without a database.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/schema/schema_plan.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::schema {
namespace {

using types::PgType;

FileColumn seen(const std::string& name, std::optional<PgType> type,
                std::optional<PgType> forced = std::nullopt) {
  return FileColumn{name, "Header of " + name, type, forced};
}

TableState table_with(const std::vector<std::pair<std::string, std::optional<PgType>>>& columns) {
  TableState live;
  live.exists = true;
  for (const auto& [name, type] : columns) {
    live.columns.push_back(
        LiveColumn{name, type ? std::string(types::sql_name(*type)) : "numeric", type});
  }
  for (const auto name : metadata_columns) {
    live.columns.push_back(LiveColumn{std::string(name), "", std::nullopt});
  }
  return live;
}

const HasValues holds_values = [](const std::string&) { return true; };
const HasValues holds_nothing = [](const std::string&) { return false; };

std::vector<std::string> described(const SchemaPlan& plan) {
  std::vector<std::string> lines;
  for (const auto& record : change_records(plan)) lines.push_back(describe(record));
  return lines;
}

TEST(PlanSchema, ANewTableIsCreatedWithTheFileColumnsInOrder) {
  const SchemaPlan plan = plan_schema("sales", TableState{},
                                      {seen("id", PgType::Integer), seen("note", std::nullopt),
                                       seen("code", PgType::Integer, PgType::Text)},
                                      holds_values);
  ASSERT_EQ(plan.changes.size(), 1U);
  EXPECT_EQ(plan.changes[0].kind, ChangeKind::CreateTable);
  // A column with no value yet is text; a forced type wins over inference.
  EXPECT_EQ(described(plan),
            std::vector<std::string>{"create_table sales (id integer, note text, code text)"});
  ASSERT_EQ(plan.create_columns.size(), 3U);
  EXPECT_EQ(plan.create_columns[0].header, "Header of id");
}

TEST(PlanSchema, AnUnchangedFileChangesNothing) {
  const TableState live = table_with({{"id", PgType::BigInt}, {"name", PgType::Text}});
  const SchemaPlan plan = plan_schema(
      "t", live, {seen("id", PgType::Integer), seen("name", PgType::Text)}, holds_values);
  EXPECT_TRUE(plan.empty());
}

TEST(PlanSchema, OnlyTheNewColumnIsAdded) {
  const TableState live = table_with({{"id", PgType::Integer}});
  const SchemaPlan plan = plan_schema(
      "t", live, {seen("id", PgType::Integer), seen("extra", PgType::Date)}, holds_values);
  EXPECT_EQ(described(plan), std::vector<std::string>{"add_column t.extra date"});
}

TEST(PlanSchema, AWiderValueWidensAlongTheLattice) {
  const TableState live =
      table_with({{"n", PgType::Integer}, {"d", PgType::Date}, {"mixed", PgType::Integer}});
  const SchemaPlan plan = plan_schema(
      "t", live,
      {seen("n", PgType::Double), seen("d", PgType::Timestamp), seen("mixed", PgType::Date)},
      holds_values);
  EXPECT_EQ(described(plan), (std::vector<std::string>{
                                 "alter_type t.n integer -> double precision",
                                 "alter_type t.d date -> timestamp",
                                 "alter_type t.mixed integer -> text",
                             }));
}

TEST(PlanSchema, ANarrowerValueNeverNarrowsAColumnThatHoldsValues) {
  const TableState live = table_with({{"n", PgType::Double}, {"s", PgType::Text}});
  const SchemaPlan plan =
      plan_schema("t", live, {seen("n", PgType::Integer), seen("s", PgType::Date)}, holds_values);
  EXPECT_TRUE(plan.empty());
}

TEST(PlanSchema, AnEmptyTextPlaceholderTakesTheFirstTypeThatArrives) {
  const TableState live = table_with({{"later", PgType::Text}});
  const SchemaPlan plan = plan_schema("t", live, {seen("later", PgType::BigInt)}, holds_nothing);
  ASSERT_EQ(plan.changes.size(), 1U);
  EXPECT_TRUE(plan.changes[0].column_was_empty);
  EXPECT_EQ(described(plan), std::vector<std::string>{
                                 "alter_type t.later text -> bigint (column holds no value yet)"});
}

TEST(PlanSchema, ColumnsOutsideTheFileOrTheLatticeAreLeftAlone) {
  // "by_hand" has a type set outside the lattice; "absent" is not in the file;
  // "blank" has no value in this file yet.
  const TableState live =
      table_with({{"by_hand", std::nullopt}, {"absent", PgType::Integer}, {"blank", PgType::Date}});
  const SchemaPlan plan = plan_schema(
      "t", live, {seen("by_hand", PgType::Text), seen("blank", std::nullopt)}, holds_values);
  EXPECT_TRUE(plan.empty());
}

TEST(PlanSchema, AForcedTypeIsAppliedEvenBeforeAnyValue) {
  const TableState live = table_with({{"code", PgType::Integer}});
  const SchemaPlan plan =
      plan_schema("t", live, {seen("code", std::nullopt, PgType::Text)}, holds_values);
  EXPECT_EQ(described(plan), std::vector<std::string>{"alter_type t.code integer -> text"});
}

TEST(PlanSchema, MoreColumnsThanPostgreSQLAllowsIsRefusedBeforeAnyChange) {
  std::vector<FileColumn> columns;
  for (std::size_t i = 0; i + metadata_columns.size() < max_table_columns + 1; ++i) {
    columns.push_back(seen("c" + std::to_string(i), PgType::Boolean));
  }
  try {
    (void)plan_schema("wide", TableState{}, columns, holds_values);
    FAIL() << "a table over 1600 columns was planned";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::TooWide);
    EXPECT_NE(std::string(error.what()).find("split the sheet"), std::string::npos);
  }
}

TEST(PlanSchema, RowsThatCouldNeverFitAPageAreRefused) {
  // 1100 bigint columns need 8800 bytes a row at the least.
  std::vector<FileColumn> columns;
  columns.reserve(1100);
  for (int i = 0; i < 1100; ++i) columns.push_back(seen("n" + std::to_string(i), PgType::BigInt));
  try {
    (void)plan_schema("heavy", TableState{}, columns, holds_values);
    FAIL() << "rows over the page size were planned";
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::TooWide);
  }
}

TEST(PlanSchema, SimulatingAPlanMakesTheSamePlanEmpty) {
  TableState state;
  const std::vector<FileColumn> columns = {seen("id", PgType::Integer), seen("at", PgType::Date)};
  simulate(plan_schema("t", state, columns, holds_values), state);
  EXPECT_TRUE(plan_schema("t", state, columns, holds_values).empty());

  const std::vector<FileColumn> wider = {seen("id", PgType::Double), seen("more", PgType::Text)};
  const SchemaPlan plan = plan_schema("t", state, wider, holds_values);
  EXPECT_EQ(planned_type(state, plan, "id"), PgType::Double);
  simulate(plan, state);
  EXPECT_TRUE(plan_schema("t", state, wider, holds_values).empty());
}

}  // namespace
}  // namespace pgdatahub::schema
