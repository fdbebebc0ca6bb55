#include "cell_builders.hpp"
#include <pgdatahub/types/inference.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace pgdatahub::types {
namespace {

using test::boolean_cell;
using test::number_cell;
using test::text_cell;
using workbook::CellKind;

TEST(NaturalType, WholeNumbersInInt32RangeAreInteger) {
  EXPECT_EQ(natural_type(number_cell(0)), PgType::Integer);
  EXPECT_EQ(natural_type(number_cell(-0.0)), PgType::Integer);
  EXPECT_EQ(natural_type(number_cell(42)), PgType::Integer);
  EXPECT_EQ(natural_type(number_cell(2147483647.0)), PgType::Integer);
  EXPECT_EQ(natural_type(number_cell(-2147483648.0)), PgType::Integer);
}

TEST(NaturalType, WholeNumbersBeyondInt32AreBigInt) {
  EXPECT_EQ(natural_type(number_cell(2147483648.0)), PgType::BigInt);
  EXPECT_EQ(natural_type(number_cell(-2147483649.0)), PgType::BigInt);
  EXPECT_EQ(natural_type(number_cell(1e15)), PgType::BigInt);
  EXPECT_EQ(natural_type(number_cell(-9223372036854775808.0)), PgType::BigInt);
  // The largest double below 2^63.
  EXPECT_EQ(natural_type(number_cell(std::nextafter(9223372036854775808.0, 0.0))), PgType::BigInt);
}

TEST(NaturalType, EverythingElseNumericIsDouble) {
  EXPECT_EQ(natural_type(number_cell(0.5)), PgType::Double);
  EXPECT_EQ(natural_type(number_cell(-1.25)), PgType::Double);
  EXPECT_EQ(natural_type(number_cell(2147483647.5)), PgType::Double);
  EXPECT_EQ(natural_type(number_cell(9223372036854775808.0)), PgType::Double);  // 2^63
  EXPECT_EQ(natural_type(number_cell(std::nextafter(-9223372036854775808.0, -1e300))),
            PgType::Double);
  EXPECT_EQ(natural_type(number_cell(1e300)), PgType::Double);
  EXPECT_EQ(natural_type(number_cell(5e-324)), PgType::Double);
  EXPECT_EQ(natural_type(number_cell(std::numeric_limits<double>::quiet_NaN())), PgType::Double);
  EXPECT_EQ(natural_type(number_cell(std::numeric_limits<double>::infinity())), PgType::Double);
  EXPECT_EQ(natural_type(number_cell(-std::numeric_limits<double>::infinity())), PgType::Double);
}

TEST(NaturalType, OtherKinds) {
  EXPECT_EQ(natural_type(text_cell("12")), PgType::Text);
  EXPECT_EQ(natural_type(text_cell("")), PgType::Text);
  EXPECT_EQ(natural_type(boolean_cell(true)), PgType::Boolean);
  EXPECT_EQ(natural_type(test::micros_cell(CellKind::Date, 0)), PgType::Date);
  EXPECT_EQ(natural_type(test::micros_cell(CellKind::DateTime, 1)), PgType::Timestamp);
  EXPECT_EQ(natural_type(test::micros_cell(CellKind::Time, 1)), PgType::Time);
  EXPECT_EQ(natural_type(test::micros_cell(CellKind::Duration, -1)), PgType::Interval);
  EXPECT_EQ(natural_type(test::empty_cell()), std::nullopt);
  EXPECT_EQ(natural_type(test::error_cell("#N/A")), std::nullopt);
}

TEST(ColumnTypeAccumulator, StartsWithoutAType) {
  ColumnTypeAccumulator column;
  EXPECT_EQ(column.type(), std::nullopt);
  column.add(test::empty_cell());
  column.add(test::error_cell("#DIV/0!"));
  EXPECT_EQ(column.type(), std::nullopt);
}

TEST(ColumnTypeAccumulator, WidensAlongTheNumericChain) {
  ColumnTypeAccumulator column;
  column.add(number_cell(1));
  EXPECT_EQ(column.type(), PgType::Integer);
  column.add(test::empty_cell());
  EXPECT_EQ(column.type(), PgType::Integer);
  column.add(number_cell(3e9));
  EXPECT_EQ(column.type(), PgType::BigInt);
  column.add(number_cell(2));
  EXPECT_EQ(column.type(), PgType::BigInt);
  column.add(number_cell(0.5));
  EXPECT_EQ(column.type(), PgType::Double);
  column.add(text_cell("x"));
  EXPECT_EQ(column.type(), PgType::Text);
  column.add(number_cell(1));
  EXPECT_EQ(column.type(), PgType::Text);
}

TEST(ColumnTypeAccumulator, DatesAndTimestampsMeetAtTimestamp) {
  ColumnTypeAccumulator column;
  column.add(test::date_cell(2024, 3, 1));
  EXPECT_EQ(column.type(), PgType::Date);
  column.add(test::datetime_cell(2024, 3, 1, 12, 0, 0));
  EXPECT_EQ(column.type(), PgType::Timestamp);
  column.add(test::date_cell(2024, 3, 2));
  EXPECT_EQ(column.type(), PgType::Timestamp);
}

TEST(ColumnTypeAccumulator, DifferentFamiliesMeetAtText) {
  ColumnTypeAccumulator column;
  column.add(boolean_cell(true));
  column.add(number_cell(1));
  EXPECT_EQ(column.type(), PgType::Text);

  ColumnTypeAccumulator times;
  times.add(test::micros_cell(CellKind::Time, 0));
  times.add(test::micros_cell(CellKind::Duration, 0));
  EXPECT_EQ(times.type(), PgType::Text);
}

TEST(ColumnTypeAccumulator, OrderDoesNotMatter) {
  ColumnTypeAccumulator forward;
  ColumnTypeAccumulator backward;
  const workbook::Cell cells[] = {number_cell(1), test::empty_cell(), number_cell(1e12),
                                  number_cell(2.5)};
  for (const auto& cell : cells) forward.add(cell);
  for (auto it = std::rbegin(cells); it != std::rend(cells); ++it) backward.add(*it);
  EXPECT_EQ(forward.type(), PgType::Double);
  EXPECT_EQ(backward.type(), PgType::Double);
}

}  // namespace
}  // namespace pgdatahub::types
