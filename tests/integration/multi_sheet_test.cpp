// Several sheets of a workbook (`sheets:`): all of them, a list or a
// pattern, into one table with a source_sheet column or into a table per
// sheet; hidden sheets only when asked; revert, a config change that
// reloads, and the dry run, through the real binary and a real PostgreSQL.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

class MultiSheetTest : public test::DatabaseFixture {
 protected:
  // Three region sheets of one shape, the third hidden, and a notes sheet.
  void write_regions(const fs::path& file) {
    fs::create_directories(file.parent_path());
    test::XlsxBuilder book(file);
    book.sheet("North").text(0, 0, "Region").text(0, 1, "Amount");
    book.text(1, 0, "Oslo").number(1, 1, 120).text(2, 0, "Bergen").number(2, 1, 80.5);
    book.sheet("South").text(0, 0, "Region").text(0, 1, "Amount").text(0, 2, "Source Sheet");
    book.text(1, 0, "Rome").number(1, 1, 42).text(1, 2, "typed by hand");
    book.sheet("Archive", true).text(0, 0, "Region").text(0, 1, "Amount");
    book.text(1, 0, "Troy").number(1, 1, 1);
    book.close();
  }

  // Monthly sheets of one shape and a notes sheet of another.
  void write_months(const fs::path& file) {
    fs::create_directories(file.parent_path());
    test::XlsxBuilder book(file);
    book.sheet("Notes").text(0, 0, "read me first");
    book.sheet("2024-01").text(0, 0, "Item").text(0, 1, "Qty");
    book.text(1, 0, "pens").number(1, 1, 3);
    book.sheet("2024-02").text(0, 0, "Item").text(0, 1, "Qty");
    book.text(1, 0, "ink").number(1, 1, 7).text(2, 0, "paper").number(2, 1, 2);
    book.close();
  }

  // Every column, metadata included, in table order.
  std::string all_columns(const std::string& table) {
    return scalar(
        "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
        "information_schema.columns WHERE table_name = $1",
        {table});
  }

  std::string by_sheet(const std::string& table, const std::string& columns) {
    return scalar("SELECT string_agg(concat_ws('|', source_sheet, " + columns +
                  "), E'\\n' ORDER BY source_sheet, source_row) FROM " + table);
  }
};

