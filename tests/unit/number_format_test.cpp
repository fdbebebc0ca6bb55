#include <pgdatahub/workbook/number_format.hpp>

#include <gtest/gtest.h>

namespace pgdatahub::workbook {
namespace {

TEST(NumberFormat, CustomCodes) {
  EXPECT_EQ(classify_format_code("General"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("0.00"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("@"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("0.00E+00"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("#,##0.00 [$€-407];[Red]-#,##0.00"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("\"Days: \"0"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("0\\d"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("_-* #,##0_-"), NumberClass::Plain);
  EXPECT_EQ(classify_format_code("yyyy-mm-dd"), NumberClass::Date);
  EXPECT_EQ(classify_format_code("d-mmm-yy"), NumberClass::Date);
  EXPECT_EQ(classify_format_code("mmm"), NumberClass::Date);
  EXPECT_EQ(classify_format_code("[$-409]mmmm d, yyyy;@"), NumberClass::Date);
  EXPECT_EQ(classify_format_code("yyyy\"年\"m\"月\"d\"日\""), NumberClass::Date);
  EXPECT_EQ(classify_format_code("[Red]dd/mm/yyyy"), NumberClass::Date);
  EXPECT_EQ(classify_format_code("dd/mm/yyyy hh:mm"), NumberClass::DateTime);
  EXPECT_EQ(classify_format_code("yyyy-mm-dd\"T\"hh:mm:ss"), NumberClass::DateTime);
  EXPECT_EQ(classify_format_code("h:mm AM/PM"), NumberClass::Time);
  EXPECT_EQ(classify_format_code("mm:ss.0"), NumberClass::Time);
  EXPECT_EQ(classify_format_code("[h]:mm:ss"), NumberClass::Duration);
  EXPECT_EQ(classify_format_code("[mm]:ss"), NumberClass::Duration);
  EXPECT_EQ(classify_format_code("[ss]"), NumberClass::Duration);
}

TEST(NumberFormat, BuiltinIds) {
  EXPECT_EQ(classify_builtin_format(0), NumberClass::Plain);
  EXPECT_EQ(classify_builtin_format(2), NumberClass::Plain);
  EXPECT_EQ(classify_builtin_format(14), NumberClass::Date);
  EXPECT_EQ(classify_builtin_format(17), NumberClass::Date);
  EXPECT_EQ(classify_builtin_format(18), NumberClass::Time);
  EXPECT_EQ(classify_builtin_format(21), NumberClass::Time);
  EXPECT_EQ(classify_builtin_format(22), NumberClass::DateTime);
  EXPECT_EQ(classify_builtin_format(45), NumberClass::Time);
  EXPECT_EQ(classify_builtin_format(46), NumberClass::Duration);
  EXPECT_EQ(classify_builtin_format(47), NumberClass::Time);
  EXPECT_EQ(classify_builtin_format(27), NumberClass::Date);
  EXPECT_EQ(classify_builtin_format(32), NumberClass::Time);
  EXPECT_EQ(classify_builtin_format(58), NumberClass::Date);
  EXPECT_EQ(classify_builtin_format(49), NumberClass::Plain);
}

}  // namespace
}  // namespace pgdatahub::workbook
