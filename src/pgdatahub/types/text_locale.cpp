#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/text_locale.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace pgdatahub::types {
namespace {

// A double holds every integer of up to 15 digits exactly; longer ones are
// identifiers (account numbers), not amounts, and stay text.
constexpr std::size_t max_exact_integer_digits = 15;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Between `min_digits` and `max_digits` digits from the front of `text`.
std::optional<unsigned> take_number(std::string_view& text, std::size_t min_digits,
                                    std::size_t max_digits) noexcept {
  std::size_t count = 0;
  unsigned value = 0;
  while (count < max_digits && count < text.size() && is_digit(text[count])) {
    value = value * 10 + static_cast<unsigned>(text[count] - '0');
    ++count;
  }
  if (count < min_digits) return std::nullopt;
  text.remove_prefix(count);
  return value;
}

}  // namespace

DateFormat DateFormat::parse(std::string_view pattern, bool with_time) {
  DateFormat format;
  format.m_pattern = pattern;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::size_t i = 0;
  auto next_is = [&](std::string_view token) { return pattern.substr(i, token.size()) == token; };
  while (i < pattern.size()) {
    if (next_is("YYYY")) {
      format.m_parts.push_back({Field::Year, '\0'});
      ++year;
      i += 4;
    } else if (next_is("MM")) {
      format.m_parts.push_back({Field::Month, '\0'});
      ++month;
      i += 2;
    } else if (next_is("DD")) {
      format.m_parts.push_back({Field::Day, '\0'});
      ++day;
      i += 2;
    } else if (next_is("HH")) {
      format.m_parts.push_back({Field::Hour, '\0'});
      ++hour;
      i += 2;
    } else if (next_is("MI")) {
      format.m_parts.push_back({Field::Minute, '\0'});
      ++minute;
      i += 2;
    } else if (next_is("SS")) {
      format.m_parts.push_back({Field::Second, '\0'});
      ++second;
      i += 2;
    } else if (is_digit(pattern[i]) || (pattern[i] >= 'A' && pattern[i] <= 'Z')) {
      throw std::invalid_argument(
          "'" + std::string(pattern) + "' has '" + std::string(1, pattern[i]) +
          "', which is no field (use YYYY, MM, DD, HH, MI, SS and separators)");
    } else {
      format.m_parts.push_back({Field::Literal, pattern[i]});
      ++i;
    }
  }
  if (year != 1 || month != 1 || day != 1) {
    throw std::invalid_argument("'" + std::string(pattern) +
                                "' must have YYYY, MM and DD once each");
  }
  if (with_time && (hour != 1 || minute != 1 || second > 1)) {
    throw std::invalid_argument("'" + std::string(pattern) +
                                "' must have HH and MI once each (and SS at most once)");
  }
  if (!with_time && hour + minute + second != 0) {
    throw std::invalid_argument("'" + std::string(pattern) +
                                "' is a date format: put times in datetime_format");
  }
  return format;
}

std::optional<std::int64_t> DateFormat::read(std::string_view text) const noexcept {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  for (std::size_t p = 0; p < m_parts.size(); ++p) {
    const Part& part = m_parts[p];
    if (part.field == Field::Literal) {
      if (text.empty() || text.front() != part.literal) return std::nullopt;
      text.remove_prefix(1);
      continue;
    }
    // Two fields with nothing between them ("YYYYMMDD") need fixed widths.
    const bool packed = (p + 1 < m_parts.size() && m_parts[p + 1].field != Field::Literal) ||
                        (p > 0 && m_parts[p - 1].field != Field::Literal);
    const std::size_t width = part.field == Field::Year ? 4 : 2;
    const auto value = take_number(text, packed || part.field == Field::Year ? width : 1, width);
    if (!value) return std::nullopt;
    switch (part.field) {
      case Field::Year:
        year = *value;
        break;
      case Field::Month:
        month = *value;
        break;
      case Field::Day:
        day = *value;
        break;
      case Field::Hour:
        hour = *value;
        break;
      case Field::Minute:
        minute = *value;
        break;
      case Field::Second:
        second = *value;
        break;
      case Field::Literal:
        break;
    }
  }
  if (!text.empty() || year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  const std::int64_t seconds = (static_cast<std::int64_t>(hour) * 60 + minute) * 60 + second;
  return days_from_civil(year, month, day) * micros_per_day + seconds * micros_per_second;
}

bool TextLocale::is_standard() const noexcept {
  return !has_number_format() && !date_format && !datetime_format && true_values.empty() &&
         false_values.empty() && null_values.empty();
}

bool TextLocale::is_null(std::string_view trimmed) const noexcept {
  return std::find(null_values.begin(), null_values.end(), trimmed) != null_values.end();
}

std::optional<bool> TextLocale::read_boolean(std::string_view trimmed) const noexcept {
  for (const auto& word : true_values) {
    if (equals_ignoring_case(trimmed, word)) return true;
  }
  for (const auto& word : false_values) {
    if (equals_ignoring_case(trimmed, word)) return false;
  }
  return std::nullopt;
}

std::optional<PlainNumber> TextLocale::plain_number(std::string_view text) const noexcept {
  PlainNumber plain;
  auto append = [&plain](char c) {
    if (plain.length == PlainNumber::capacity) return false;
    plain.chars[plain.length++] = c;
    return true;
  };
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    if (text[i] == '-') append('-');
    ++i;
  }
  const std::size_t first_digit_at = plain.length;
  std::size_t group_digits = 0;  // digits since the last thousands separator
  bool grouped = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      if (!append(c)) return std::nullopt;
      ++plain.integer_digits;
      ++group_digits;
    } else if (thousands != '\0' && c == thousands) {
      // The first group has one to three digits, every later one three.
      if (group_digits == 0 || group_digits > 3 || (grouped && group_digits != 3))
        return std::nullopt;
      grouped = true;
      group_digits = 0;
    } else {
      break;
    }
  }
  if (plain.integer_digits == 0 || (grouped && group_digits != 3)) return std::nullopt;
  plain.leading_zero = plain.integer_digits > 1 && plain.chars[first_digit_at] == '0';
  if (i < text.size() && text[i] == decimal) {
    ++i;
    if (!append('.')) return std::nullopt;
    const std::size_t fraction_at = i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      if (!append(text[i])) return std::nullopt;
    }
    if (i == fraction_at) return std::nullopt;
    plain.has_fraction = true;
  }
  if (i != text.size()) return std::nullopt;
  return plain;
}

std::optional<double> TextLocale::read_number(std::string_view text) const noexcept {
  const auto plain = plain_number(text);
  if (!plain) return std::nullopt;
  if (!plain->has_fraction &&
      (plain->leading_zero || plain->integer_digits > max_exact_integer_digits)) {
    return std::nullopt;
  }
  double value = 0;
  const auto digits = plain->text();
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> TextLocale::read_date(std::string_view trimmed) const noexcept {
  if (!date_format) return std::nullopt;
  return date_format->read(trimmed);
}

std::optional<std::int64_t> TextLocale::read_datetime(std::string_view trimmed) const noexcept {
  if (!datetime_format) return std::nullopt;
  return datetime_format->read(trimmed);
}

}  // namespace pgdatahub::types
