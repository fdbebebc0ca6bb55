#include <pgdatahub/core/utc_time.hpp>

#include <array>

namespace pgdatahub {

std::string format_utc(std::time_t time, UtcStyle style) {
  std::tm parts{};
  gmtime_r(&time, &parts);
  const char* pattern = "%Y-%m-%d %H:%M:%S";
  if (style == UtcStyle::Iso8601) pattern = "%Y-%m-%dT%H:%M:%SZ";
  if (style == UtcStyle::Sql) pattern = "%Y-%m-%d %H:%M:%SZ";
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), pattern, &parts);
  return {text.data(), length};
}

std::string utc_now(UtcStyle style) { return format_utc(std::time(nullptr), style); }

}  // namespace pgdatahub
