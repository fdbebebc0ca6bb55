#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/iso_datetime.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>

#include <charconv>
#include <cmath>

namespace pgdatahub::workbook::csv {

namespace {

constexpr std::size_t max_exact_integer_digits = 15;
constexpr std::size_t iso_date_length = 10;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

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
    // Dates and times follow the grammar a forced date column accepts, so
    // what is inferred here always converts there too.
    if (text.size() == iso_date_length && text[4] == '-') {
      if (const auto days = types::parse_iso_date(text)) {
        cell.kind = CellKind::Date;
        cell.micros = *days * types::micros_per_day;
      }
      return;
    }
    if (text.size() > iso_date_length && text[4] == '-') {
      if (const auto micros = types::parse_iso_timestamp(text, types::ExtraFraction::Refuse)) {
        cell.kind = CellKind::DateTime;
        cell.micros = *micros;
      }
      return;
    }
    // A clock needs its seconds: "12:30" is as likely a score as a time.
    if (text.size() >= 8 && text[2] == ':') {
      if (const auto micros = types::parse_iso_clock(text, true, types::ExtraFraction::Refuse)) {
        cell.kind = CellKind::Time;
        cell.micros = *micros;
      }
    }
    return;
  }
  if (equals_ignoring_case(text, "true") || equals_ignoring_case(text, "false")) {
    cell.kind = CellKind::Boolean;
    cell.boolean = (first | 0x20) == 't';
  }
}

void infer_cell(std::string_view raw, Cell& cell, const types::TextLocale& locale) {
  cell.text = raw;
  cell.kind = CellKind::Text;
  const std::string_view text = trim_spaces(raw);
  if (text.empty()) return;
  if (locale.is_null(text)) {
    cell.kind = CellKind::Empty;
    return;
  }
  if (const auto boolean = locale.read_boolean(text)) {
    cell.kind = CellKind::Boolean;
    cell.boolean = *boolean;
    return;
  }
  if (locale.has_number_format()) {
    if (const auto number = locale.read_number(text)) {
      cell.kind = CellKind::Number;
      cell.number = *number;
      return;
    }
  }
  infer_cell(raw, cell);
  // A plain number where the locale has its own notation would be misread
  // ("1.5" where the decimal is ','), so it stays text; ISO dates, times and
  // booleans keep their type.
  if (cell.kind == CellKind::Number && locale.has_number_format()) cell.kind = CellKind::Text;
  if (cell.kind != CellKind::Text) return;
  if (const auto micros = locale.read_date(text)) {
    cell.kind = CellKind::Date;
    cell.micros = *micros;
  } else if (const auto micros_of_datetime = locale.read_datetime(text)) {
    cell.kind = CellKind::DateTime;
    cell.micros = *micros_of_datetime;
  }
}

}  // namespace pgdatahub::workbook::csv
