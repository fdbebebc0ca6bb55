// Where tables go, through the real binary: --schema / PGDATAHUB_SCHEMA /
// schema: (flag over environment over config), one ledger in public for every
// schema, status/history/revert per schema, table_prefix, a table pgdatahub
// did not create (refused, or adopted), and two data roots feeding one table.
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/sample_books.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using test::run_pgdatahub;

class SchemaTargetTest : public ::testing::Test {
 protected:
  test::ScratchDatabase m_database;
  test::TempDir m_dir;
  database::Connection m_conn = database::Connection::open(m_database.conninfo());

  fs::path data() const { return m_dir.path() / "data"; }

  fs::path write_config(const std::string& name, const std::string& text) {
    fs::path path = m_dir.path() / name;
    std::ofstream(path) << text;
    return path;
  }

  test::ProgramResult run(const std::vector<std::string>& args,
                          std::map<std::string, std::string> env = {}) {
    env["DATABASE_URL"] = m_database.conninfo();
    return run_pgdatahub(args, env, m_dir.path().string());
  }

  // Rows of schema.table, or -1 when it does not exist.
  long long rows_in(const std::string& schema, const std::string& table) {
    const auto exists = test::scalar(
        m_conn,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = $1 AND c.relname = $2",
        {schema, table});
    if (exists == "0") return -1;
    return std::stoll(
        test::scalar(m_conn, "SELECT count(*) FROM " + database::quote_qualified(schema, table)));
  }
};

TEST_F(SchemaTargetTest, FlagBeatsEnvironmentBeatsConfigAndOneLedgerServesEverySchema) {
  test::write_qty_book(data() / "sales" / "a.xlsx", {.rows = 3});
  const auto config = write_config("schema.yaml", "schema: from_config\n").string();
  // A hostile name is used exactly, quoted as an identifier.
  const std::string odd = "Stage \"1\"; DROP TABLE x";

  auto flag = run({"etl", data().string(), "--config", config, "--schema", odd},
                  {{"PGDATAHUB_SCHEMA", "from_env"}});
  ASSERT_EQ(flag.exit_code, 0) << flag.out << flag.err;
  EXPECT_EQ(rows_in(odd, "sales"), 3);
  EXPECT_EQ(rows_in("public", "sales"), -1);

  auto env = run({"etl", data().string(), "--config", config}, {{"PGDATAHUB_SCHEMA", "from_env"}});
  ASSERT_EQ(env.exit_code, 0) << env.out << env.err;
  EXPECT_EQ(rows_in("from_env", "sales"), 3);  // the same content, another schema: loaded again

  auto file = run({"etl", data().string(), "--config", config});
  ASSERT_EQ(file.exit_code, 0) << file.out << file.err;
  EXPECT_EQ(rows_in("from_config", "sales"), 3);

  auto none = run({"etl", data().string()});
  ASSERT_EQ(none.exit_code, 0) << none.out << none.err;
  EXPECT_EQ(rows_in("public", "sales"), 3);

  // Within one schema the file is still loaded once.
  auto again = run({"etl", data().string(), "--json"}, {{"PGDATAHUB_SCHEMA", "from_env"}});
  EXPECT_EQ(nlohmann::json::parse(again.out)["duplicates"], 1) << again.out;
  EXPECT_EQ(nlohmann::json::parse(again.out)["schema"], "from_env");

  // The ledger is one, in public, and names each import's schema.
  EXPECT_EQ(test::scalar(m_conn,
                         "SELECT string_agg(schema_name, ',' ORDER BY id) FROM public.etl_imports"),
            odd + ",from_env,from_config,public");
  EXPECT_EQ(rows_in("from_env", "etl_imports"), -1);
}

