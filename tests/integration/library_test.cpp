// The library without the binary: the functions the commands are thin
// wrappers of, driven directly against a real PostgreSQL, as a report or
// another program would drive them.
#include "support/database_fixture.hpp"
#include "support/sample_books.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_queries.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/orchestrator/load_run.hpp>
#include <pgdatahub/revert/revert_run.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

// Remembers what the run told its observer.
class RecordingObserver : public orchestrator::RunObserver {
 public:
  void connected(std::string_view display) override { database = display; }
  void file_finished(const orchestrator::FileOutcome& outcome) override {
    finished.push_back(outcome.source_file);
  }
  std::string database;
  std::vector<std::string> finished;
};

class LibraryTest : public test::DatabaseFixture {
 protected:
  std::atomic<bool> m_stop{false};

  orchestrator::LoadRequest request() const {
    orchestrator::LoadRequest request;
    request.settings.database_url = m_database.conninfo();
    request.settings.pause_file = m_dir.path() / "pause.json";
    request.settings.log_file = m_dir.path() / "etl.log";
    request.data_dir = data().string();
    request.settings.jobs = 1;
    return request;
  }

  // One job unless a test names more: files of one table load at once with
  // several, and these tests read the files' order and the imports' ids.
  orchestrator::LoadResult load(std::size_t jobs = 1) {
    RecordingObserver observer;
    auto load_request = request();
    load_request.settings.jobs = jobs;
    return orchestrator::run_load(load_request, observer, m_stop);
  }
};

TEST_F(LibraryTest, RunLoadLoadsAFolderAndReturnsWhatHappened) {
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}, {2.0}});
  test::write_sheet(data() / "sales" / "b.xlsx", {"n", "extra"}, {{3.0, 4.0}});
  RecordingObserver observer;
  const auto result = orchestrator::run_load(request(), observer, m_stop);

  EXPECT_EQ(result.summary.loaded, 2u);
  EXPECT_EQ(result.summary.rows, 3u);
  EXPECT_FALSE(result.summary.stopped);
  EXPECT_FALSE(result.saved);  // a completed run leaves no pause file
  EXPECT_FALSE(fs::exists(m_dir.path() / "pause.json"));
  EXPECT_FALSE(result.embedded);
  EXPECT_FALSE(result.planned_only);
  EXPECT_FALSE(result.database.empty());
  EXPECT_EQ(observer.database, result.database);
  EXPECT_EQ(observer.finished, (std::vector<std::string>{"sales/a.xlsx", "sales/b.xlsx"}));
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "3");

  // The same folder again: every file is a duplicate.
  const auto again = load();
  EXPECT_EQ(again.summary.duplicates, 2u);
  EXPECT_EQ(again.summary.loaded, 0u);
}

TEST_F(LibraryTest, LedgerExistsOnlyOnceSomethingWasLoaded) {
  EXPECT_FALSE(ledger::exists(m_conn));
  EXPECT_TRUE(ledger::table_summaries(m_conn).empty());
  const auto nothing = ledger::history(m_conn, {});
  EXPECT_TRUE(nothing.imports.empty());
  EXPECT_TRUE(nothing.schema_changes.empty());

  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}});
  load();
  EXPECT_TRUE(ledger::exists(m_conn));
}

TEST_F(LibraryTest, TableSummariesCountFilesRowsColumnsAndReverts) {
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}, {2.0}});
  test::write_sheet(data() / "sales" / "b.xlsx", {"n", "extra"}, {{3.0, 4.0}});
  test::write_sheet(data() / "stock" / "c.xlsx", {"qty"}, {{5.0}});
  load();
  m_conn.exec("UPDATE etl_imports SET status = 'reverted' WHERE source_file = 'stock/c.xlsx'");

  const auto tables = ledger::table_summaries(m_conn);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].table, "sales");
  EXPECT_EQ(tables[0].files, 2);
  EXPECT_EQ(tables[0].rows, 3);
  EXPECT_EQ(tables[0].columns, std::stoll(scalar("SELECT count(*) FROM information_schema.columns "
                                                 "WHERE table_name = 'sales'")));
  EXPECT_TRUE(tables[0].last_import.has_value());
  EXPECT_TRUE(tables[0].table_exists);
  EXPECT_EQ(tables[1].table, "stock");
  EXPECT_EQ(tables[1].files, 0);
  EXPECT_EQ(tables[1].reverted, 1);
  EXPECT_FALSE(tables[1].last_import.has_value());

  m_conn.exec("DROP TABLE stock");
  EXPECT_FALSE(ledger::table_summaries(m_conn)[1].table_exists);
  EXPECT_EQ(ledger::table_summaries(m_conn)[1].columns, 0);
}

