#include <pgdatahub/workbook/csv/text_value.hpp>

#include <pgdatahub/workbook/excel_date.hpp>

#include <charconv>
#include <cmath>

namespace pgdatahub::workbook::csv {

namespace {

constexpr std::int64_t micros_per_second = 1'000'000;
constexpr std::size_t max_exact_integer_digits = 15;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

unsigned digits_value(std::string_view text) noexcept {
  unsigned value = 0;
  for (char c : text) value = value * 10 + static_cast<unsigned>(c - '0');
  return value;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) noexcept {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<char>(text[i] | 0x20) != lower[i]) return false;
  }
  return true;
}

std::string_view trim_spaces(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// [+-]? (0 | [1-9][0-9]*) ( . [0-9]+ )? ( [eE] [+-]? [0-9]+ )?  with at most
// 15 integer digits when there is neither fraction nor exponent.
bool is_number_literal(std::string_view text, bool& is_integer) noexcept {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  const std::size_t int_digits = i - int_begin;
  if (int_digits == 0) return false;
  if (int_digits > 1 && text[int_begin] == '0') return false;
  is_integer = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_begin = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == frac_begin) return false;
    is_integer = false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t exp_begin = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == exp_begin) return false;
    is_integer = false;
  }
  if (i != text.size()) return false;
  return !is_integer || int_digits <= max_exact_integer_digits;
}

}  // namespace

std::optional<std::int64_t> parse_iso_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  const unsigned year = digits_value(y), month = digits_value(m), day = digits_value(d);
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > month_days[month - 1] || (month == 2 && day == 29 && !leap)) return std::nullopt;
  return days_from_civil(year, month, day) * kMicrosPerDay;
}

std::optional<std::int64_t> parse_iso_time(std::string_view text, bool seconds_optional) noexcept {
  if (text.size() < 5 || text[2] != ':') return std::nullopt;
  const auto h = text.substr(0, 2), m = text.substr(3, 2);
  if (!all_digits(h) || !all_digits(m)) return std::nullopt;
  const unsigned hour = digits_value(h), minute = digits_value(m);
  if (hour > 23 || minute > 59) return std::nullopt;
  std::int64_t micros = (hour * 3600 + minute * 60) * micros_per_second;
  std::string_view rest = text.substr(5);
  if (rest.empty()) {
    if (!seconds_optional) return std::nullopt;
    return micros;
  }
  if (rest.size() < 3 || rest[0] != ':') return std::nullopt;
  const auto s = rest.substr(1, 2);
  if (!all_digits(s) || digits_value(s) > 59) return std::nullopt;
  micros += digits_value(s) * micros_per_second;
  rest.remove_prefix(3);
  if (rest.empty()) return micros;
  if (rest[0] != '.' || rest.size() < 2 || rest.size() > 10) return std::nullopt;
  const auto fraction = rest.substr(1);
  if (!all_digits(fraction)) return std::nullopt;
  std::int64_t scaled = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    scaled = scaled * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  return micros + scaled;
}

void infer_cell(std::string_view raw, Cell& cell) {
  cell.text = raw;
  cell.kind = CellKind::Text;
  const std::string_view text = trim_spaces(raw);
  if (text.empty()) return;
  const char first = text.front();
  if (is_digit(first) || first == '-' || first == '+') {
    bool is_integer = false;
    if (is_number_literal(text, is_integer)) {
      const char* begin = text.data() + (first == '+' ? 1 : 0);
      double value = 0;
      const auto result = std::from_chars(begin, text.data() + text.size(), value);
      if (result.ec == std::errc() && std::isfinite(value)) {
        cell.kind = CellKind::Number;
        cell.number = value;
      }
      return;
    }
    if (!is_digit(first)) return;
    if (auto date = parse_iso_date(text.substr(0, std::min<std::size_t>(text.size(), 10)))) {
      if (text.size() == 10) {
        cell.kind = CellKind::Date;
        cell.micros = *date;
        return;
      }
      if (text[10] == ' ' || text[10] == 'T') {
        if (auto time = parse_iso_time(text.substr(11), true)) {
          cell.kind = CellKind::DateTime;
          cell.micros = *date + *time;
        }
      }
      return;
    }
    if (text.size() >= 8 && text[2] == ':') {
      if (auto time = parse_iso_time(text, false)) {
        cell.kind = CellKind::Time;
        cell.micros = *time;
      }
    }
    return;
  }
  if (equals_ignoring_case(text, "true") || equals_ignoring_case(text, "false")) {
    cell.kind = CellKind::Boolean;
    cell.boolean = (first | 0x20) == 't';
  }
}

}  // namespace pgdatahub::workbook::csv
