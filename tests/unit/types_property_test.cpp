#include "cell_builders.hpp"
#include <pgdatahub/types/canonical_text.hpp>
#include <pgdatahub/types/inference.hpp>
#include <pgdatahub/types/pg_type.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <system_error>

namespace pgdatahub::types {
namespace {

rc::Gen<PgType> pg_type() {
  return rc::gen::map(rc::gen::inRange(0, 9), [](int index) { return static_cast<PgType>(index); });
}

// Finite doubles from every part of the range, plus plain decimal-looking ones.
rc::Gen<double> finite_double() {
  return rc::gen::oneOf(
      rc::gen::suchThat(
          rc::gen::map(rc::gen::arbitrary<std::uint64_t>(),
                       [](std::uint64_t bits) { return std::bit_cast<double>(bits); }),
          [](double value) { return std::isfinite(value); }),
      rc::gen::map(rc::gen::arbitrary<std::int64_t>(),
                   [](std::int64_t value) { return static_cast<double>(value); }),
      rc::gen::map(rc::gen::inRange(-1000000, 1000000), [](int value) { return value / 1000.0; }));
}

RC_GTEST_PROP(WidenProperty, IsTheLeastUpperBound, ()) {
  const PgType a = *pg_type();
  const PgType b = *pg_type();
  const PgType join = widen(a, b);
  RC_ASSERT(fits_in(a, join));
  RC_ASSERT(fits_in(b, join));
  // Least: every upper bound of both is above the join.
  for (int index = 0; index < 9; ++index) {
    const auto other = static_cast<PgType>(index);
    if (fits_in(a, other) && fits_in(b, other)) RC_ASSERT(fits_in(join, other));
  }
}

RC_GTEST_PROP(WidenProperty, FitsInIsAPartialOrder, ()) {
  const PgType a = *pg_type();
  const PgType b = *pg_type();
  const PgType c = *pg_type();
  RC_ASSERT(fits_in(a, a));
  if (fits_in(a, b) && fits_in(b, a)) RC_ASSERT(a == b);
  if (fits_in(a, b) && fits_in(b, c)) RC_ASSERT(fits_in(a, c));
}

RC_GTEST_PROP(DoubleTextProperty, RoundTrips, ()) {
  const double value = *finite_double();
  std::string text;
  append_double_text(value, text);
  double parsed = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), parsed);
  RC_ASSERT(result.ec == std::errc());
  RC_ASSERT(result.ptr == text.data() + text.size());
  RC_ASSERT(std::bit_cast<std::uint64_t>(parsed) == std::bit_cast<std::uint64_t>(value));
}

RC_GTEST_PROP(CanonicalTextProperty, NumbersReadBackAsTheSameValue, ()) {
  const double value = *finite_double();
  std::string text;
  append_canonical_text(test::number_cell(value), text);
  double parsed = 0;
  std::from_chars(text.data(), text.data() + text.size(), parsed);
  RC_ASSERT(parsed == value);
  // Whole numbers in int64 range never use a point or an exponent.
  if (natural_type(test::number_cell(value)) != PgType::Double) {
    RC_ASSERT(text.find_first_not_of("-0123456789") == std::string::npos);
  }
}

RC_GTEST_PROP(InferenceProperty, AccumulatorIsTheJoinOfNaturalTypes, ()) {
  const auto values = *rc::gen::container<std::vector<double>>(finite_double());
  ColumnTypeAccumulator column;
  std::optional<PgType> expected;
  for (double value : values) {
    const auto cell = test::number_cell(value);
    column.add(cell);
    const auto type = natural_type(cell);
    expected = expected ? widen(*expected, *type) : *type;
  }
  RC_ASSERT(column.type() == expected);
}

}  // namespace
}  // namespace pgdatahub::types
