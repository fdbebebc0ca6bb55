// The serial conversions round with integer arithmetic instead of std::floor
// and std::llround; these tests hold them to the libm formulation they
// replaced, over every whole day of both date systems and a dense set of
// fractions around every rounding edge.
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/workbook/excel_date.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

namespace pgdatahub::workbook {
namespace {

constexpr double millis_per_day = 86'400'000.0;
constexpr double last_serial1900 = 2958466.0;
constexpr double last_serial1904 = 2957004.0;

struct LibmSplit {
  std::int64_t days;
  std::int64_t millis;
};

// The conversion as it was written with libm, kept here as the reference.
LibmSplit libm_split(double serial) {
  const double whole = std::floor(serial);
  auto days = static_cast<std::int64_t>(whole);
  auto millis = static_cast<std::int64_t>(std::llround((serial - whole) * millis_per_day));
  if (millis >= 86'400'000) {
    ++days;
    millis -= 86'400'000;
  }
  return {days, millis};
}

std::optional<std::int64_t> libm_serial_to_micros(double serial, DateSystem system) {
  const double last = system == DateSystem::Excel1900 ? last_serial1900 : last_serial1904;
  if (!(serial >= 0.0) || !(serial < last)) return std::nullopt;
  const LibmSplit split = libm_split(serial);
  const std::int64_t epoch = system == DateSystem::Excel1900 ? 25569 : 24107;
  return (split.days - epoch) * types::micros_per_day + split.millis * 1000;
}

std::int64_t libm_duration_micros(double serial) {
  return static_cast<std::int64_t>(std::llround(serial * millis_per_day)) * 1000;
}

// Fractions of a day where rounding can go either way: every millisecond
// and its half (where the conversion rounds), every half microsecond of a
// sample of seconds, the last instants of the day, and each of those one
// and two doubles to either side.
std::vector<double> edge_fractions() {
  std::vector<double> edges;
  for (std::int64_t milli = 0; milli < 86'400'000; milli += 997) {
    edges.push_back(static_cast<double>(milli) / millis_per_day);
    edges.push_back((static_cast<double>(milli) + 0.5) / millis_per_day);
  }
  for (std::int64_t second = 0; second < 86'400; second += 4'999) {
    for (int micro = 0; micro < 1000; micro += 7) {
      const double micros = static_cast<double>(second) * 1e6 + micro + 0.5;
      edges.push_back(micros / (millis_per_day * 1000.0));
    }
  }
  edges.push_back((86'400'000.0 - 0.5) / millis_per_day);  // 23:59:59.9995
  edges.push_back((86'400e6 - 0.5) / 86'400e6);            // 23:59:59.9999995
  edges.push_back(std::nextafter(1.0, 0.0));
  std::vector<double> around;
  for (const double edge : edges) {
    double below = edge;
    double above = edge;
    around.push_back(edge);
    for (int step = 0; step < 2; ++step) {
      below = std::nextafter(below, 0.0);
      above = std::nextafter(above, 1.0);
      around.push_back(below);
      if (above < 1.0) around.push_back(above);
    }
  }
  return around;
}

void expect_same(double serial) {
  for (const auto system : {DateSystem::Excel1900, DateSystem::Excel1904}) {
    ASSERT_EQ(excel_serial_to_micros(serial, system), libm_serial_to_micros(serial, system))
        << "serial " << serial;
  }
  if (std::isfinite(serial) && std::fabs(serial) < 1e15) {
    ASSERT_EQ(excel_time_of_day_micros(serial), libm_split(serial).millis * 1000)
        << "serial " << serial;
  }
}

TEST(ExcelSerialRounding, EveryWholeDayOfBothSystems) {
  for (std::int64_t day = 0; day <= static_cast<std::int64_t>(last_serial1900); ++day) {
    expect_same(static_cast<double>(day));
  }
}

TEST(ExcelSerialRounding, RoundingEdgesOfTheDayAcrossTheRange) {
  const std::vector<double> fractions = edge_fractions();
  // Days spread over both systems' range: the larger the day, the coarser
  // its fractions, so the edges fall differently at each magnitude.
  for (const double day :
       {0.0, 1.0, 59.0, 60.0, 61.0, 1462.0, 25569.0, 45292.0, 1048575.0, 2957003.0, 2958465.0}) {
    for (const double fraction : fractions) expect_same(day + fraction);
  }
}

TEST(ExcelSerialRounding, RandomSerialsAndNegatives) {
  std::mt19937_64 random(20261202);
  std::uniform_real_distribution<double> serials(-10.0, last_serial1900 + 10.0);
  for (int i = 0; i < 2'000'000; ++i) expect_same(serials(random));
  for (const double odd :
       {-0.0, -1e-20, -0.25, -1.5, 1e-300, 4503599627370495.5,
        std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    expect_same(odd);
  }
}

TEST(ExcelSerialRounding, DurationsRoundAsLlround) {
  const std::vector<double> fractions = edge_fractions();
  for (const double day : {0.0, 1.0, 2.0, 37.0, 9999.0, 9'999'999.0}) {
    for (const double fraction : fractions) {
      const double serial = day + fraction;
      ASSERT_EQ(excel_duration_micros(serial), libm_duration_micros(serial)) << serial;
    }
  }
  std::mt19937_64 random(14);
  std::uniform_real_distribution<double> serials(0.0, 1e7);
  for (int i = 0; i < 1'000'000; ++i) {
    const double serial = serials(random);
    ASSERT_EQ(excel_duration_micros(serial), libm_duration_micros(serial)) << serial;
  }
}

}  // namespace
}  // namespace pgdatahub::workbook