TEST_F(MultiSheetTest, AllVisibleSheetsLoadIntoOneTableNamingTheirSheet) {
  write_regions(data() / "sales" / "regions.xlsx");
  const auto run = etl_with("sales:\n  sheets: all\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // The hidden sheet is left out; a header that takes the metadata name is renamed.
  EXPECT_EQ(data_columns("sales"), "region,amount,source_sheet_2");
  EXPECT_EQ(by_sheet("sales", "region, amount, source_sheet_2"),
            "North|Oslo|120\nNorth|Bergen|80.5\nSouth|Rome|42|typed by hand");
  EXPECT_EQ(column_type("sales", "source_sheet"), "text");
  // One file, one import: its sheets listed, its rows counted together.
  EXPECT_EQ(scalar("SELECT string_agg(status || ':' || sheet || ':' || row_count || ':' || "
                   "read_settings, ',') FROM etl_imports"),
            "loaded:North, South:3:sheets=all");

  // Asking for hidden sheets is another reading: the file reloads with them.
  const auto hidden = etl_with("sales:\n  sheets: all\n  include_hidden_sheets: true\n");
  ASSERT_EQ(hidden.exit_code, 0) << hidden.out << hidden.err;
  EXPECT_NE(hidden.err.find("reloaded: config for sales changed (include_hidden_sheets (none) "
                            "-> true)"),
            std::string::npos)
      << hidden.err;
  EXPECT_EQ(by_sheet("sales", "region, amount"),
            "Archive|Troy|1\nNorth|Oslo|120\nNorth|Bergen|80.5\nSouth|Rome|42");
  EXPECT_EQ(scalar("SELECT string_agg(status || ':' || sheet, ',' ORDER BY id) FROM etl_imports"),
            "reverted:North, South,loaded:North, South, Archive");
}

TEST_F(MultiSheetTest, AListAndAPatternChooseTheirSheets) {
  write_months(data() / "listed" / "book.xlsx");
  write_months(data() / "matched" / "book.xlsx");
  const auto run =
      etl_with("listed:\n  sheets: [2024-02, 2024-01]\nmatched:\n  sheets: \"2024-*\"\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  for (const char* table : {"listed", "matched"}) {
    EXPECT_EQ(data_columns(table), "item,qty") << table;
    EXPECT_EQ(by_sheet(table, "item, qty"), "2024-01|pens|3\n2024-02|ink|7\n2024-02|paper|2")
        << table;
  }
  // Sheets load in the workbook's order, whatever the list's.
  EXPECT_EQ(scalar("SELECT string_agg(sheet, ',' ORDER BY table_name) FROM etl_imports"),
            "2024-01, 2024-02,2024-01, 2024-02");

  // A listed sheet the file lacks fails the file, naming the sheets it has.
  write_months(data() / "missing" / "book.xlsx");
  const auto missing = etl_with("missing:\n  sheets: [2024-03]\n");
  EXPECT_EQ(missing.exit_code, 1) << missing.out << missing.err;
  EXPECT_NE(missing.out.find("no sheet named '2024-03' (the file has 'Notes', '2024-01', "
                             "'2024-02')"),
            std::string::npos)
      << missing.out;
}

TEST_F(MultiSheetTest, TablePerSheetMakesATableOfEachAndRevertTakesThemAway) {
  write_regions(data() / "regions" / "q1.xlsx");
  const std::string config = "regions:\n  sheets: [North, South]\n  table_per_sheet: true\n";
  const auto dry = etl_with(config, {"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("sheet 'North' -> regions_north: 2 rows"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("sheet 'South' -> regions_south: 1 rows"), std::string::npos) << dry.out;
  EXPECT_EQ(scalar("SELECT to_regclass('regions_north') IS NULL"), "t");

  const auto run = etl_with(config);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // A table loaded one sheet at a time has today's shape: no source_sheet.
  EXPECT_EQ(data_columns("regions_north"), "region,amount");
  EXPECT_EQ(rows("regions_north", "region, amount"), "Oslo|120\nBergen|80.5");
  EXPECT_EQ(all_columns("regions_north"),
            "region,amount,source_file,load_timestamp,etl_import_id,source_row");
  // A header "Source Sheet" is an ordinary column there.
  EXPECT_EQ(all_columns("regions_south"),
            "region,amount,source_sheet,source_file,load_timestamp,etl_import_id,source_row");
  EXPECT_EQ(rows("regions_south", "region, amount, source_sheet"), "Rome|42|typed by hand");
  // An import per sheet, each in its own table.
  EXPECT_EQ(scalar("SELECT string_agg(table_name || ':' || sheet || ':' || row_count, ',' ORDER "
                   "BY id) FROM etl_imports"),
            "regions_north:North:2,regions_south:South:1");
  EXPECT_NE(run.out.find("tables created: regions_north, regions_south"), std::string::npos)
      << run.out;

  const auto again = etl_with(config);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("1 skipped as duplicates"), std::string::npos) << again.out;

  // Reverting the file undoes both imports: no row is left, and the tables
  // they created are gone.
  const auto revert = pgdatahub({"revert", "--file", "regions/q1.xlsx", "--yes"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_EQ(scalar("SELECT to_regclass('regions_north') IS NULL AND to_regclass('regions_south') "
                   "IS NULL"),
            "t");
  EXPECT_EQ(scalar("SELECT string_agg(status, ',') FROM etl_imports"), "reverted,reverted");
}

TEST_F(MultiSheetTest, ABadValueOnALaterSheetLeavesNoSheetLoaded) {
  // The first sheet loads, then the second fails: the file's one
  // transaction takes the first sheet's table, rows and import with it.
  fs::create_directories(data() / "stock");
  test::XlsxBuilder book(data() / "stock" / "count.xlsx");
  book.sheet("Shelf").text(0, 0, "Item").text(0, 1, "Qty").text(1, 0, "pens").number(1, 1, 3);
  book.sheet("Cellar").text(0, 0, "Item").text(0, 1, "Qty").text(1, 0, "ink").text(1, 1, "lots");
  book.close();
  for (const char* per_table : {"true", "false"}) {
    const auto run = etl_with(std::string("stock:\n  sheets: all\n  table_per_sheet: ") +
                              per_table + "\n  columns: {Qty: bigint}\n");
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_NE(run.out.find("Cellar!B2: cannot store 'lots'"), std::string::npos) << run.out;
    EXPECT_EQ(scalar("SELECT to_regclass('stock') IS NULL AND to_regclass('stock_shelf') IS NULL "
                     "AND to_regclass('stock_cellar') IS NULL"),
              "t")
        << per_table;
    EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status <> 'failed'"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes"), "0");
  }
}

TEST_F(MultiSheetTest, AKillWhileTheSecondSheetLoadsLeavesNoSheetLoaded) {
  // A table per sheet: the first sheet's table is created and filled, then
  // the process dies during the second sheet's COPY. The file's one
  // transaction dies with it: no table, no row, no import; a rerun loads it whole.
  fs::create_directories(data() / "big");
  {
    test::XlsxBuilder book(data() / "big" / "book.xlsx");
    book.sheet("First").text(0, 0, "N");
    for (std::uint32_t row = 1; row <= 1000; ++row) book.number(row, 0, row);
    book.sheet("Second").text(0, 0, "N");
    for (std::uint32_t row = 1; row <= 400000; ++row) book.number(row, 0, row);
    book.close();
  }
  const auto config = write_config("big:\n  sheets: all\n  table_per_sheet: true\n");
  const int pid =
      test::spawn_pgdatahub({"etl", data().string(), "--config", config.string()}, env(),
                            m_dir.path().string(), (m_dir.path() / "run.out").string());
  const bool copying = test::eventually([&] {
    return scalar(
               "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE "
               "'COPY %big_second%'") == "1";
  });
  kill(pid, SIGKILL);
  ASSERT_EQ(test::wait_for(pid), 128 + SIGKILL);
  ASSERT_TRUE(copying) << "the second sheet's COPY never showed";
  EXPECT_EQ(scalar("SELECT to_regclass('big_first') IS NULL AND to_regclass('big_second') IS NULL"),
            "t");

  const auto rerun = etl({"--config", config.string()});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  EXPECT_EQ(scalar("SELECT count(*) || ':' || sum(n) FROM big_first"), "1000:500500");
  EXPECT_EQ(scalar("SELECT count(*) || ':' || sum(n) FROM big_second"), "400000:80000200000");
  // No import of the killed attempt stayed: one of each table, both loaded.
  EXPECT_EQ(scalar("SELECT string_agg(table_name || ':' || status || ':' || row_count, ',' ORDER "
                   "BY id) FROM etl_imports WHERE status <> 'failed'"),
            "big_first:loaded:1000,big_second:loaded:400000");
}

TEST_F(MultiSheetTest, GoingFromOneSheetToSeveralReloadsAndRevertsToTheOldShape) {
  write_regions(data() / "sales" / "regions.xlsx");
  ASSERT_EQ(etl_with("sales:\n  sheet: North\n").exit_code, 0);
  EXPECT_EQ(data_columns("sales"), "region,amount");

  const std::string several = "sales:\n  sheets: [North, South]\n";
  const char* why =
      "reloaded: config for sales changed (sheet North -> (none), sheets (none) -> North|South)";
  const auto dry = etl_with(several, {"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find(why), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("sales/regions.xlsx -> sales (sheet 'North, South', 3 rows)"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("add_column sales.source_sheet text"), std::string::npos) << dry.out;

  const auto run = etl_with(several);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find(why), std::string::npos) << run.err;
  // The first reading's rows left in the same transaction: nothing is doubled.
  EXPECT_EQ(by_sheet("sales", "region, amount, source_sheet_2"),
            "North|Oslo|120\nNorth|Bergen|80.5\nSouth|Rome|42|typed by hand");

  // Reverting the reloaded import leaves no row; the table it went into was
  // created by the earlier reading, reverted too, so the schema goes back
  // to before the first load: no table.
  const auto revert = pgdatahub({"revert", "--file", "sales/regions.xlsx", "--yes"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_EQ(scalar("SELECT to_regclass('sales') IS NULL"), "t");
  EXPECT_EQ(scalar("SELECT string_agg(status, ',' ORDER BY id) FROM etl_imports"),
            "reverted,reverted");
}

// Two folders feeding one table: several sheets from `multi`, one from `single`.
constexpr const char* shared_table_config =
    "multi:\n  sheets: [North, South]\n  table: sales\nsingle:\n  table: sales\n";

// One sheet whose header cleans to the metadata column's name.
void write_one_sheet(const fs::path& file) {
  fs::create_directories(file.parent_path());
  test::XlsxBuilder book(file);
  book.sheet("Data").text(0, 0, "Region").text(0, 1, "Amount").text(0, 2, "Source Sheet");
  book.text(1, 0, "Lima").number(1, 1, 7).text(1, 2, "by hand");
  book.close();
}

TEST_F(MultiSheetTest, AOneSheetFileKeepsOffTheSourceSheetColumnOfASeveralSheetTable) {
  write_regions(data() / "multi" / "regions.xlsx");
  const auto several = etl_with(shared_table_config);
  ASSERT_EQ(several.exit_code, 0) << several.out << several.err;
  EXPECT_EQ(data_columns("sales"), "region,amount,source_sheet_2");

  // Its header takes source_sheet_2, as in the several-sheet load: the
  // metadata column stays NULL for a row loaded one sheet at a time.
  write_one_sheet(data() / "single" / "lima.xlsx");
  const auto dry = etl_with(shared_table_config, {"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_EQ(dry.out.find("add_column"), std::string::npos) << dry.out;
  const auto one = etl_with(shared_table_config);
  ASSERT_EQ(one.exit_code, 0) << one.out << one.err;
  EXPECT_EQ(data_columns("sales"), "region,amount,source_sheet_2");
  EXPECT_EQ(scalar("SELECT string_agg(concat_ws('|', coalesce(source_sheet, 'NULL'), region, "
                   "amount, source_sheet_2), E'\\n' ORDER BY source_file, source_sheet, "
                   "source_row) FROM sales"),
            "North|Oslo|120\nNorth|Bergen|80.5\nSouth|Rome|42|typed by hand\nNULL|Lima|7|by hand");
}

TEST_F(MultiSheetTest, ASeveralSheetLoadRefusesATableWhoseSourceSheetIsAHeadersColumn) {
  // One-sheet loads first: "Source Sheet" is an ordinary column of the table.
  write_one_sheet(data() / "single" / "lima.xlsx");
  const auto one = etl_with(shared_table_config);
  ASSERT_EQ(one.exit_code, 0) << one.out << one.err;
  EXPECT_EQ(all_columns("sales"),
            "region,amount,source_sheet,source_file,load_timestamp,etl_import_id,source_row");

  // It is never taken for the metadata column: the several-sheet file fails,
  // in the dry run as in the load, and nothing of it is loaded.
  write_regions(data() / "multi" / "regions.xlsx");
  const char* why =
      "table \"sales\" has a data column source_sheet, made from a header by earlier loads, and "
      "several sheets loading into one table need that name for each row's sheet: rename that "
      "column, or set `table_per_sheet: true`";
  const auto dry = etl_with(shared_table_config, {"--dry-run"});
  EXPECT_EQ(dry.exit_code, 1) << dry.out << dry.err;
  EXPECT_NE(dry.out.find(why), std::string::npos) << dry.out;
  const auto several = etl_with(shared_table_config);
  EXPECT_EQ(several.exit_code, 1) << several.out << several.err;
  EXPECT_NE(several.out.find(why), std::string::npos) << several.out;
  EXPECT_EQ(all_columns("sales"),
            "region,amount,source_sheet,source_file,load_timestamp,etl_import_id,source_row");
  EXPECT_EQ(rows("sales", "region, amount, source_sheet"), "Lima|7|by hand");
  EXPECT_EQ(scalar("SELECT string_agg(status, ',' ORDER BY id) FROM etl_imports"), "loaded,failed");
}

TEST_F(MultiSheetTest, SheetAndSheetsTogetherAreAConfigErrorNamingBoth) {
  write_regions(data() / "sales" / "regions.xlsx");
  const auto both = etl_with("sales:\n  sheet: North\n  sheets: all\n");
  EXPECT_EQ(both.exit_code, 2) << both.out << both.err;
  EXPECT_NE(both.err.find("sales: sheet and sheets are both set"), std::string::npos) << both.err;
  const auto defaults = etl_with("default_sheet: North\ndefault_sheets: all\n");
  EXPECT_EQ(defaults.exit_code, 2) << defaults.out << defaults.err;
  EXPECT_NE(defaults.err.find("default_sheet and default_sheets are both set"), std::string::npos)
      << defaults.err;
  const auto bad = etl_with("sales:\n  sheets: {North: 1}\n");
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("sales.sheets must be `all`, a list of sheet names"), std::string::npos)
      << bad.err;
  EXPECT_EQ(scalar("SELECT to_regclass('sales') IS NULL"), "t");
}

}  // namespace
}  // namespace pgdatahub
