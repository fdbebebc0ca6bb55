#include <pgdatahub/copy/text_conversion.hpp>
#include <pgdatahub/types/civil_date.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <system_error>

namespace pgdatahub::copy {
namespace {

using types::micros_per_second;

constexpr std::int64_t micros_per_minute = 60 * micros_per_second;
constexpr std::int64_t micros_per_hour = 60 * micros_per_minute;
constexpr std::size_t max_fraction_digits = 6;

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_lower(std::string_view text, std::string_view lowercase) noexcept {
  if (text.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lowercase[i]) return false;
  }
  return true;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Consumes exactly `count` digits from the front of `text`.
std::optional<unsigned> take_digits(std::string_view& text, std::size_t count) noexcept {
  if (text.size() < count) return std::nullopt;
  unsigned value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
  }
  text.remove_prefix(count);
  return value;
}

bool take_char(std::string_view& text, char c) noexcept {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

std::optional<std::int64_t> take_date(std::string_view& text) noexcept {
  const auto year = take_digits(text, 4);
  if (!year || !take_char(text, '-')) return std::nullopt;
  const auto month = take_digits(text, 2);
  if (!month || !take_char(text, '-')) return std::nullopt;
  const auto day = take_digits(text, 2);
  if (!day || *year < 1 || *month < 1 || *month > 12) return std::nullopt;
  if (*day < 1 || *day > types::days_in_month(*year, *month)) return std::nullopt;
  return types::days_from_civil(*year, *month, *day);
}

// "MM[:SS[.ffffff]]" after the hours, as microseconds.
std::optional<std::int64_t> take_minutes_seconds(std::string_view& text) noexcept {
  const auto minutes = take_digits(text, 2);
  if (!minutes || *minutes > 59) return std::nullopt;
  std::int64_t micros = *minutes * micros_per_minute;
  if (!take_char(text, ':')) return micros;
  const auto seconds = take_digits(text, 2);
  if (!seconds || *seconds > 59) return std::nullopt;
  micros += *seconds * micros_per_second;
  if (!take_char(text, '.')) return micros;
  std::size_t digits = 0;
  std::int64_t fraction = 0;
  while (!text.empty() && is_digit(text.front())) {
    // Digits past microseconds would be rounded away: not lossless.
    if (digits == max_fraction_digits) return std::nullopt;
    fraction = fraction * 10 + (text.front() - '0');
    ++digits;
    text.remove_prefix(1);
  }
  if (digits == 0) return std::nullopt;
  for (std::size_t i = digits; i < max_fraction_digits; ++i) fraction *= 10;
  return micros + fraction;
}

std::optional<std::int64_t> take_clock(std::string_view& text) noexcept {
  const auto hours = take_digits(text, 2);
  if (!hours || *hours > 23 || !take_char(text, ':')) return std::nullopt;
  const auto rest = take_minutes_seconds(text);
  if (!rest) return std::nullopt;
  return *hours * micros_per_hour + *rest;
}

}  // namespace

std::optional<std::int64_t> parse_integer(std::string_view text) noexcept {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  std::int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_double(std::string_view text) noexcept {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> parse_boolean(std::string_view text) noexcept {
  text = trim(text);
  constexpr std::array<std::string_view, 6> truths = {"true", "t", "yes", "y", "on", "1"};
  constexpr std::array<std::string_view, 6> falsehoods = {"false", "f", "no", "n", "off", "0"};
  for (std::string_view word : truths) {
    if (equals_lower(text, word)) return true;
  }
  for (std::string_view word : falsehoods) {
    if (equals_lower(text, word)) return false;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_date(std::string_view text) noexcept {
  text = trim(text);
  const auto days = take_date(text);
  if (!days || !text.empty()) return std::nullopt;
  return days;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) noexcept {
  text = trim(text);
  const auto days = take_date(text);
  if (!days) return std::nullopt;
  const std::int64_t midnight = *days * types::micros_per_day;
  if (text.empty()) return midnight;
  if (!take_char(text, ' ') && !take_char(text, 'T')) return std::nullopt;
  const auto clock = take_clock(text);
  if (!clock || !text.empty()) return std::nullopt;
  return midnight + *clock;
}

std::optional<std::int64_t> parse_time(std::string_view text) noexcept {
  text = trim(text);
  const auto clock = take_clock(text);
  if (!clock || !text.empty()) return std::nullopt;
  return clock;
}

std::optional<std::int64_t> parse_interval(std::string_view text) noexcept {
  text = trim(text);
  const bool negative = take_char(text, '-');
  std::int64_t hours = 0;
  std::size_t hour_digits = 0;
  // Up to 12 hour digits keeps the product far inside int64.
  constexpr std::size_t max_hour_digits = 12;
  while (!text.empty() && is_digit(text.front())) {
    if (hour_digits == max_hour_digits) return std::nullopt;
    hours = hours * 10 + (text.front() - '0');
    ++hour_digits;
    text.remove_prefix(1);
  }
  if (hour_digits == 0 || !take_char(text, ':')) return std::nullopt;
  const auto rest = take_minutes_seconds(text);
  if (!rest || !text.empty()) return std::nullopt;
  const std::int64_t micros = hours * micros_per_hour + *rest;
  return negative ? -micros : micros;
}

}  // namespace pgdatahub::copy
