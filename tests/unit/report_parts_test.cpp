// The report's parts that need no database: escaping, dates in file names,
// outliers, failure kinds and the columns' paths through the lattice.
#include <pgdatahub/report/failure_groups.hpp>
#include <pgdatahub/report/html_text.hpp>
#include <pgdatahub/report/rows_chart.hpp>
#include <pgdatahub/report/schema_timeline.hpp>

#include <gtest/gtest.h>

namespace pgdatahub::report {
namespace {

TEST(ReportEscape, MarkupAndControlCharactersBecomeText) {
  EXPECT_EQ(escape("<script>a&b\"c'</script>"), "&lt;script&gt;a&amp;b&quot;c&#39;&lt;/script&gt;");
  EXPECT_EQ(escape("a\x1b[31mb\n"), "a\\x1b[31mb\\x0a");
  EXPECT_EQ(escape("März"), "März");
}

TEST(ReportNumbers, GroupedByThousands) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1000), "1,000");
  EXPECT_EQ(grouped(-1234567), "-1,234,567");
}

TEST(ReportDates, TheFirstDateAFileNameCarries) {
  EXPECT_EQ(date_in_name("data/sales/sales_2024-03.xlsx"), "2024-03");
  EXPECT_EQ(date_in_name("export 2023_12_31 final.csv"), "2023-12-31");
  EXPECT_EQ(date_in_name("20240131.xlsx"), "2024-01-31");
  EXPECT_EQ(date_in_name("report-202402.xls"), "2024-02");
  EXPECT_EQ(date_in_name("2019/a.xlsx"), std::nullopt) << "only the file's own name";
  EXPECT_EQ(date_in_name("id_123456789.xlsx"), std::nullopt);
  EXPECT_EQ(date_in_name("2024-13.xlsx"), std::nullopt);
  EXPECT_EQ(date_in_name("plain.xlsx"), std::nullopt);
}

ledger::ImportRecord loaded(const std::string& file, std::int64_t rows) {
  ledger::ImportRecord import;
  import.file = file;
  import.rows = rows;
  import.status = "loaded";
  import.imported_at = "2026-01-01 00:00:00";
  return import;
}

TEST(ReportChart, FilesFarFromTheMedianAreMarkedInDateOrder) {
  const auto points = file_points({loaded("m_2024-03.csv", 100), loaded("m_2024-01.csv", 90),
                                   loaded("m_2024-02.csv", 20), loaded("m_2024-04.csv", 400),
                                   loaded("undated.csv", 110)});
  ASSERT_EQ(points.size(), 5U);
  EXPECT_EQ(points[0].file, "m_2024-01.csv");
  EXPECT_EQ(points[4].date, "2026-01-01 00:00:00") << "no date in the name: the load time";
  EXPECT_FALSE(points[0].outlier);
  EXPECT_TRUE(points[1].outlier) << "20 rows is under a third of the median 100";
  EXPECT_FALSE(points[2].outlier);
  EXPECT_TRUE(points[3].outlier) << "400 rows is over three times the median";
  const std::string svg = rows_chart_svg(points);
  EXPECT_EQ(svg.find("<svg"), 0U);
  EXPECT_NE(svg.find("far from its siblings"), std::string::npos);
}

TEST(ReportChart, TwoFilesHaveNoSiblingsToCompare) {
  const auto points = file_points({loaded("a.csv", 1), loaded("b.csv", 1000)});
  EXPECT_FALSE(points[0].outlier);
  EXPECT_FALSE(points[1].outlier);
}

TEST(ReportFailures, EncryptedAndEmptyApartFromBroken) {
  EXPECT_EQ(failure_kind("encrypted (password-protected): remove the password"),
            FailureKind::Encrypted);
  EXPECT_EQ(failure_kind("the file is empty (0 bytes)"), FailureKind::Empty);
  EXPECT_EQ(failure_kind("truncated zip archive: export again"), FailureKind::Broken);
  ledger::ImportRecord a = loaded("a.xlsx", 0), b = loaded("b.xlsx", 0);
  a.status = b.status = "failed";
  a.error = "corrupt zip: bad header";
  b.error = "corrupt zip: bad crc";
  const auto groups = group_failures({a, b, loaded("c.xlsx", 3)});
  ASSERT_EQ(groups.size(), 1U);
  EXPECT_EQ(groups[0].reason, "corrupt zip");
  EXPECT_EQ(groups[0].imports.size(), 2U);
}

ledger::SchemaChangeRecord change(const std::string& kind, const std::string& column,
                                  const std::string& old_type, const std::string& new_type) {
  ledger::SchemaChangeRecord c;
  c.change = kind;
  if (!column.empty()) c.column = column;
  if (!old_type.empty()) c.old_type = old_type;
  if (!new_type.empty()) c.new_type = new_type;
  return c;
}

TEST(ReportTimeline, EachColumnsPathThroughTheLattice) {
  const auto paths = column_paths(
      {change("create_table", "", "", ""), change("add_column", "qty", "", "integer"),
       change("alter_type", "qty", "integer", "double precision"),
       change("add_column", "note", "", "text"), change("drop_column", "note", "text", "")});
  ASSERT_EQ(paths.size(), 2U);
  EXPECT_EQ(paths[0].types, (std::vector<std::string>{"integer", "double precision"}));
  EXPECT_FALSE(paths[0].dropped);
  EXPECT_TRUE(paths[1].dropped);
}

}  // namespace
}  // namespace pgdatahub::report
