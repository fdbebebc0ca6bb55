#include "cell_builders.hpp"
#include <pgdatahub/types/canonical_text.hpp>

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace pgdatahub::types {
namespace {

using test::number_cell;
using workbook::CellKind;

std::string double_text(double value) {
  std::string out;
  append_double_text(value, out);
  return out;
}

std::string canonical(const workbook::Cell& cell) {
  std::string out;
  append_canonical_text(cell, out);
  return out;
}

// Every expectation below is what PostgreSQL 15 prints for value::float8::text
// with extra_float_digits = 1 (checked against a server).
TEST(DoubleText, MatchesFloat8Out) {
  EXPECT_EQ(double_text(0.1), "0.1");
  EXPECT_EQ(double_text(0.0), "0");
  EXPECT_EQ(double_text(-0.0), "-0");
  EXPECT_EQ(double_text(1.0), "1");
  EXPECT_EQ(double_text(-1.5), "-1.5");
  EXPECT_EQ(double_text(100), "100");
  EXPECT_EQ(double_text(1e14), "100000000000000");
  EXPECT_EQ(double_text(1e15), "1e+15");
  EXPECT_EQ(double_text(1e16), "1e+16");
  EXPECT_EQ(double_text(123456789012345.6), "123456789012345.6");
  EXPECT_EQ(double_text(999999999999999.9), "999999999999999.9");
  EXPECT_EQ(double_text(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(double_text(1e100), "1e+100");
  EXPECT_EQ(double_text(0.0001), "0.0001");
  EXPECT_EQ(double_text(0.00001), "1e-05");
  EXPECT_EQ(double_text(1.5e-5), "1.5e-05");
  EXPECT_EQ(double_text(0.000123), "0.000123");
  EXPECT_EQ(double_text(5e-324), "5e-324");
  EXPECT_EQ(double_text(2.2250738585072014e-308), "2.2250738585072014e-308");
  EXPECT_EQ(double_text(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(double_text(2.0 / 3.0), "0.6666666666666666");
  EXPECT_EQ(double_text(0.3), "0.3");
  EXPECT_EQ(double_text(4.35), "4.35");
  EXPECT_EQ(double_text(-1234.5678), "-1234.5678");
  EXPECT_EQ(double_text(9007199254740993.0), "9.007199254740992e+15");
}

TEST(DoubleText, NeverChoosesADecimalHalfwayBetweenTwoDoubles) {
  // std::to_chars would print these as 1e+23 and 2.319193140762075e+16.
  EXPECT_EQ(double_text(1e23), "9.999999999999999e+22");
  EXPECT_EQ(double_text(23191931407620752.0), "2.3191931407620752e+16");
  EXPECT_EQ(double_text(-35543624236550648.0), "-3.5543624236550648e+16");
  EXPECT_EQ(double_text(4.0628029741387597e+17), "4.0628029741387597e+17");
}

TEST(DoubleText, SpecialValues) {
  EXPECT_EQ(double_text(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(double_text(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(double_text(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(DoubleText, Appends) {
  std::string out = "x=";
  append_double_text(2.5, out);
  EXPECT_EQ(out, "x=2.5");
}

TEST(CanonicalText, WholeNumbersPrintAsIntegers) {
  EXPECT_EQ(canonical(number_cell(42)), "42");
  EXPECT_EQ(canonical(number_cell(-7)), "-7");
  EXPECT_EQ(canonical(number_cell(-0.0)), "0");
  EXPECT_EQ(canonical(number_cell(1e14)), "100000000000000");
  EXPECT_EQ(canonical(number_cell(1e15)), "1000000000000000");
  EXPECT_EQ(canonical(number_cell(123456789012345678.0)), "123456789012345680");
  EXPECT_EQ(canonical(number_cell(-9223372036854775808.0)), "-9223372036854775808");
}

TEST(CanonicalText, OtherNumbersPrintAsDoubles) {
  EXPECT_EQ(canonical(number_cell(1.5)), "1.5");
  EXPECT_EQ(canonical(number_cell(9223372036854775808.0)), "9.223372036854776e+18");
  EXPECT_EQ(canonical(number_cell(1e20)), "1e+20");
  EXPECT_EQ(canonical(number_cell(0.00001)), "1e-05");
}

TEST(CanonicalText, TextBooleansAndNulls) {
  EXPECT_EQ(canonical(test::text_cell("Zürich, 5%")), "Zürich, 5%");
  EXPECT_EQ(canonical(test::boolean_cell(true)), "true");
  EXPECT_EQ(canonical(test::boolean_cell(false)), "false");
  EXPECT_EQ(canonical(test::empty_cell()), "");
  EXPECT_EQ(canonical(test::error_cell("#N/A")), "");
}

TEST(CanonicalText, Dates) {
  EXPECT_EQ(canonical(test::date_cell(2024, 3, 1)), "2024-03-01");
  EXPECT_EQ(canonical(test::date_cell(1900, 1, 1)), "1900-01-01");
  EXPECT_EQ(canonical(test::date_cell(1970, 1, 1)), "1970-01-01");
  EXPECT_EQ(canonical(test::date_cell(2000, 2, 29)), "2000-02-29");
  EXPECT_EQ(canonical(test::date_cell(1969, 12, 31)), "1969-12-31");
  EXPECT_EQ(canonical(test::date_cell(99, 2, 3)), "0099-02-03");
  EXPECT_EQ(canonical(test::date_cell(10000, 1, 1)), "10000-01-01");
  EXPECT_EQ(canonical(test::date_cell(0, 12, 31)), "0001-12-31 BC");
}

TEST(CanonicalText, Timestamps) {
  EXPECT_EQ(canonical(test::datetime_cell(2024, 3, 1, 13, 45, 0)), "2024-03-01 13:45:00");
  EXPECT_EQ(canonical(test::datetime_cell(2024, 3, 1, 0, 0, 0)), "2024-03-01 00:00:00");
  EXPECT_EQ(canonical(test::datetime_cell(2024, 3, 1, 13, 45, 0, 500000)), "2024-03-01 13:45:00.5");
  EXPECT_EQ(canonical(test::datetime_cell(2024, 3, 1, 13, 45, 0, 123456)),
            "2024-03-01 13:45:00.123456");
  EXPECT_EQ(canonical(test::datetime_cell(2024, 3, 1, 23, 59, 59, 10)),
            "2024-03-01 23:59:59.00001");
  EXPECT_EQ(canonical(test::datetime_cell(1969, 12, 31, 23, 59, 59, 999999)),
            "1969-12-31 23:59:59.999999");
  EXPECT_EQ(canonical(test::datetime_cell(0, 12, 31, 23, 0, 0)), "0001-12-31 23:00:00 BC");
}

TEST(CanonicalText, Times) {
  constexpr std::int64_t second = micros_per_second;
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Time, 0)), "00:00:00");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Time, (13 * 3600 + 45 * 60) * second)),
            "13:45:00");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Time, (13 * 3600 + 45 * 60) * second + 250000)),
            "13:45:00.25");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Time, 86400 * second - 1)), "23:59:59.999999");
}

TEST(CanonicalText, DurationsPrintAsPostgresIntervals) {
  constexpr std::int64_t second = micros_per_second;
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Duration, 0)), "00:00:00");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Duration, (36 * 3600 + 15 * 60) * second)),
            "36:15:00");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Duration, -3600 * second)), "-01:00:00");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Duration, second / 2)), "00:00:00.5");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Duration, -second / 2)), "-00:00:00.5");
  EXPECT_EQ(canonical(test::micros_cell(CellKind::Duration, 1000 * 3600 * second + 1)),
            "1000:00:00.000001");
}

TEST(CanonicalText, AppendsToExistingContent) {
  std::string out = "a";
  append_canonical_text(number_cell(1), out);
  append_canonical_text(test::boolean_cell(false), out);
  EXPECT_EQ(out, "a1false");
}

}  // namespace
}  // namespace pgdatahub::types