TEST_F(SchemaTargetTest, StatusHistoryAndRevertWorkInTheSchemaTheyAreGiven) {
  test::write_qty_book(data() / "sales" / "a.xlsx", {.rows = 3});
  ASSERT_EQ(run({"etl", data().string(), "--schema", "staging"}).exit_code, 0);
  ASSERT_EQ(run({"etl", data().string()}).exit_code, 0);

  auto status = nlohmann::json::parse(run({"status", "--schema", "staging", "--json"}).out);
  EXPECT_EQ(status["schema"], "staging");
  ASSERT_EQ(status["tables"].size(), 1u);
  EXPECT_EQ(status["tables"][0]["files"], 1);
  EXPECT_EQ(status["tables"][0]["columns"], 5);  // qty and the four metadata columns
  auto text = run({"status", "--schema", "staging"});
  EXPECT_NE(text.out.find("schema: staging"), std::string::npos) << text.out;

  auto history = nlohmann::json::parse(run({"history", "--schema", "staging", "--json"}).out);
  ASSERT_EQ(history["imports"].size(), 1u);
  EXPECT_EQ(history["schema_changes"].size(), 1u);  // its create_table
  auto nowhere = nlohmann::json::parse(run({"history", "--schema", "nowhere", "--json"}).out);
  EXPECT_TRUE(nowhere["imports"].empty());

  auto revert = run({"revert", "--table", "sales", "--schema", "staging", "--yes"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_EQ(rows_in("staging", "sales"), -1);  // the table it created is dropped
  EXPECT_EQ(rows_in("public", "sales"), 3);    // the other schema's is untouched
  EXPECT_EQ(test::scalar(m_conn,
                         "SELECT count(*) FROM public.etl_schema_changes WHERE schema_name = "
                         "'staging' AND change_type = 'drop_table'"),
            "1");
}

TEST_F(SchemaTargetTest, PostgresOwnSchemasAreRefusedBeforeAnything) {
  test::write_qty_book(data() / "sales" / "a.xlsx", {.rows = 3});
  for (const std::string schema : {"pg_catalog", "information_schema"}) {
    auto refused = run({"etl", data().string(), "--schema", schema});
    EXPECT_EQ(refused.exit_code, 2) << schema;
    EXPECT_NE(refused.err.find("is PostgreSQL's own schema"), std::string::npos) << refused.err;
  }
  auto from_env = run({"etl", data().string()}, {{"PGDATAHUB_SCHEMA", "pg_toast"}});
  EXPECT_EQ(from_env.exit_code, 2);
  EXPECT_NE(from_env.err.find("PGDATAHUB_SCHEMA"), std::string::npos) << from_env.err;
  EXPECT_EQ(test::scalar(m_conn, "SELECT to_regclass('public.etl_imports') IS NULL"), "t");
  // A dotted table: names the way to give a schema.
  const auto dotted = write_config("dotted.yaml", "sales:\n  table: staging.sales\n").string();
  auto dot = run({"etl", data().string(), "--config", dotted});
  EXPECT_EQ(dot.exit_code, 2);
  EXPECT_NE(dot.err.find("--schema"), std::string::npos) << dot.err;
}

TEST_F(SchemaTargetTest, TablePrefixLetsTwoSourcesShareASchema) {
  test::write_qty_book(data() / "sales" / "a.xlsx", {.rows = 3});
  ASSERT_EQ(run({"etl", data().string(), "--table-prefix", "team_a_"}).exit_code, 0);
  EXPECT_EQ(rows_in("public", "team_a_sales"), 3);
  const auto config =
      write_config("b.yaml", "table_prefix: team_b_\nsales:\n  table: orders\n").string();
  auto configured = run({"etl", data().string(), "--config", config});
  ASSERT_EQ(configured.exit_code, 0) << configured.out << configured.err;
  EXPECT_EQ(rows_in("public", "team_b_orders"), 3);
  EXPECT_EQ(rows_in("public", "sales"), -1);
}

TEST_F(SchemaTargetTest, ATableNotMadeByPgdatahubIsRefusedUntilAdopted) {
  m_conn.exec("CREATE TABLE public.sales (qty integer, note text)");
  m_conn.exec("INSERT INTO public.sales VALUES (42, 'mine')");
  test::write_qty_book(data() / "sales" / "a.xlsx", {.rows = 3});

  auto refused = run({"etl", data().string()});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.out.find("table \"sales\" exists and was not created by pgdatahub: choose "
                             "another table name, or adopt it with `adopt: true`"),
            std::string::npos)
      << refused.out;
  EXPECT_EQ(rows_in("public", "sales"), 1);
  EXPECT_EQ(test::scalar(m_conn, "SELECT status FROM public.etl_imports"), "failed");

  const auto config = write_config("adopt.yaml", "sales:\n  adopt: true\n").string();
  auto adopted = run({"etl", data().string(), "--config", config, "--json"});
  ASSERT_EQ(adopted.exit_code, 0) << adopted.out << adopted.err;
  EXPECT_EQ(rows_in("public", "sales"), 4);
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM public.sales WHERE source_file IS NULL"),
            "1");
  // The metadata columns came through the audited path.
  EXPECT_EQ(test::scalar(m_conn,
                         "SELECT string_agg(column_name, ',' ORDER BY id) FROM "
                         "public.etl_schema_changes WHERE change_type = 'add_column'"),
            "source_file,load_timestamp,etl_import_id,source_row");
  const auto files = nlohmann::json::parse(adopted.out)["files"];
  EXPECT_EQ(files[0]["schema_changes"].size(), 4u) << adopted.out;

  // Reverting the adopting import gives the table back as it was.
  auto revert = run({"revert", "--file", "sales/a.xlsx", "--yes"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_EQ(rows_in("public", "sales"), 1);
  EXPECT_EQ(test::column_type(m_conn, "sales", "source_file"), "");
  EXPECT_EQ(test::scalar(m_conn, "SELECT note FROM public.sales WHERE qty = 42"), "mine");
}

TEST_F(SchemaTargetTest, TwoDataRootsFeedingOneTableAreRefusedUnlessShared) {
  const fs::path north = m_dir.path() / "north" / "data";
  const fs::path south = m_dir.path() / "south" / "data";
  test::write_qty_book(north / "sales" / "a.xlsx", {.rows = 3});
  test::write_qty_book(south / "sales" / "b.xlsx", {.rows = 2});
  ASSERT_EQ(run({"etl", north.string()}).exit_code, 0);
  EXPECT_EQ(test::scalar(m_conn,
                         "SELECT data_root || '|' || data_root_canonical || '|' || source_name "
                         "FROM public.etl_imports"),
            north.string() + "|" + fs::canonical(north).string() + "|data");

  auto refused = run({"etl", south.string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find(north.string()), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(south.string()), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("table_prefix:"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("shared_table: true"), std::string::npos) << refused.err;
  EXPECT_EQ(rows_in("public", "sales"), 3);
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM public.etl_imports"), "1");

  const auto config = write_config("south.yaml", "source: south\nshared_table: true\n").string();
  auto shared = run({"etl", south.string(), "--config", config});
  ASSERT_EQ(shared.exit_code, 0) << shared.out << shared.err;
  EXPECT_EQ(rows_in("public", "sales"), 5);
  EXPECT_EQ(test::scalar(m_conn, "SELECT source_name FROM public.etl_imports ORDER BY id DESC"),
            "south");
}

}  // namespace
}  // namespace pgdatahub
