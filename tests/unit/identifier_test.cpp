#include <pgdatahub/naming/identifier.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::naming {
namespace {

const std::vector<std::string>& metadata() {
  static const std::vector<std::string> names = {"source_file", "load_timestamp", "etl_import_id",
                                                 "source_row"};
  return names;
}

TEST(CleanText, SnakeCasesAscii) {
  EXPECT_EQ(clean_text("Amount (EUR)"), "amount_eur");
  EXPECT_EQ(clean_text("Order ID"), "order_id");
  EXPECT_EQ(clean_text("OrderID"), "orderid");
  EXPECT_EQ(clean_text("  leading and trailing  "), "leading_and_trailing");
  EXPECT_EQ(clean_text("a--b__c..d"), "a_b_c_d");
  EXPECT_EQ(clean_text("_x_"), "x");
  EXPECT_EQ(clean_text("2024 Sales"), "2024_sales");
  EXPECT_EQ(clean_text("  "), "");
  EXPECT_EQ(clean_text(""), "");
  EXPECT_EQ(clean_text("%$#"), "");
}

TEST(CleanText, FoldsLatinLetters) {
  EXPECT_EQ(clean_text("Zürich"), "zurich");
  EXPECT_EQ(clean_text("Straße"), "strasse");
  EXPECT_EQ(clean_text("Æble Øl Œuvre"), "aeble_ol_oeuvre");
  EXPECT_EQ(clean_text("Łódź"), "lodz");
  EXPECT_EQ(clean_text("Đakovo"), "dakovo");
  EXPECT_EQ(clean_text("Þór"), "thor");
  EXPECT_EQ(clean_text("Crème Brûlée"), "creme_brulee");
  EXPECT_EQ(clean_text("İstanbul ŞĞ"), "istanbul_sg");
  EXPECT_EQ(clean_text("Ǆ ǅ"), "dz_dz");
  EXPECT_EQ(clean_text("m²"), "m2");
}

TEST(CleanText, DropsScriptsWithoutAsciiForm) {
  EXPECT_EQ(clean_text("東京"), "");
  EXPECT_EQ(clean_text("Преис"), "");
  EXPECT_EQ(clean_text("price €"), "price");
  EXPECT_EQ(clean_text("αβγ total"), "total");
  EXPECT_EQ(clean_text("😀 sales"), "sales");
  // Combining marks (decomposed text) vanish without splitting the word.
  EXPECT_EQ(clean_text("Zu\xcc\x88rich"), "zurich");
}

TEST(CleanText, PunctuationAndSpacesOutsideAsciiSeparateWords) {
  EXPECT_EQ(clean_text("Order\u00a0ID"), "order_id");
  EXPECT_EQ(clean_text("2020\u20132024"), "2020_2024");
  EXPECT_EQ(clean_text("a\u3000b"), "a_b");
  EXPECT_EQ(clean_text("3×4"), "3_4");
  EXPECT_EQ(clean_text("ＡＢＣ１２"), "abc12");
}

TEST(CleanText, DropsInvalidUtf8) {
  EXPECT_EQ(clean_text("ab\xff"
                       "cd"),
            "abcd");
  EXPECT_EQ(clean_text("\xc3"), "");
  EXPECT_EQ(clean_text("a\xc3"), "a");
  EXPECT_EQ(clean_text("\xc0\xaf"
                       "x"),
            "x");                                   // overlong '/'
  EXPECT_EQ(clean_text("\xed\xa0\x80y"), "y");      // surrogate
  EXPECT_EQ(clean_text("\x80\x80z"), "z");          // stray continuations
  EXPECT_EQ(clean_text("\xf4\x90\x80\x80w"), "w");  // beyond U+10FFFF
}

TEST(ToIdentifier, PrefixesLeadingDigits) {
  EXPECT_EQ(to_identifier("2024 Sales"), "_2024_sales");
  EXPECT_EQ(to_identifier("Sales"), "sales");
  EXPECT_EQ(to_identifier("東京"), "");
}

TEST(ToIdentifier, CutsLongNamesWithAStableHash) {
  const std::string long_a(100, 'a');
  const std::string long_b = std::string(99, 'a') + "b";
  const std::string a = to_identifier(long_a);
  const std::string b = to_identifier(long_b);
  EXPECT_EQ(a.size(), max_identifier_bytes);
  EXPECT_EQ(b.size(), max_identifier_bytes);
  EXPECT_EQ(a.substr(0, 55), std::string(54, 'a') + "_");
  EXPECT_NE(a, b);
  EXPECT_EQ(a, to_identifier(long_a));
  // FNV-1a 64 of 100 'a's, low 32 bits.
  EXPECT_EQ(a, std::string(54, 'a') + "_" + "2e5a9d79");
  EXPECT_EQ(to_identifier(std::string(63, 'x')), std::string(63, 'x'));
}

TEST(ToIdentifier, TrimsUnderscoresBeforeTheHash) {
  const std::string header = std::string(53, 'a') + " " + std::string(20, 'b');
  const std::string name = to_identifier(header);
  // Cut at 54 bytes the name ends in '_', which goes before the hash is added.
  EXPECT_EQ(name.size(), 53U + 9U);
  EXPECT_EQ(name.substr(0, 54), std::string(53, 'a') + "_");
  EXPECT_EQ(name.find("__"), std::string::npos);
}

TEST(ColumnNames, CleansEveryHeader) {
  EXPECT_EQ(column_names({"Order ID", "Amount (EUR)", "Zürich"}, metadata()),
            (std::vector<std::string>{"order_id", "amount_eur", "zurich"}));
}

TEST(ColumnNames, EmptyAndUncleanableHeadersArePositional) {
  EXPECT_EQ(column_names({"a", "", "東京", "  "}, metadata()),
            (std::vector<std::string>{"a", "column_2", "column_3", "column_4"}));
}

TEST(ColumnNames, DuplicatesAndReservedNamesGetSuffixes) {
  EXPECT_EQ(
      column_names({"Name", "name", "NAME ", "source_file", "Source File"}, metadata()),
      (std::vector<std::string>{"name", "name_2", "name_3", "source_file_2", "source_file_3"}));
  EXPECT_EQ(column_names({"a", "a", "a_2"}, {}), (std::vector<std::string>{"a", "a_2", "a_2_2"}));
  EXPECT_EQ(column_names({"column_2", ""}, {}),
            (std::vector<std::string>{"column_2", "column_2_2"}));
}

TEST(ColumnNames, SuffixesOfLongNamesStayWithinTheLimit) {
  const std::string header(63, 'z');
  const auto names = column_names({header, header, header}, {});
  EXPECT_EQ(names[0], header);
  EXPECT_EQ(names[1], std::string(61, 'z') + "_2");
  EXPECT_EQ(names[2], std::string(61, 'z') + "_3");
}

TEST(TableName, JoinsPathParts) {
  EXPECT_EQ(table_name({"Sales", "2024 Q1"}, "fallback"), "sales_2024_q1");
  EXPECT_EQ(table_name({"2024", "Überblick"}, "fallback"), "_2024_uberblick");
  EXPECT_EQ(table_name({"東京", "Orders"}, "fallback"), "orders");
}

TEST(TableName, FallsBack) {
  EXPECT_EQ(table_name({}, "My Data"), "my_data");
  EXPECT_EQ(table_name({"東京"}, "Ω"), "data");
  EXPECT_EQ(table_name({}, ""), "data");
}

TEST(TableName, LongPathsAreCutWithAHash) {
  const std::vector<std::string> parts = {std::string(40, 'a'), std::string(40, 'b')};
  const std::string name = table_name(parts, "x");
  EXPECT_EQ(name.size(), max_identifier_bytes);
  EXPECT_NE(name, table_name({std::string(40, 'a'), std::string(40, 'c')}, "x"));
}

TEST(TableName, NeverTakesTheLedgersOrTheCatalogsNames) {
  EXPECT_EQ(table_name({"etl_imports"}, "x"), "data_etl_imports");
  EXPECT_EQ(table_name({"ETL Schema Changes"}, "x"), "data_etl_schema_changes");
  EXPECT_EQ(table_name({"etl_runs"}, "x"), "data_etl_runs");
  EXPECT_EQ(table_name({"ETL Run Files"}, "x"), "data_etl_run_files");
  EXPECT_EQ(table_name({"pg_class"}, "x"), "data_pg_class");
  EXPECT_EQ(table_name({"PG", "Stats"}, "x"), "data_pg_stats");
  EXPECT_EQ(table_name({"pgbench"}, "x"), "pgbench");
  EXPECT_FALSE(is_reserved_table_name(table_name({std::string(70, 'p') + "g_"}, "x")));
  EXPECT_LE(table_name({"pg_" + std::string(70, 'x')}, "x").size(), max_identifier_bytes);
  EXPECT_FALSE(is_reserved_table_name(table_name({"pg_" + std::string(70, 'x')}, "x")));
}

}  // namespace
}  // namespace pgdatahub::naming
