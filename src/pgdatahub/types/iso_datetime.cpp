#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/iso_datetime.hpp>

#include <cstddef>

namespace pgdatahub::types {
namespace {

constexpr std::int64_t micros_per_minute = 60 * micros_per_second;
constexpr std::int64_t micros_per_hour = 60 * micros_per_minute;
constexpr std::size_t iso_date_length = 10;
constexpr std::size_t fraction_digits = 6;

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

// The digits after '.', scaled to microseconds.
std::optional<std::int64_t> take_fraction(std::string_view& text, ExtraFraction extra) noexcept {
  std::size_t digits = 0;
  std::int64_t fraction = 0;
  while (!text.empty() && is_digit(text.front())) {
    if (digits < fraction_digits) {
      fraction = fraction * 10 + (text.front() - '0');
    } else if (extra == ExtraFraction::Refuse) {
      return std::nullopt;
    }
    ++digits;
    text.remove_prefix(1);
  }
  if (digits == 0) return std::nullopt;
  for (std::size_t i = digits; i < fraction_digits; ++i) fraction *= 10;
  return fraction;
}

// "MM[:SS[.f+]]" after the hours, as microseconds.
std::optional<std::int64_t> take_minutes_seconds(std::string_view& text, bool seconds_required,
                                                 ExtraFraction extra) noexcept {
  const auto minutes = take_digits(text, 2);
  if (!minutes || *minutes > 59) return std::nullopt;
  std::int64_t micros = *minutes * micros_per_minute;
  if (!take_char(text, ':')) {
    if (seconds_required) return std::nullopt;
    return micros;
  }
  const auto seconds = take_digits(text, 2);
  if (!seconds || *seconds > 59) return std::nullopt;
  micros += *seconds * micros_per_second;
  if (!take_char(text, '.')) return micros;
  const auto fraction = take_fraction(text, extra);
  if (!fraction) return std::nullopt;
  return micros + *fraction;
}

}  // namespace

std::optional<std::int64_t> parse_iso_date(std::string_view text) noexcept {
  if (text.size() != iso_date_length) return std::nullopt;
  const auto year = take_digits(text, 4);
  if (!year || !take_char(text, '-')) return std::nullopt;
  const auto month = take_digits(text, 2);
  if (!month || !take_char(text, '-')) return std::nullopt;
  const auto day = take_digits(text, 2);
  // PostgreSQL has no year 0: "0000-01-01" is not a date it would print.
  if (!day || *year < 1 || *month < 1 || *month > 12) return std::nullopt;
  if (*day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  return days_from_civil(*year, *month, *day);
}

std::optional<std::int64_t> parse_iso_clock(std::string_view text, bool seconds_required,
                                            ExtraFraction extra) noexcept {
  const auto hours = take_digits(text, 2);
  if (!hours || *hours > 23 || !take_char(text, ':')) return std::nullopt;
  const auto rest = take_minutes_seconds(text, seconds_required, extra);
  if (!rest || !text.empty()) return std::nullopt;
  return *hours * micros_per_hour + *rest;
}

std::optional<std::int64_t> parse_iso_timestamp(std::string_view text,
                                                ExtraFraction extra) noexcept {
  const auto days = parse_iso_date(text.substr(0, iso_date_length));
  if (!days) return std::nullopt;
  const std::int64_t midnight = *days * micros_per_day;
  if (text.size() == iso_date_length) return midnight;
  const char separator = text[iso_date_length];
  if (separator != ' ' && separator != 'T') return std::nullopt;
  const auto clock = parse_iso_clock(text.substr(iso_date_length + 1), false, extra);
  if (!clock) return std::nullopt;
  return midnight + *clock;
}

std::optional<std::int64_t> parse_iso_duration(std::string_view text,
                                               ExtraFraction extra) noexcept {
  const bool negative = take_char(text, '-');
  // Up to 12 hour digits keeps the product far inside int64.
  constexpr std::size_t max_hour_digits = 12;
  std::int64_t hours = 0;
  std::size_t hour_digits = 0;
  while (!text.empty() && is_digit(text.front())) {
    if (hour_digits == max_hour_digits) return std::nullopt;
    hours = hours * 10 + (text.front() - '0');
    ++hour_digits;
    text.remove_prefix(1);
  }
  if (hour_digits == 0 || !take_char(text, ':')) return std::nullopt;
  const auto rest = take_minutes_seconds(text, false, extra);
  if (!rest || !text.empty()) return std::nullopt;
  const std::int64_t micros = hours * micros_per_hour + *rest;
  return negative ? -micros : micros;
}

}  // namespace pgdatahub::types
