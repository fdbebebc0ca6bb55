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

TEST(NumberFormat, TheValueChoosesItsSectionFirst) {
  // poi/57181.xlsm: zero shows as a number, small values as [hh]:mm:ss.
  const auto conditional = NumberFormat::parse("[=0]?;[<4.16666666666667][hh]:mm:ss;[hh]:mm");
  EXPECT_EQ(conditional.class_for(0), NumberClass::Plain);
  EXPECT_EQ(conditional.class_for(2), NumberClass::Duration);
  EXPECT_EQ(conditional.class_for(5), NumberClass::Duration);
  const auto zero_hidden = NumberFormat::parse("[=0]?;hh:mm");
  EXPECT_EQ(zero_hidden.class_for(0), NumberClass::Plain);
  EXPECT_EQ(zero_hidden.class_for(0.5), NumberClass::Time);
  // No section's condition holds: Excel shows no date; a plain number is left.
  EXPECT_EQ(NumberFormat::parse("[<0]yyyy;[>10]yyyy").class_for(5), NumberClass::Plain);
  EXPECT_EQ(NumberFormat::parse("[>=100]yyyy-mm-dd;0.00").class_for(150), NumberClass::Date);
  EXPECT_EQ(NumberFormat::parse("[>=100]yyyy-mm-dd;0.00").class_for(50), NumberClass::Plain);
}

TEST(NumberFormat, PositiveNegativeZeroAndText) {
  const auto three = NumberFormat::parse("yyyy-mm-dd;0.00;\"zero\"");
  EXPECT_EQ(three.class_for(1), NumberClass::Date);
  EXPECT_EQ(three.class_for(-1), NumberClass::Plain);
  EXPECT_EQ(three.class_for(0), NumberClass::Plain);
  const auto two = NumberFormat::parse("0;[h]:mm");
  EXPECT_EQ(two.class_for(0), NumberClass::Plain);
  EXPECT_EQ(two.class_for(-1), NumberClass::Duration);
  // The "@" section is for text: numbers, negative ones included, use the first.
  const auto with_text = NumberFormat::parse("[$-409]mmmm d, yyyy;@");
  EXPECT_EQ(with_text.class_for(-3), NumberClass::Date);
  EXPECT_EQ(with_text.class_for(3), NumberClass::Date);
  // Semicolons inside quotes and escapes do not split sections.
  EXPECT_EQ(NumberFormat::parse("\"a;b\"0;yyyy").class_for(-1), NumberClass::Date);
  EXPECT_EQ(NumberFormat::parse("0\\;0;yyyy").class_for(-1), NumberClass::Date);
  EXPECT_EQ(NumberFormat::parse("").class_for(1), NumberClass::Plain);
  EXPECT_EQ(NumberFormat::builtin(14).class_for(-1), NumberClass::Date);
}

}  // namespace
}  // namespace pgdatahub::workbook
