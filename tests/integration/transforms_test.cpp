// A folder's transforms (docs/transforms.md) through the real binary into a
// real PostgreSQL: the month from the file name, a column renamed between
// two years' templates, a filter, and a Lua script that splits a column and
// skips rows; a script error failing only its file; the sandbox; a changed
// script reloading exactly the files it shapes; the dry run and history.
#include "support/database_fixture.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

// Splits "Berlin / DE" into city and country, leaves out returns (a
// quantity of zero or less) and notes the sheet row it came from.
constexpr const char* split_script = R"(-- sales.lua
function transform_row(row, file)
  if row.quantity == nil or row.quantity <= 0 then
    return nil
  end
  local city, country = string.match(row.location or "", "^(.-)%s*/%s*(%a+)$")
  row.city = city
  row.country = country
  row.location = nil
  return row
end
)";

constexpr const char* sales_config = R"yaml(sales:
  rename: {Qty: quantity}
  add:
    file_pattern: "(?<year>\\d{4})-(?<month>\\d{2})"
    constants: {source: erp}
  filter: {site: [Berlin, Hamburg]}
  columns: {month: integer}
  transform: sales.lua
)yaml";

class TransformsTest : public test::DatabaseFixture {
 protected:
  void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

  // The table's columns with their types, as name:type, in order.
  std::string typed_columns(const std::string& table) {
    return scalar(
        "SELECT coalesce(string_agg(column_name || ':' || data_type, ',' ORDER BY "
        "ordinal_position), '') FROM information_schema.columns WHERE table_name = '" +
        table +
        "' AND column_name NOT IN ('source_file', 'load_timestamp', 'etl_import_id', "
        "'source_row')");
  }

  // 2023's template says Qty, 2024's says Quantity; both have a site
  // another team loads (Munich) and a return (quantity 0).
  void write_sales() {
    fs::create_directories(data() / "sales");
    {
      test::XlsxBuilder book(data() / "sales" / "2023-11 export.xlsx");
      book.sheet("Sales").text(0, 0, "Site").text(0, 1, "Qty").text(0, 2, "Location");
      book.text(1, 0, "Berlin").number(1, 1, 3).text(1, 2, "Berlin / DE");
      book.text(2, 0, "Munich").number(2, 1, 5).text(2, 2, "Munich / DE");
      book.text(3, 0, "Hamburg").number(3, 1, 0).text(3, 2, "Hamburg / DE");
      book.close();
    }
    {
      test::XlsxBuilder book(data() / "sales" / "2024-01 export.xlsx");
      book.sheet("Sales").text(0, 0, "Site").text(0, 1, "Quantity").text(0, 2, "Location");
      book.text(1, 0, "Hamburg").number(1, 1, 7).text(1, 2, "Hamburg / DE");
      book.text(2, 0, "Berlin").number(2, 1, 2.5).text(2, 2, "Berlin/DE");
      book.close();
    }
  }

  void write_plain() {
    fs::create_directories(data() / "plain");
    test::XlsxBuilder book(data() / "plain" / "a.xlsx");
    book.sheet("Sheet1").text(0, 0, "Code").text(0, 1, "Location");
    book.text(1, 0, "x").text(1, 1, "Paris / FR");
    book.close();
  }
};

