// Revert, history and replace-on-change, end to end: the real binary undoes
// imports exactly, rows and schema, and a reload gives the same tables.
#include "support/database_fixture.hpp"
#include "support/run_program.hpp"
#include "support/sample_books.hpp"
#include "support/test_seed.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>
#include <variant>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using test::run_pgdatahub;

class RevertTest : public test::DatabaseFixture {
 protected:
  std::int64_t import_id(const std::string& file) {
    return std::stoll(scalar(
        "SELECT max(id) FROM etl_imports WHERE source_file = $1 AND status = 'loaded'", {file}));
  }

  // A folder whose files drift: a column added, integer -> double -> text,
  // a date turning text, integer -> bigint; and a second, quiet table.
  void write_drift_file(const std::string& name) {
    const auto file = data() / "drift" / name;
    if (name == "a.xlsx") {
      test::write_sheet(
          file, {"id", "qty", "day"},
          {{1.0, 1.0, test::SheetDate{2024, 1, 1}}, {2.0, 2.0, test::SheetDate{2024, 1, 2}}});
    } else if (name == "b.xlsx") {
      test::write_sheet(file, {"id", "qty", "day", "note"},
                        {{3.0, 2.5, test::SheetDate{2024, 1, 3}, std::string("first note")}});
    } else if (name == "c.xlsx") {
      test::write_sheet(file, {"id", "qty", "day"},
                        {{4.0, std::string("about 7"), std::string("unknown")},
                         {5.0, 7.0, test::SheetDate{2024, 1, 5}}});
    } else {
      test::write_sheet(file, {"id", "qty"}, {{3000000000.0, 8.0}});
    }
  }

  void write_drift_tree() {
    for (const char* name : {"a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"}) write_drift_file(name);
    test::write_sheet(data() / "other" / "x.xlsx", {"name", "size"},
                      {{std::string("x"), 1.0}, {std::string("y"), 2.0}});
  }

  std::vector<std::string> data_tables() {
    auto result = m_conn.exec(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT LIKE 'etl\\_%' "
        "ORDER BY 1");
    std::vector<std::string> tables;
    tables.reserve(static_cast<std::size_t>(result.rows()));
    for (int row = 0; row < result.rows(); ++row) tables.emplace_back(result.text(row, 0));
    return tables;
  }

  // Every data table: its columns and types in order, and its rows without
  // the import id and load time.
  std::string snapshot() {
    std::string out;
    for (const auto& table : data_tables()) {
      out += "table " + table + ":";
      auto columns = m_conn.exec(
          "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute "
          "WHERE attrelid = to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped ORDER "
          "BY attnum",
          {table});
      for (int row = 0; row < columns.rows(); ++row)
        out += " " + std::string(columns.text(row, 0)) + ",";
      out += "\n";
      auto rows =
          m_conn.exec("SELECT (to_jsonb(t) - 'etl_import_id' - 'load_timestamp')::text FROM \"" +
                      table + "\" t ORDER BY source_file, source_row");
      for (int row = 0; row < rows.rows(); ++row)
        out += "  " + std::string(rows.text(row, 0)) + "\n";
    }
    return out;
  }
};

TEST_F(RevertTest, RevertingEveryImportInRandomOrderRestoresTheDatabaseAndAReloadIsIdentical) {
  write_drift_tree();
  const auto first = etl();
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const std::string loaded = snapshot();
  ASSERT_EQ(column_type("drift", "qty"), "text");
  ASSERT_EQ(column_type("drift", "day"), "text");
  ASSERT_EQ(column_type("drift", "id"), "bigint");

  std::vector<std::int64_t> ids;
  auto result = m_conn.exec("SELECT id FROM etl_imports WHERE status = 'loaded' ORDER BY id");
  ids.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) ids.push_back(result.int64(row, 0));
  ASSERT_EQ(ids.size(), 5U);
  const unsigned seed = test::test_seed("revert order");
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::shuffle(ids.begin(), ids.end(), random);

  for (const auto id : ids) {
    const auto run = pgdatahub({"revert", "--import", std::to_string(id), "--yes"});
    ASSERT_EQ(run.exit_code, 0) << "import " << id << "\n" << run.out << run.err;
    // Every table holds exactly the rows of its loaded imports.
    for (const auto& table : data_tables()) {
      EXPECT_EQ(scalar("SELECT count(*) FROM \"" + table + "\""),
                scalar("SELECT coalesce(sum(row_count), 0) FROM etl_imports WHERE status = "
                       "'loaded' AND table_name = $1",
                       {table}))
          << table << " after reverting " << id << "\n"
          << run.out;
    }
  }

  EXPECT_TRUE(data_tables().empty()) << snapshot();
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status <> 'reverted'"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE reverted_at IS NULL"), "0");
  // The audit is complete: each table created was dropped, every undo row
  // names a reverted import.
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'create_table'"),
            "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'drop_table'"),
            "2");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes c LEFT JOIN etl_imports i ON i.id = "
                   "c.etl_import_id "
                   "WHERE c.change_type IN ('drop_table', 'drop_column') "
                   "AND (i.status IS DISTINCT FROM 'reverted' OR c.changed_at < i.reverted_at)"),
            "0");

  const auto again = etl();
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "5");
  EXPECT_EQ(snapshot(), loaded);
}

