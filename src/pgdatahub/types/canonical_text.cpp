#include <pgdatahub/types/canonical_text.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/float8_decimal.hpp>
#include <pgdatahub/types/inference.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <system_error>

namespace pgdatahub::types {
namespace {

using workbook::CellKind;

// float8out switches to exponential notation outside [1e-4, 1e15), as printf's
// %g does with precision 15.
constexpr int min_fixed_exponent = -4;
constexpr int max_fixed_exponent = 15;
constexpr std::int64_t micros_per_minute = 60 * micros_per_second;
constexpr std::int64_t micros_per_hour = 60 * micros_per_minute;

void append_int64(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

// Appends `value` zero-padded to at least `width` digits (value >= 0).
void append_padded(std::string& out, std::uint64_t value, std::size_t width) {
  std::array<char, 24> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  const auto length = static_cast<std::size_t>(result.ptr - buffer.data());
  if (length < width) out.append(width - length, '0');
  out.append(buffer.data(), length);
}

// ".5", ".123456": microseconds with trailing zeros trimmed, nothing for 0.
void append_fraction(std::string& out, std::int64_t micros) {
  if (micros == 0) return;
  std::array<char, 7> digits{'.', '0', '0', '0', '0', '0', '0'};
  std::size_t length = digits.size();
  for (std::size_t i = digits.size() - 1; i > 0; --i) {
    digits[i] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  while (digits[length - 1] == '0') --length;
  out.append(digits.data(), length);
}

// "HH:MM:SS[.frac]" of a non-negative count of microseconds; hours may exceed 23.
void append_clock(std::string& out, std::uint64_t micros) {
  const auto hour_micros = static_cast<std::uint64_t>(micros_per_hour);
  const auto minute_micros = static_cast<std::uint64_t>(micros_per_minute);
  const auto second_micros = static_cast<std::uint64_t>(micros_per_second);
  append_padded(out, micros / hour_micros, 2);
  out += ':';
  append_padded(out, micros % hour_micros / minute_micros, 2);
  out += ':';
  append_padded(out, micros % minute_micros / second_micros, 2);
  append_fraction(out, static_cast<std::int64_t>(micros % second_micros));
}

// "YYYY-MM-DD"; returns whether the year is BC (PostgreSQL appends " BC"
// after the whole value, so the caller writes the suffix).
bool append_date(std::string& out, std::int64_t days) {
  const CivilDate date = civil_from_days(days);
  const bool before_christ = date.year <= 0;
  // There is no year 0: 1 BC is year 0 of the proleptic calendar.
  const std::int64_t year = before_christ ? 1 - date.year : date.year;
  append_padded(out, static_cast<std::uint64_t>(year), 4);
  out += '-';
  append_padded(out, date.month, 2);
  out += '-';
  append_padded(out, date.day, 2);
  return before_christ;
}

void append_timestamp(std::string& out, std::int64_t micros_since_1970) {
  const std::int64_t days = floor_div(micros_since_1970, micros_per_day);
  const bool before_christ = append_date(out, days);
  out += ' ';
  append_clock(out, static_cast<std::uint64_t>(micros_since_1970 - days * micros_per_day));
  if (before_christ) out += " BC";
}

void append_interval(std::string& out, std::int64_t micros) {
  if (micros < 0) out += '-';
  // The magnitude of INT64_MIN only fits unsigned.
  const std::uint64_t magnitude =
      micros < 0 ? 0 - static_cast<std::uint64_t>(micros) : static_cast<std::uint64_t>(micros);
  append_clock(out, magnitude);
}

}  // namespace

void append_double_text(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (std::signbit(value)) out += '-';
  const Decimal decimal = float8out_decimal(std::fabs(value));
  const std::string_view digits(decimal.digits.data(), decimal.digit_count);
  const int exponent = decimal.exponent;
  if (exponent < min_fixed_exponent || exponent >= max_fixed_exponent) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits.substr(1));
    }
    out += exponent < 0 ? "e-" : "e+";
    append_padded(out, static_cast<std::uint64_t>(std::abs(exponent)), 2);
    return;
  }
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out.append(digits);
    return;
  }
  const auto integer_digits = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= integer_digits) {
    out.append(digits);
    out.append(integer_digits - digits.size(), '0');
    return;
  }
  out.append(digits.substr(0, integer_digits));
  out += '.';
  out.append(digits.substr(integer_digits));
}

void append_canonical_text(const workbook::Cell& cell, std::string& out) {
  switch (cell.kind) {
    case CellKind::Empty:
    case CellKind::Error:
      return;
    case CellKind::Number:
      // Whole numbers print as the integer they are, as they would from an
      // integer or bigint column ("100000000000000", not "1e+14").
      if (number_type(cell.number) != PgType::Double) {
        append_int64(out, static_cast<std::int64_t>(cell.number));
      } else {
        append_double_text(cell.number, out);
      }
      return;
    case CellKind::Text:
      out.append(cell.text);
      return;
    case CellKind::Boolean:
      out += cell.boolean ? "true" : "false";
      return;
    case CellKind::Date: {
      const bool before_christ = append_date(out, floor_div(cell.micros, micros_per_day));
      if (before_christ) out += " BC";
      return;
    }
    case CellKind::DateTime:
      append_timestamp(out, cell.micros);
      return;
    case CellKind::Time:
      append_clock(out, static_cast<std::uint64_t>(cell.micros < 0 ? 0 : cell.micros));
      return;
    case CellKind::Duration:
      append_interval(out, cell.micros);
      return;
  }
}

}  // namespace pgdatahub::types