TEST_F(TransformsTest, MonthFromTheNameRenameFilterAndAScriptShapeTheTable) {
  write_sales();
  write(m_dir.path() / "sales.lua", split_script);
  const auto load = etl_with(sales_config);
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  // Qty and Quantity are one column; location became city and country; the
  // month came from the file name (forced to integer: "01" is text alone).
  EXPECT_EQ(typed_columns("sales"),
            "site:text,quantity:double precision,year:integer,month:integer,source:text,"
            "city:text,country:text");
  // Munich is filtered out, the Hamburg return skipped by the script.
  EXPECT_EQ(rows("sales", "site, quantity, year, month, source, city, country"),
            "Berlin|3|2023|11|erp|Berlin|DE\n"
            "Hamburg|7|2024|1|erp|Hamburg|DE\n"
            "Berlin|2.5|2024|1|erp|Berlin|DE");
  // 2.5 came from the script like a read value: the column widened, audited.
  EXPECT_EQ(scalar("SELECT string_agg(change_type || ' ' || column_name || ' ' || "
                   "coalesce(old_type, '') || '->' || new_type || ' ' || source_file, ',') "
                   "FROM etl_schema_changes WHERE change_type = 'alter_type'"),
            "alter_type quantity integer->double precision sales/2024-01 export.xlsx");
  // Every row still says where it came from.
  EXPECT_EQ(scalar("SELECT string_agg(source_row::text, ',' ORDER BY source_file, source_row) "
                   "FROM sales"),
            "2,2,3");
}