TEST_F(LibraryTest, HistoryListsImportsAndSchemaChangesNewestFirstAndFilters) {
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}, {2.0}});
  test::write_sheet(data() / "sales" / "b.xlsx", {"n", "extra"}, {{3.0, 4.0}});
  test::write_sheet(data() / "stock" / "c.xlsx", {"qty"}, {{5.0}});
  load(1);

  const auto all = ledger::history(m_conn, {});
  ASSERT_EQ(all.imports.size(), 3u);
  EXPECT_GT(all.imports[0].id, all.imports[2].id);  // newest first
  EXPECT_EQ(all.imports[2].file, "sales/a.xlsx");
  EXPECT_EQ(all.imports[2].rows, 2);
  EXPECT_EQ(all.imports[2].status, ledger::status_loaded);
  EXPECT_EQ(all.imports[2].sha256.size(), 64u);
  EXPECT_TRUE(all.imports[2].duration_ms.has_value());
  EXPECT_FALSE(all.imports[2].reverted_at.has_value());

  const auto sales = ledger::history(m_conn, {std::string("sales"), std::nullopt});
  EXPECT_EQ(sales.imports.size(), 2u);
  bool added_extra = false;
  for (const auto& change : sales.schema_changes) {
    EXPECT_EQ(change.table, "sales");
    if (change.change == ledger::change_add_column && change.column == "extra") {
      added_extra = true;
      EXPECT_EQ(change.file, "sales/b.xlsx");
      EXPECT_EQ(change.import_id, sales.imports[0].id);
    }
  }
  EXPECT_TRUE(added_extra);
  EXPECT_EQ(sales.schema_changes.back().change, ledger::change_create_table);

  // A path ending with the one loaded names it too.
  const auto one = ledger::history(m_conn, {std::nullopt, std::string("data/sales/a.xlsx")});
  ASSERT_EQ(one.imports.size(), 1u);
  EXPECT_EQ(one.imports[0].file, "sales/a.xlsx");
  EXPECT_TRUE(ledger::history(m_conn, {std::string("nope"), std::nullopt}).imports.empty());
}

TEST_F(LibraryTest, RevertExecuteRevertsTheConfirmedImportsOnly) {
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}, {2.0}});
  test::write_sheet(data() / "sales" / "b.xlsx", {"n", "extra"}, {{3.0, 4.0}});
  load();
  const revert::Selection selection{revert::SelectBy::File, "sales/b.xlsx", std::nullopt, false};
  const auto plan = revert::preview(m_conn, selection, false);
  ASSERT_EQ(plan.imports.size(), 1u);
  EXPECT_EQ(plan.total_rows(), 1u);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "3");  // a preview changes nothing

  // A confirmation of other imports than the selection's refuses, changing nothing.
  EXPECT_THROW(revert::execute(m_conn, selection,
                               {false, std::vector<std::int64_t>{plan.import_ids()[0] + 100}}),
               Error);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "3");

  const auto outcome = revert::execute(m_conn, selection, {false, plan.import_ids()});
  EXPECT_EQ(outcome.applied.imports_reverted, 1u);
  EXPECT_EQ(outcome.applied.rows_deleted, 1u);
  EXPECT_GE(outcome.applied.schema_undone, 1u);  // the column b added
  EXPECT_EQ(outcome.plan.import_ids(), plan.import_ids());
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "2");
  EXPECT_EQ(column_type("sales", "extra"), "");
  EXPECT_EQ(scalar("SELECT status FROM etl_imports WHERE source_file = 'sales/b.xlsx'"),
            "reverted");
}

TEST_F(LibraryTest, RevertAndPreviewRefuseADatabaseWithoutALedger) {
  const revert::Selection selection{revert::SelectBy::Table, "sales", std::nullopt, false};
  EXPECT_THROW(revert::preview(m_conn, selection, false), Error);
  EXPECT_THROW(revert::execute(m_conn, selection, {}), Error);
}

// Loads and reverts of one table exclude each other only while they agree on
// the lock: holding ledger::lock_table must make both wait.
TEST_F(LibraryTest, LockTableMakesALoadAndARevertOfThatTableWait) {
  test::write_sheet(data() / "sales" / "a.xlsx", {"n"}, {{1.0}});
  load();
  test::write_sheet(data() / "sales" / "b.xlsx", {"n"}, {{2.0}});

  auto holder = database::Connection::open(m_database.conninfo());
  auto hold = std::make_unique<database::Transaction>(holder);
  ledger::lock_table(holder, "sales");
  auto loading = std::async(std::launch::async, [this] { return load(); });
  ASSERT_TRUE(someone_waits_for_a_table_lock());
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "1");
  hold->commit();
  EXPECT_EQ(loading.get().summary.loaded, 1u);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "2");

  hold = std::make_unique<database::Transaction>(holder);
  ledger::lock_table(holder, "sales");
  auto reverting = std::async(std::launch::async, [this] {
    auto conn = database::Connection::open(m_database.conninfo());
    return revert::execute(conn, {revert::SelectBy::File, "sales/b.xlsx", std::nullopt, false}, {});
  });
  ASSERT_TRUE(someone_waits_for_a_table_lock());
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "2");
  hold->commit();
  EXPECT_EQ(reverting.get().applied.rows_deleted, 1u);
  EXPECT_EQ(scalar("SELECT count(*) FROM sales"), "1");
}

}  // namespace
}  // namespace pgdatahub