TEST_F(RevertTest, UndoesWidenedTypesAndAddedColumnsNewestFirst) {
  write_drift_file("a.xlsx");
  ASSERT_EQ(etl().exit_code, 0);
  const std::string only_a = snapshot();
  write_drift_file("b.xlsx");
  write_drift_file("c.xlsx");
  // One job: c.xlsx widens what b.xlsx made, and files of one table load at
  // once with more.
  ASSERT_EQ(etl({"--jobs", "1"}).exit_code, 0);
  ASSERT_EQ(column_type("drift", "qty"), "text");
  ASSERT_EQ(column_type("drift", "note"), "text");

  const auto c = pgdatahub({"revert", "--file", "drift/c.xlsx", "--yes"});
  ASSERT_EQ(c.exit_code, 0) << c.out << c.err;
  EXPECT_EQ(column_type("drift", "qty"), "double precision");
  EXPECT_EQ(column_type("drift", "day"), "date");
  EXPECT_NE(c.out.find("narrow type"), std::string::npos) << c.out;

  const auto b = pgdatahub({"revert", "--file", "drift/b.xlsx", "--yes"});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_EQ(column_type("drift", "qty"), "integer");
  EXPECT_EQ(column_type("drift", "note"), "");
  EXPECT_EQ(snapshot(), only_a);
  EXPECT_EQ(
      scalar(
          "SELECT count(*) FROM etl_schema_changes c JOIN etl_imports i ON i.id = c.etl_import_id "
          "WHERE c.change_type = 'drop_column' AND c.column_name = 'note' AND i.source_file = "
          "'drift/b.xlsx'"),
      "1");
  EXPECT_EQ(scalar("SELECT old_type || '>' || new_type FROM etl_schema_changes WHERE change_type = "
                   "'alter_type' "
                   "AND column_name = 'qty' ORDER BY id DESC LIMIT 1"),
            "double precision>integer");
}