TEST_F(TransformsTest, TheDryRunShowsTheColumnsAfterTheTransforms) {
  write_sales();
  write(m_dir.path() / "sales.lua", split_script);
  const auto dry = etl_with(sales_config, {"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("city"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("month"), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("location"), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("qty"), std::string::npos) << dry.out;
}

TEST_F(TransformsTest, AScriptErrorFailsOnlyItsFileWithTheScriptLine) {
  write_sales();
  write_plain();
  // Line 4 fails on the 2024 file's second row, whose location has no spaces.
  write(m_dir.path() / "fragile.lua", R"(function transform_row(row, file)
  local city, country = string.match(row.location, "^(.-) / (%a+)$")
  row.city = city
  row.country_code = string.lower(country)
  return row
end
)");
  const auto load = etl_with("sales:\n  transform: fragile.lua\n");
  EXPECT_EQ(load.exit_code, 1) << load.out << load.err;
  const auto error = scalar(
      "SELECT error_message FROM etl_imports WHERE source_file = 'sales/2024-01 export.xlsx'");
  EXPECT_NE(error.find("fragile.lua:4:"), std::string::npos) << error;
  EXPECT_NE(error.find("row 3"), std::string::npos) << error;
  EXPECT_NE(error.find("Berlin/DE"), std::string::npos) << error;
  EXPECT_NE(load.out.find("fragile.lua:4:"), std::string::npos) << load.out;
  // The other files of the run, in this folder and the next, loaded.
  EXPECT_EQ(scalar("SELECT string_agg(source_file || '=' || status, ',' ORDER BY source_file) "
                   "FROM etl_imports"),
            "plain/a.xlsx=loaded,sales/2023-11 export.xlsx=loaded,"
            "sales/2024-01 export.xlsx=failed");
  EXPECT_EQ(rows("sales", "site, city, country_code"),
            "Berlin|Berlin|de\nMunich|Munich|de\nHamburg|Hamburg|de");
}

// A transform's failure is not a value that cannot be stored: --json gives it
// a reason of its own, for a script error and for a declarative filter alike.
TEST_F(TransformsTest, AFailingTransformHasAReasonOfItsOwn) {
  write_sales();
  write_plain();
  write(m_dir.path() / "broken.lua",
        "function transform_row(row, file)\n  return row.nope.x\nend\n");
  const auto load =
      etl_with("sales:\n  transform: broken.lua\nplain:\n  filter: {nosuch: [x]}\n", {"--json"});
  EXPECT_EQ(load.exit_code, 1) << load.out << load.err;
  const auto summary = nlohmann::json::parse(load.out);
  std::size_t failed = 0;
  for (const auto& file : summary["files"]) {
    if (file["status"] != "failed") continue;
    ++failed;
    EXPECT_EQ(file["reason"], "transform") << file.dump();
  }
  EXPECT_EQ(failed, 3U) << load.out;  // both sales files and the plain one
}

TEST_F(TransformsTest, TheSandboxReachesNeitherProcessesNorFiles) {
  write_plain();
  const fs::path marker = m_dir.path() / "escaped";
  write(m_dir.path() / "probe.lua", R"(function transform_row(row, file)
  row.execute_reachable = pcall(function() return os.execute("touch )" +
                                        marker.string() + R"(") end)
  row.open_reachable = pcall(function() return io.open("/etc/hostname") end)
  row.require_reachable = pcall(function() return require("os") end)
  row.load_reachable = pcall(function() return load("return 1") end)
  row.dump_reachable = pcall(function() return string.dump(transform_row) end)
  row.clock_reachable = pcall(os.time)
  return row
end
)");
  const auto load = etl_with("plain:\n  transform: probe.lua\n");
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  EXPECT_EQ(rows("plain",
                 "execute_reachable, open_reachable, require_reachable, load_reachable, "
                 "dump_reachable, clock_reachable"),
            "f|f|f|f|f|t");
  EXPECT_FALSE(fs::exists(marker));
}

TEST_F(TransformsTest, AChangedScriptReloadsExactlyTheFilesItShapes) {
  write_sales();
  write_plain();
  write(m_dir.path() / "sales.lua", split_script);
  const std::string config = std::string(sales_config) + "other:\n  transform: other.lua\n";
  write(m_dir.path() / "other.lua", "function transform_row(row) return row end\n");
  ASSERT_EQ(etl_with(config).exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports WHERE status = 'loaded'"), "3");

  // Same config, same script: nothing is read again.
  const auto again = etl_with(config);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_imports"), "3");

  // The script now keeps the location too: the two sales files reload, the
  // plain folder's file does not.
  std::string changed = split_script;
  changed.replace(changed.find("  row.location = nil\n"), 21, "");
  write(m_dir.path() / "sales.lua", changed);
  const auto reload = etl_with(config);
  ASSERT_EQ(reload.exit_code, 0) << reload.out << reload.err;
  EXPECT_NE(reload.out.find("reloaded"), std::string::npos) << reload.out;
  EXPECT_EQ(scalar("SELECT string_agg(source_file || '=' || status, ',' ORDER BY id) "
                   "FROM etl_imports"),
            "plain/a.xlsx=loaded,sales/2023-11 export.xlsx=reverted,"
            "sales/2024-01 export.xlsx=reverted,sales/2023-11 export.xlsx=loaded,"
            "sales/2024-01 export.xlsx=loaded");
  EXPECT_EQ(rows("sales", "site, location"),
            "Berlin|Berlin / DE\nHamburg|Hamburg / DE\nBerlin|Berlin/DE");

  // history says which transform made each import.
  const auto history =
      test::run_pgdatahub({"history", "--table", "sales"},
                          {{"DATABASE_URL", m_database.conninfo()}}, m_dir.path().string());
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("script=sales.lua@"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("rename=Qty>quantity"), std::string::npos) << history.out;
}

TEST_F(TransformsTest, AMalformedTransformFailsEarlyNamingTheKey) {
  write_plain();
  const auto no_group = etl_with("plain:\n  add: {file_pattern: \"\\\\d{4}\"}\n");
  EXPECT_EQ(no_group.exit_code, 2);
  EXPECT_NE(no_group.err.find("plain.add.file_pattern"), std::string::npos) << no_group.err;
  EXPECT_NE(no_group.err.find("has no named group"), std::string::npos) << no_group.err;
  const auto missing = etl_with("plain:\n  transform: nowhere.lua\n");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read the script"), std::string::npos) << missing.err;
  const auto bad_pattern = etl_with("plain:\n  filter: {code: {pattern: \"(\"}}\n");
  EXPECT_EQ(bad_pattern.exit_code, 2);
  EXPECT_NE(bad_pattern.err.find("invalid pattern"), std::string::npos) << bad_pattern.err;
}

}  // namespace
}  // namespace pgdatahub
