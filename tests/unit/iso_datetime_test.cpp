#include <pgdatahub/copy/text_conversion.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/iso_datetime.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

namespace pgdatahub::types {
namespace {

constexpr auto refuse = ExtraFraction::Refuse;
constexpr auto truncate = ExtraFraction::Truncate;

TEST(IsoDate, AcceptsRealCalendarDaysOnly) {
  EXPECT_EQ(parse_iso_date("2024-02-29"), days_from_civil(2024, 2, 29));
  EXPECT_EQ(parse_iso_date("0001-01-01"), days_from_civil(1, 1, 1));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("1900-02-29"));
  EXPECT_EQ(parse_iso_date("2000-02-29"), days_from_civil(2000, 2, 29));
  EXPECT_FALSE(parse_iso_date("0000-01-01"));
  EXPECT_FALSE(parse_iso_date("2024-13-01"));
  EXPECT_FALSE(parse_iso_date("2024-1-01"));
  EXPECT_FALSE(parse_iso_date("2024-01-01 "));
}

TEST(IsoClock, SecondsAndFractions) {
  EXPECT_EQ(parse_iso_clock("13:45", false, refuse), (13 * 60 + 45) * 60 * micros_per_second);
  EXPECT_FALSE(parse_iso_clock("13:45", true, refuse));
  EXPECT_EQ(parse_iso_clock("00:00:01.5", true, refuse), 1'500'000);
  EXPECT_EQ(parse_iso_clock("00:00:00.123456", true, refuse), 123'456);
  EXPECT_FALSE(parse_iso_clock("00:00:00.1234567", true, refuse));
  EXPECT_EQ(parse_iso_clock("00:00:00.123456789", true, truncate), 123'456);
  EXPECT_FALSE(parse_iso_clock("24:00:00", true, refuse));
  EXPECT_FALSE(parse_iso_clock("12:60", false, refuse));
  EXPECT_FALSE(parse_iso_clock("12:00:00.", false, refuse));
}

TEST(IsoTimestamp, DateAloneOrWithAClock) {
  const std::int64_t day = days_from_civil(2024, 3, 1) * micros_per_day;
  EXPECT_EQ(parse_iso_timestamp("2024-03-01", refuse), day);
  EXPECT_EQ(parse_iso_timestamp("2024-03-01 13:45", refuse),
            day + (13 * 60 + 45) * 60 * micros_per_second);
  EXPECT_EQ(parse_iso_timestamp("2024-03-01T00:00:01", refuse), day + micros_per_second);
  EXPECT_FALSE(parse_iso_timestamp("2024-03-01T00:00:01Z", refuse));
  EXPECT_FALSE(parse_iso_timestamp("2024-03-01x00:00:01", refuse));
}

TEST(IsoDuration, AnyNumberOfHours) {
  EXPECT_EQ(parse_iso_duration("100:30", refuse), (100 * 60 + 30) * 60 * micros_per_second);
  EXPECT_EQ(parse_iso_duration("-1:00:00", refuse), -3600 * micros_per_second);
  EXPECT_FALSE(parse_iso_duration(":30", refuse));
}

// The point of one grammar: a CSV field inferred as a date or time always
// converts when a configuration forces that column to the same type.
RC_GTEST_PROP(IsoGrammar, WhatInferenceCallsADateAForcedColumnAccepts, ()) {
  const auto year = *rc::gen::inRange(0, 10000);
  const auto month = *rc::gen::inRange(0, 14);
  const auto day = *rc::gen::inRange(0, 32);
  const auto hour = *rc::gen::inRange(0, 25);
  const auto second = *rc::gen::inRange(0, 61);
  const auto fraction = *rc::gen::inRange(0, 10'000'000);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  const std::string date = buffer;
  std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d.%d", hour, second % 60, second, fraction);
  const std::string clock = buffer;
  const std::string text = *rc::gen::element(date, date + " " + clock, date + "T" + clock, clock);
  workbook::Cell cell;
  workbook::csv::infer_cell(text, cell);
  switch (cell.kind) {
    case workbook::CellKind::Date:
      RC_ASSERT(copy::parse_date(text).value() * micros_per_day == cell.micros);
      RC_ASSERT(copy::parse_timestamp(text).value() == cell.micros);
      break;
    case workbook::CellKind::DateTime:
      RC_ASSERT(copy::parse_timestamp(text).value() == cell.micros);
      break;
    case workbook::CellKind::Time:
      RC_ASSERT(copy::parse_time(text).value() == cell.micros);
      break;
    default:
      RC_ASSERT(!copy::parse_date(text));
      RC_ASSERT(!copy::parse_timestamp(text));
      RC_ASSERT(!copy::parse_time(text));
      break;
  }
}

}  // namespace
}  // namespace pgdatahub::types