TEST_F(RevertTest, KeepsWhatRemainingDataNeedsAndSaysWhy) {
  test::write_sheet(data() / "t" / "1.xlsx", {"qty"}, {{1.0}});
  test::write_sheet(data() / "t" / "2.xlsx", {"qty", "extra"}, {{2.5, std::string("e")}});
  test::write_sheet(data() / "t" / "3.xlsx", {"qty", "extra"}, {{3.5, std::string("f")}});
  // One job: the changes below are those 2.xlsx makes after 1.xlsx made the
  // table, and files of one table load at once with more.
  ASSERT_EQ(etl({"--jobs", "1"}).exit_code, 0);
  ASSERT_EQ(column_type("t", "qty"), "double precision");

  const auto run = pgdatahub({"revert", "--file", "t/2.xlsx", "--yes"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(column_type("t", "qty"), "double precision");
  EXPECT_EQ(column_type("t", "extra"), "text");
  EXPECT_NE(run.out.find("do not fit integer"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("column t.extra stays"), std::string::npos) << run.out;
  EXPECT_EQ(scalar("SELECT string_agg(qty::text, ',' ORDER BY qty) FROM t"), "1,3.5");

  // Once the value that needed them goes too, the pending undo happens.
  const auto last = pgdatahub({"revert", "--file", "t/3.xlsx", "--yes"});
  ASSERT_EQ(last.exit_code, 0) << last.out << last.err;
  EXPECT_EQ(column_type("t", "qty"), "integer");
  EXPECT_EQ(column_type("t", "extra"), "");
}

TEST_F(RevertTest, DryRunPrintsThePlanAndChangesNothing) {
  write_drift_tree();
  ASSERT_EQ(etl().exit_code, 0);
  const std::string before = snapshot();
  const std::string ledger =
      scalar("SELECT string_agg(id || status, ',' ORDER BY id) FROM etl_imports");
  const std::string audit = scalar("SELECT count(*) FROM etl_schema_changes");

  const auto run = pgdatahub({"revert", "--table", "drift", "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("dry run: nothing was changed"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("drift/c.xlsx"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("DROP TABLE \"public\".\"drift\""), std::string::npos) << run.out;
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(scalar("SELECT string_agg(id || status, ',' ORDER BY id) FROM etl_imports"), ledger);
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes"), audit);

  const auto json = pgdatahub({"revert", "--file", "drift/c.xlsx", "--dry-run", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto plan = nlohmann::json::parse(json.out);
  EXPECT_EQ(plan["rows"], 2);
  EXPECT_EQ(plan["imports"].size(), 1U);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(RevertTest, RefusesWithoutATerminalUnlessTold) {
  write_drift_tree();
  ASSERT_EQ(etl().exit_code, 0);
  const std::string before = snapshot();
  const auto run = pgdatahub({"revert", "--file", "other/x.xlsx"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--yes"), std::string::npos) << run.err;
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'reverted'"), "0");
}

TEST_F(RevertTest, UnknownFileHashOrIdIsAClearErrorWithExitCodeTwo) {
  write_drift_tree();
  ASSERT_EQ(etl().exit_code, 0);
  const auto id = pgdatahub({"revert", "--import", "9999", "--yes"});
  EXPECT_EQ(id.exit_code, 2);
  EXPECT_NE(id.err.find("no import with id 9999"), std::string::npos) << id.err;
  const auto hash = pgdatahub({"revert", "--hash", "00000000deadbeef", "--yes"});
  EXPECT_EQ(hash.exit_code, 2);
  EXPECT_NE(hash.err.find("no import of a file with hash"), std::string::npos) << hash.err;
  const auto file = pgdatahub({"revert", "--file", "drift/nope.xlsx", "--yes"});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.err.find("no import of a file named drift/nope.xlsx"), std::string::npos)
      << file.err;
  const auto twice =
      pgdatahub({"revert", "--import", std::to_string(import_id("other/x.xlsx")), "--yes"});
  ASSERT_EQ(twice.exit_code, 0) << twice.err;
  const auto again = pgdatahub({"revert", "--file", "other/x.xlsx", "--yes"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already reverted"), std::string::npos) << again.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'reverted'"), "1");
}

TEST_F(RevertTest, ByHashAndByAPathThatEndsWithTheLoadedName) {
  write_drift_tree();
  ASSERT_EQ(etl().exit_code, 0);
  const std::string hash =
      scalar("SELECT file_sha256 FROM etl_imports WHERE source_file = 'drift/d.xlsx'");
  const auto by_hash = pgdatahub({"revert", "--hash", hash.substr(0, 10), "--yes"});
  ASSERT_EQ(by_hash.exit_code, 0) << by_hash.err;
  EXPECT_EQ(column_type("drift", "id"), "integer");
  const auto by_path =
      pgdatahub({"revert", "--file", (data() / "other" / "x.xlsx").string(), "--yes"});
  ASSERT_EQ(by_path.exit_code, 0) << by_path.err;
  EXPECT_EQ(data_tables(), std::vector<std::string>{"drift"});
}

TEST_F(RevertTest, TakesTheLatestVersionOfAPathUnlessAllVersionsAreAsked) {
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}, {2.0}});
  ASSERT_EQ(etl().exit_code, 0);
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{10.0}, {20.0}, {30.0}});
  ASSERT_EQ(etl().exit_code, 0);
  ASSERT_EQ(scalar("SELECT count(*) FROM sales"), "5");

  const auto latest = pgdatahub({"revert", "--file", "sales/a.xlsx", "--yes"});
  ASSERT_EQ(latest.exit_code, 0) << latest.err;
  EXPECT_EQ(scalar("SELECT string_agg(n::text, ',' ORDER BY n) FROM sales"), "1,2");

  // A reverted version loads again with the next etl.
  ASSERT_EQ(etl().exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "5");

  const auto all = pgdatahub({"revert", "--file", "sales/a.xlsx", "--all-versions", "--yes"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("reverted: 2 import(s), 5 rows deleted"), std::string::npos) << all.out;
  EXPECT_TRUE(data_tables().empty());
}

TEST_F(RevertTest, KeepSchemaRevertsRowsOnly) {
  write_drift_tree();
  ASSERT_EQ(etl().exit_code, 0);
  const std::string audit = scalar("SELECT count(*) FROM etl_schema_changes");
  const auto run = pgdatahub({"revert", "--table", "drift", "--keep-schema", "--yes"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM drift"), "0");
  EXPECT_EQ(column_type("drift", "qty"), "text");
  EXPECT_EQ(column_type("drift", "note"), "text");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes"), audit);
  EXPECT_EQ(scalar("SELECT count(*) FROM other"), "2");
}

TEST_F(RevertTest, RevertsSinceATime) {
  test::write_sheet(data() / "s" / "old.xlsx", {"n"}, {{1.0}});
  ASSERT_EQ(etl().exit_code, 0);
  const std::string cut = scalar(
      "SELECT to_char(max(imported_at) + interval '1 millisecond', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS.MS') FROM etl_imports");
  // The next import must be stamped after the cut.
  ASSERT_TRUE(test::eventually(
      [&] { return scalar("SELECT (now() AT TIME ZONE 'UTC') > $1::timestamp", {cut}) == "t"; }));
  test::write_sheet(data() / "s" / "new.xlsx", {"n"}, {{2.0}});
  ASSERT_EQ(etl().exit_code, 0);
  const auto run = pgdatahub({"revert", "--table", "s", "--since", cut, "--yes"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(scalar("SELECT string_agg(n::text, ',') FROM s"), "1");
  const auto bad = pgdatahub({"revert", "--table", "s", "--since", "yesterday-ish", "--yes"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--since takes an ISO time"), std::string::npos) << bad.err;
}

TEST_F(RevertTest, ReplaceOnChangeKeepsOnlyTheLatestVersionOfEachFile) {
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}, {2.0}, {3.0}});
  test::write_sheet(data() / "sales" / "b.xlsx", {"n"}, {{100.0}});
  ASSERT_EQ(etl({}, {{"ETL_ON_CHANGE", "replace"}}).exit_code, 0);
  const auto first = import_id("sales/a.xlsx");
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{7.0}, {8.0}});
  const auto run = etl({"--json"}, {{"ETL_ON_CHANGE", "replace"}});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(scalar("SELECT string_agg(n::text, ',' ORDER BY n) FROM sales"), "7,8,100");
  EXPECT_EQ(scalar("SELECT status FROM etl_imports WHERE id = $1", {std::to_string(first)}),
            "reverted");
  const auto summary = nlohmann::json::parse(run.out);
  bool seen = false;
  for (const auto& file : summary["files"]) {
    if (file["file"] == "sales/a.xlsx") {
      EXPECT_EQ(file["replaced_imports"], nlohmann::json::array({first}));
      seen = true;
    }
  }
  EXPECT_TRUE(seen) << run.out;

  // The default appends: both versions stay.
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{9.0}});
  ASSERT_EQ(etl().exit_code, 0);
  EXPECT_EQ(scalar("SELECT string_agg(n::text, ',' ORDER BY n) FROM sales"), "7,8,9,100");
}

TEST_F(RevertTest, ARevertWaitsForALoadOfTheSameTableAndNeverSeesOneHalfDone) {
  test::write_sheet(data() / "w" / "a.xlsx", {"n"}, {{1.0}});
  ASSERT_EQ(etl().exit_code, 0);
  const auto id = import_id("w/a.xlsx");

  // A load in progress: it holds the table's lock and its import row is not committed.
  auto loader = database::Connection::open(m_database.conninfo());
  database::Transaction loading(loader);
  ledger::lock_table(loader, "w");
  const auto pending =
      loader
          .exec(
              "INSERT INTO etl_imports (table_name, source_file, file_sha256, status) "
              "VALUES ('w', 'w/b.xlsx', repeat('b', 64), 'loaded') RETURNING id")
          .int64(0, 0);
  const auto half = pgdatahub({"revert", "--import", std::to_string(pending), "--yes"});
  EXPECT_EQ(half.exit_code, 2) << half.out;
  EXPECT_NE(half.err.find("still loading"), std::string::npos) << half.err;

  const fs::path output = m_dir.path() / "revert.out";
  const int pid = test::spawn_pgdatahub({"revert", "--import", std::to_string(id), "--yes"}, env(),
                                        m_dir.path().string(), output.string());
  ASSERT_TRUE(someone_waits_for_a_table_lock());  // the revert, queued behind the load
  EXPECT_EQ(scalar("SELECT status FROM etl_imports WHERE id = $1", {std::to_string(id)}), "loaded");
  loading.commit();
  EXPECT_EQ(test::wait_for(pid), 0);
  EXPECT_EQ(scalar("SELECT status FROM etl_imports WHERE id = $1", {std::to_string(id)}),
            "reverted");
  EXPECT_EQ(scalar("SELECT status FROM etl_imports WHERE id = $1", {std::to_string(pending)}),
            "loaded");
}

TEST_F(RevertTest, ARevertAndARealLoadOfTheSameTableBothComplete) {
  test::write_sheet(data() / "big" / "a.xlsx", {"n"}, {{1.0}, {2.0}});
  ASSERT_EQ(etl().exit_code, 0);
  const auto id = import_id("big/a.xlsx");
  std::vector<std::vector<test::SheetValue>> rows;
  rows.reserve(40000);
  for (int i = 0; i < 40000; ++i)
    rows.push_back({static_cast<double>(i), std::string("row ") + std::to_string(i)});
  test::write_sheet(data() / "big" / "b.xlsx", {"n", "label"}, rows);
  const int load = test::spawn_pgdatahub({"etl", data().string()}, env(), m_dir.path().string(),
                                         (m_dir.path() / "etl.out").string());
  // The revert starts once the load holds the table's lock (or is already done).
  test::eventually([&] {
    const fs::path output = m_dir.path() / "etl.out";
    return scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted") != "0" ||
           (fs::exists(output) && fs::file_size(output) > 0);
  });
  const int revert =
      test::spawn_pgdatahub({"revert", "--import", std::to_string(id), "--yes"}, env(),
                            m_dir.path().string(), (m_dir.path() / "revert.out").string());
  EXPECT_EQ(test::wait_for(load), 0);
  EXPECT_EQ(test::wait_for(revert), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM big WHERE source_file = 'big/b.xlsx'"), "40000");
  EXPECT_EQ(scalar("SELECT count(*) FROM big WHERE etl_import_id = $1", {std::to_string(id)}), "0");
  // A worker may claim a.xlsx before the revert and check it after: the file is
  // then no longer loaded and loads again, as a new import. Either way every
  // row left belongs to a loaded import.
  EXPECT_EQ(scalar("SELECT count(*) FROM big b JOIN etl_imports i ON i.id = b.etl_import_id "
                   "WHERE i.status <> 'loaded'"),
            "0");
}

TEST_F(RevertTest, HistoryListsImportsAndSchemaChangesNewestFirst) {
  write_drift_tree();
  // One job: the history below is in the files' order, and files of one
  // table load at once with more.
  ASSERT_EQ(etl({"--jobs", "1"}).exit_code, 0);
  ASSERT_EQ(pgdatahub({"revert", "--file", "drift/d.xlsx", "--yes"}).exit_code, 0);
  const auto run = pgdatahub({"history", "--table", "drift", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto history = nlohmann::json::parse(run.out);
  ASSERT_EQ(history["imports"].size(), 4U);
  EXPECT_EQ(history["imports"][0]["file"], "drift/d.xlsx");
  EXPECT_EQ(history["imports"][0]["status"], "reverted");
  EXPECT_EQ(history["imports"][3]["file"], "drift/a.xlsx");
  EXPECT_EQ(history["imports"][3]["status"], "loaded");
  EXPECT_EQ(history["schema_changes"][0]["change"], "alter_type");
  EXPECT_EQ(history["schema_changes"][0]["old_type"], "bigint");
  EXPECT_EQ(history["schema_changes"][0]["new_type"], "integer");
  EXPECT_EQ(history["schema_changes"].back()["change"], "create_table");
  for (const auto& change : history["schema_changes"]) EXPECT_EQ(change["table"], "drift");

  const auto text = pgdatahub({"history", "--file", "other/x.xlsx"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("other/x.xlsx"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("drift/"), std::string::npos) << text.out;

  const auto status = pgdatahub({"status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(nlohmann::json::parse(status.out)["totals"]["reverted"], 1);
}

}  // namespace
}  // namespace pgdatahub
