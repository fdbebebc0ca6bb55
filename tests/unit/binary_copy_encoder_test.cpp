#include "cell_builders.hpp"
#include <pgdatahub/copy/binary_copy_encoder.hpp>
#include <pgdatahub/core/error.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

namespace pgdatahub::copy {
namespace {

using test::number_cell;
using test::text_cell;
using types::PgType;
using workbook::CellKind;

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int value : values) out += static_cast<char>(static_cast<unsigned char>(value));
  return out;
}

std::string field(const workbook::Cell& cell, PgType type) {
  std::string out;
  BinaryCopyEncoder{}.cell_field(out, cell, type);
  return out;
}

constexpr std::int64_t second = types::micros_per_second;

TEST(BinaryCopyEncoder, HeaderRowAndTrailer) {
  const BinaryCopyEncoder encoder;
  std::string out;
  encoder.begin(out);
  EXPECT_EQ(out, bytes({'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0,
                        0, 0}));
  out.clear();
  encoder.begin_row(out, 3);
  encoder.null_field(out);
  encoder.end(out);
  EXPECT_EQ(out, bytes({0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}

TEST(BinaryCopyEncoder, WholeFile) {
  const BinaryCopyEncoder encoder;
  std::string out;
  encoder.begin(out);
  encoder.begin_row(out, 2);
  encoder.int4_field(out, 7);
  encoder.text_field(out, "ab");
  encoder.end(out);
  EXPECT_EQ(out.size(), 19U + 2 + 8 + 6 + 2);
  EXPECT_EQ(out.substr(19),
            bytes({0, 2, 0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 2, 'a', 'b', 0xff, 0xff}));
}

TEST(BinaryCopyEncoder, FixedWidthFields) {
  const BinaryCopyEncoder encoder;
  std::string out;
  encoder.int4_field(out, -2);
  EXPECT_EQ(out, bytes({0, 0, 0, 4, 0xff, 0xff, 0xff, 0xfe}));
  out.clear();
  encoder.int8_field(out, 0x0102030405060708);
  EXPECT_EQ(out, bytes({0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8}));
  out.clear();
  encoder.float8_field(out, 1.0);
  EXPECT_EQ(out, bytes({0, 0, 0, 8, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0}));
  out.clear();
  encoder.float8_field(out, -2.5);
  EXPECT_EQ(out, bytes({0, 0, 0, 8, 0xc0, 0x04, 0, 0, 0, 0, 0, 0}));
  out.clear();
  encoder.bool_field(out, true);
  encoder.bool_field(out, false);
  EXPECT_EQ(out, bytes({0, 0, 0, 1, 1, 0, 0, 0, 1, 0}));
}

TEST(BinaryCopyEncoder, DatesAndTimesUsePostgresEpoch) {
  const BinaryCopyEncoder encoder;
  std::string out;
  encoder.date_field(out, types::postgres_epoch_days + 1);
  EXPECT_EQ(out, bytes({0, 0, 0, 4, 0, 0, 0, 1}));
  out.clear();
  encoder.date_field(out, 0);  // 1970-01-01 is 10957 days before 2000-01-01
  EXPECT_EQ(out, bytes({0, 0, 0, 4, 0xff, 0xff, 0xd5, 0x33}));
  out.clear();
  encoder.timestamp_field(out, types::postgres_epoch_days * types::micros_per_day + 1);
  EXPECT_EQ(out, bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1}));
  out.clear();
  encoder.time_field(out, 1);
  EXPECT_EQ(out, bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1}));
  out.clear();
  encoder.interval_field(out, -1);
  EXPECT_EQ(out, bytes({0,    0,    0, 16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0, 0,  0,    0,    0,    0,    0,    0}));
}

TEST(BinaryCopyEncoder, EmptyAndErrorCellsAreNull) {
  for (PgType type : {PgType::Integer, PgType::Text, PgType::Date}) {
    EXPECT_EQ(field(test::empty_cell(), type), bytes({0xff, 0xff, 0xff, 0xff}));
    EXPECT_EQ(field(test::error_cell("#REF!"), type), bytes({0xff, 0xff, 0xff, 0xff}));
  }
}

