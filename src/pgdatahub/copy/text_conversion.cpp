#include <pgdatahub/copy/text_conversion.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/iso_datetime.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <system_error>

namespace pgdatahub::copy {
namespace {

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
  return types::parse_iso_date(trim(text));
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) noexcept {
  return types::parse_iso_timestamp(trim(text), types::ExtraFraction::Refuse);
}

std::optional<std::int64_t> parse_time(std::string_view text) noexcept {
  return types::parse_iso_clock(trim(text), false, types::ExtraFraction::Refuse);
}

std::optional<std::int64_t> parse_interval(std::string_view text) noexcept {
  return types::parse_iso_duration(trim(text), types::ExtraFraction::Refuse);
}

bool is_null(std::string_view text, const types::TextLocale& locale) noexcept {
  return locale.is_null(trim(text));
}

std::optional<std::int64_t> parse_integer(std::string_view text,
                                          const types::TextLocale& locale) noexcept {
  if (!locale.has_number_format()) return parse_integer(text);
  const auto plain = locale.plain_number(trim(text));
  if (!plain || plain->has_fraction) return std::nullopt;
  return parse_integer(plain->text());
}

std::optional<double> parse_double(std::string_view text,
                                   const types::TextLocale& locale) noexcept {
  if (!locale.has_number_format()) return parse_double(text);
  const auto plain = locale.plain_number(trim(text));
  if (!plain) return std::nullopt;
  return parse_double(plain->text());
}

std::optional<bool> parse_boolean(std::string_view text, const types::TextLocale& locale) noexcept {
  if (const auto value = locale.read_boolean(trim(text))) return value;
  return parse_boolean(text);
}

std::optional<std::int64_t> parse_date(std::string_view text,
                                       const types::TextLocale& locale) noexcept {
  if (const auto days = parse_date(text)) return days;
  const auto micros = locale.read_date(trim(text));
  if (!micros) return std::nullopt;
  return *micros / types::micros_per_day;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text,
                                            const types::TextLocale& locale) noexcept {
  if (const auto micros = parse_timestamp(text)) return micros;
  if (const auto micros = locale.read_datetime(trim(text))) return micros;
  return locale.read_date(trim(text));
}

}  // namespace pgdatahub::copy
