#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/workbook/excel_date.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

namespace pgdatahub::workbook {
namespace {

std::int64_t day(std::int64_t y, unsigned m, unsigned d) {
  return types::days_from_civil(y, m, d) * types::micros_per_day;
}

TEST(ExcelDate, Serial1900MatchesWhatExcelShowsFromMarch1900) {
  EXPECT_EQ(excel_serial_to_micros(61, DateSystem::Excel1900), day(1900, 3, 1));
  EXPECT_EQ(excel_serial_to_micros(25569, DateSystem::Excel1900), 0);
  EXPECT_EQ(excel_serial_to_micros(45292, DateSystem::Excel1900), day(2024, 1, 1));
  EXPECT_EQ(excel_serial_to_micros(2958465, DateSystem::Excel1900), day(9999, 12, 31));
}

TEST(ExcelDate, ThePhantomLeapDayNeverSharesATimestamp) {
  constexpr std::int64_t kEightHours = 8LL * 3600 * 1000000;
  // Serial 60 is Excel's 1900-02-29: it reads as 1900-02-28 with its time, and
  // the serials before it one day earlier than Excel shows, as LibreOffice does.
  EXPECT_EQ(excel_serial_to_micros(60.333333333333336, DateSystem::Excel1900),
            day(1900, 2, 28) + kEightHours);
  EXPECT_EQ(excel_serial_to_micros(59.333333333333336, DateSystem::Excel1900),
            day(1900, 2, 27) + kEightHours);
  EXPECT_EQ(excel_serial_to_micros(1, DateSystem::Excel1900), day(1899, 12, 31));
  std::optional<std::int64_t> previous;
  for (double serial = 0; serial < 70; serial += 0.25) {
    const auto micros = excel_serial_to_micros(serial, DateSystem::Excel1900);
    ASSERT_TRUE(micros) << serial;
    if (previous) {
      EXPECT_EQ(*micros - *previous, types::micros_per_day / 4) << serial;
    }
    previous = micros;
  }
}

TEST(ExcelDate, Serial1904StartsIn1904) {
  EXPECT_EQ(excel_serial_to_micros(0, DateSystem::Excel1904), day(1904, 1, 1));
  EXPECT_EQ(excel_serial_to_micros(43830, DateSystem::Excel1904), day(2024, 1, 1));
}

TEST(ExcelDate, FractionsRoundToTheMillisecond) {
  // 13:00 stored with binary noise.
  EXPECT_EQ(excel_serial_to_micros(45292.541666666664, DateSystem::Excel1900),
            day(2024, 1, 1) + 13LL * 3600 * 1000000);
  EXPECT_EQ(excel_time_of_day_micros(0.5), 12LL * 3600 * 1000000);
  // 23:59:59.9999 rounds into the next day rather than past midnight.
  EXPECT_EQ(excel_serial_to_micros(45292.9999999999, DateSystem::Excel1900), day(2024, 1, 2));
}

TEST(ExcelDate, AbsurdSerialsAreRejected) {
  EXPECT_FALSE(excel_serial_to_micros(-1, DateSystem::Excel1900));
  EXPECT_FALSE(excel_serial_to_micros(3e6, DateSystem::Excel1900));
  EXPECT_FALSE(excel_serial_to_micros(std::nan(""), DateSystem::Excel1900));
}

TEST(Iso8601, DatesTimesAndZones) {
  auto v = parse_iso8601("2024-03-01");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, CellKind::Date);
  EXPECT_EQ(v->micros, day(2024, 3, 1));
  v = parse_iso8601("2024-03-01T10:20:30.5");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, CellKind::DateTime);
  EXPECT_EQ(v->micros, day(2024, 3, 1) + (10 * 3600 + 20 * 60 + 30) * 1000000LL + 500000);
  v = parse_iso8601("2024-03-01T10:00:00+02:00");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->micros, day(2024, 3, 1) + 8 * 3600 * 1000000LL);
  v = parse_iso8601("2024-03-01T10:00:00Z");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->micros, day(2024, 3, 1) + 10 * 3600 * 1000000LL);
  v = parse_iso8601("10:20:30");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, CellKind::Time);
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2024-13-01"));
  EXPECT_FALSE(parse_iso8601("2024-03-01T25"));
}

}  // namespace
}  // namespace pgdatahub::workbook