TEST(BinaryCopyEncoder, NumbersIntoTheirNaturalTypes) {
  EXPECT_EQ(field(number_cell(258), PgType::Integer), bytes({0, 0, 0, 4, 0, 0, 1, 2}));
  EXPECT_EQ(field(number_cell(258), PgType::BigInt), bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2}));
  EXPECT_EQ(field(number_cell(-1), PgType::BigInt),
            bytes({0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(field(number_cell(1), PgType::Double),
            bytes({0, 0, 0, 8, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0}));
  // -0.0 is the integer 0 everywhere, so a double column stores +0.
  EXPECT_EQ(field(number_cell(-0.0), PgType::Double), bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(BinaryCopyEncoder, TextColumnsGetCanonicalText) {
  EXPECT_EQ(field(number_cell(1e14), PgType::Text), bytes({0, 0, 0, 15}) + "100000000000000");
  EXPECT_EQ(field(number_cell(0.5), PgType::Text), bytes({0, 0, 0, 3}) + "0.5");
  EXPECT_EQ(field(test::boolean_cell(true), PgType::Text), bytes({0, 0, 0, 4}) + "true");
  EXPECT_EQ(field(test::date_cell(2024, 3, 1), PgType::Text), bytes({0, 0, 0, 10}) + "2024-03-01");
  EXPECT_EQ(field(text_cell(""), PgType::Text), bytes({0, 0, 0, 0}));
  EXPECT_EQ(field(text_cell("Zürich"), PgType::Text), bytes({0, 0, 0, 7}) + "Zürich");
  const std::string long_text(300, 'x');
  EXPECT_EQ(field(text_cell(long_text), PgType::Text), bytes({0, 0, 1, 44}) + long_text);
}

TEST(BinaryCopyEncoder, DatesIntoDateAndTimestamp) {
  EXPECT_EQ(field(test::date_cell(2000, 1, 2), PgType::Date), bytes({0, 0, 0, 4, 0, 0, 0, 1}));
  EXPECT_EQ(field(test::date_cell(2000, 1, 2), PgType::Timestamp),
            bytes({0, 0, 0, 8, 0, 0, 0, 0x14, 0x1d, 0xd7, 0x60, 0}));  // 86400e6
  EXPECT_EQ(field(test::datetime_cell(2000, 1, 1, 0, 0, 1), PgType::Timestamp),
            bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x40}));  // 1e6
  // A DateTime at midnight is a date without loss.
  EXPECT_EQ(field(test::datetime_cell(2000, 1, 2, 0, 0, 0), PgType::Date),
            bytes({0, 0, 0, 4, 0, 0, 0, 1}));
  EXPECT_EQ(field(test::date_cell(1999, 12, 31), PgType::Date),
            bytes({0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff}));
}

TEST(BinaryCopyEncoder, TimesAndDurations) {
  EXPECT_EQ(field(test::micros_cell(CellKind::Time, 2 * second), PgType::Time),
            bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0x1e, 0x84, 0x80}));
  EXPECT_EQ(field(test::micros_cell(CellKind::Duration, 2 * second), PgType::Interval),
            bytes({0, 0, 0, 16, 0, 0, 0, 0, 0, 0x1e, 0x84, 0x80, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(BinaryCopyEncoder, LosslessConversionsForOverriddenColumns) {
  EXPECT_EQ(field(text_cell(" 42 "), PgType::Integer), bytes({0, 0, 0, 4, 0, 0, 0, 42}));
  EXPECT_EQ(field(text_cell("-1"), PgType::BigInt),
            bytes({0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(field(text_cell("+3"), PgType::Integer), bytes({0, 0, 0, 4, 0, 0, 0, 3}));
  EXPECT_EQ(field(text_cell("1.5"), PgType::Double),
            bytes({0, 0, 0, 8, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(field(text_cell("Yes"), PgType::Boolean), bytes({0, 0, 0, 1, 1}));
  EXPECT_EQ(field(text_cell("0"), PgType::Boolean), bytes({0, 0, 0, 1, 0}));
  EXPECT_EQ(field(text_cell("FALSE"), PgType::Boolean), bytes({0, 0, 0, 1, 0}));
  EXPECT_EQ(field(text_cell("2000-01-02"), PgType::Date), bytes({0, 0, 0, 4, 0, 0, 0, 1}));
  EXPECT_EQ(field(text_cell("2000-01-01 00:00:01"), PgType::Timestamp),
            bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x40}));
  EXPECT_EQ(field(text_cell("2000-01-01T00:00:01"), PgType::Timestamp),
            field(text_cell("2000-01-01 00:00:01.000"), PgType::Timestamp));
  EXPECT_EQ(field(text_cell("2000-01-01 00:01"), PgType::Timestamp),
            bytes({0, 0, 0, 8, 0, 0, 0, 0, 0x03, 0x93, 0x87, 0}));  // 60e6
  EXPECT_EQ(field(text_cell("00:00:02"), PgType::Time),
            bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0x1e, 0x84, 0x80}));
  EXPECT_EQ(field(text_cell("-0:00:02"), PgType::Interval),
            field(test::micros_cell(CellKind::Duration, -2 * second), PgType::Interval));
  EXPECT_EQ(field(number_cell(7), PgType::BigInt), bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7}));
  EXPECT_EQ(field(number_cell(3e9), PgType::BigInt),
            bytes({0, 0, 0, 8, 0, 0, 0, 0, 0xb2, 0xd0, 0x5e, 0}));
}

void expect_bad_value(const workbook::Cell& cell, PgType type, const std::string& message) {
  std::string out = "keep";
  try {
    BinaryCopyEncoder{}.cell_field(out, cell, type);
    ADD_FAILURE() << "no error for " << message;
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), FileFailure::BadValue);
    EXPECT_EQ(error.what(), message);
  }
  EXPECT_EQ(out, "keep");
}

TEST(BinaryCopyEncoder, RejectsValuesTheColumnCannotHold) {
  expect_bad_value(number_cell(1.5), PgType::Integer, "cannot store '1.5' as integer");
  expect_bad_value(number_cell(3e9), PgType::Integer, "cannot store '3000000000' as integer");
  expect_bad_value(number_cell(1e19), PgType::BigInt, "cannot store '1e+19' as bigint");
  expect_bad_value(text_cell("12a"), PgType::Integer, "cannot store '12a' as integer");
  expect_bad_value(text_cell("1.0"), PgType::BigInt, "cannot store '1.0' as bigint");
  expect_bad_value(text_cell(""), PgType::Integer, "cannot store '' as integer");
  expect_bad_value(text_cell("abc"), PgType::Double, "cannot store 'abc' as double precision");
  expect_bad_value(text_cell("1e999"), PgType::Double, "cannot store '1e999' as double precision");
  expect_bad_value(test::boolean_cell(true), PgType::Integer, "cannot store 'true' as integer");
  expect_bad_value(number_cell(1), PgType::Boolean, "cannot store '1' as boolean");
  expect_bad_value(text_cell("maybe"), PgType::Boolean, "cannot store 'maybe' as boolean");
  expect_bad_value(text_cell("2024-02-30"), PgType::Date, "cannot store '2024-02-30' as date");
  expect_bad_value(text_cell("01.03.2024"), PgType::Date, "cannot store '01.03.2024' as date");
  expect_bad_value(test::datetime_cell(2024, 3, 1, 12, 0, 0), PgType::Date,
                   "cannot store '2024-03-01 12:00:00' as date");
  expect_bad_value(text_cell("2024-03-01 25:00"), PgType::Timestamp,
                   "cannot store '2024-03-01 25:00' as timestamp");
  expect_bad_value(text_cell("12:00:00.1234567"), PgType::Time,
                   "cannot store '12:00:00.1234567' as time");
  expect_bad_value(number_cell(2), PgType::Date, "cannot store '2' as date");
  expect_bad_value(test::micros_cell(CellKind::Time, 0), PgType::Interval,
                   "cannot store '00:00:00' as interval");
}

TEST(BinaryCopyEncoder, QuotesOnlyTheStartOfLongValues) {
  const std::string long_text = std::string(59, 'a') + "ü" + std::string(100, 'b');
  expect_bad_value(text_cell(long_text), PgType::Integer,
                   "cannot store '" + std::string(59, 'a') + "...' as integer");
}

}  // namespace
}  // namespace pgdatahub::copy
