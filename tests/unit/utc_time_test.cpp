#include <pgdatahub/core/utc_time.hpp>

#include <gtest/gtest.h>

namespace pgdatahub {
namespace {

constexpr std::time_t march_first_noon = 1709294400;  // 2024-03-01 12:00:00 UTC

TEST(UtcTime, EachStyleSpellsTheSameInstant) {
  EXPECT_EQ(format_utc(march_first_noon, UtcStyle::Iso8601), "2024-03-01T12:00:00Z");
  EXPECT_EQ(format_utc(march_first_noon, UtcStyle::Sql), "2024-03-01 12:00:00Z");
  EXPECT_EQ(format_utc(march_first_noon, UtcStyle::Log), "2024-03-01 12:00:00");
  EXPECT_EQ(format_utc(0, UtcStyle::Iso8601), "1970-01-01T00:00:00Z");
}

TEST(UtcTime, NowIsTheClockInUtc) {
  const std::time_t before = std::time(nullptr);
  const std::string now = utc_now(UtcStyle::Iso8601);
  const std::time_t after = std::time(nullptr);
  EXPECT_TRUE(now == format_utc(before, UtcStyle::Iso8601) ||
              now == format_utc(after, UtcStyle::Iso8601))
      << now;
}

}  // namespace
}  // namespace pgdatahub
