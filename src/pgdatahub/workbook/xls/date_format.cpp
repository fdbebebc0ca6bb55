#include <pgdatahub/workbook/xls/date_format.hpp>

#include <cmath>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::int64_t micros_per_day = 86'400'000'000;
constexpr std::int64_t micros_per_milli = 1000;
// 1899-12-30 and 1904-01-01 as days since 1970-01-01.
constexpr std::int64_t epoch_1900 = -25569;
constexpr std::int64_t epoch_1904 = -24107;
constexpr double max_serial = 2958466.0;  // 9999-12-31

}  // namespace

NumberFormatKind builtin_format_kind(std::uint32_t id) noexcept {
  if (id >= 14 && id <= 17) return NumberFormatKind::Date;
  if (id >= 18 && id <= 21) return NumberFormatKind::Time;
  if (id == 22) return NumberFormatKind::DateTime;
  if (id == 45 || id == 47) return NumberFormatKind::Time;
  if (id == 46) return NumberFormatKind::Duration;
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberFormatKind::Date;
  return NumberFormatKind::Number;
}

NumberFormatKind classify_format_code(std::string_view code) noexcept {
  bool date = false;  // y, d (or e)
  bool time = false;  // h, s
  bool month_or_minute = false;
  bool elapsed = false;
  // Only the first section (positive numbers) decides.
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      const auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      continue;
    }
    if (c == '[') {
      const auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const auto inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty()) {
        const char first = static_cast<char>(inside.front() | 0x20);
        if ((first == 'h' || first == 'm' || first == 's') &&
            inside.find_first_not_of(inside.front()) == std::string_view::npos) {
          elapsed = true;
        }
      }
      i = close;
      continue;
    }
    switch (c | 0x20) {
      case 'y':
      case 'd':
        date = true;
        break;
      case 'h':
      case 's':
        time = true;
        break;
      case 'm':
        month_or_minute = true;  // months, or minutes next to h or s
        break;
      case 'e':
        // "E+" is scientific notation; a lone 'e' is the year in some locales.
        if (i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-')) return NumberFormatKind::Number;
        date = true;
        break;
      case 'g':
        // "General"
        if (code.substr(i).size() >= 7 && (code[i + 1] | 0x20) == 'e') return NumberFormatKind::Number;
        break;
      default:
        break;
    }
  }
  if (elapsed) return NumberFormatKind::Duration;
  if (date && time) return NumberFormatKind::DateTime;
  if (date || (month_or_minute && !time)) return NumberFormatKind::Date;
  if (time) return NumberFormatKind::Time;
  return NumberFormatKind::Number;
}

void apply_serial(double serial, NumberFormatKind kind, bool date1904, Cell& cell) noexcept {
  cell.kind = CellKind::Number;
  cell.number = serial;
  if (kind == NumberFormatKind::Number || !std::isfinite(serial)) return;
  // Excel keeps times to the millisecond; rounding there undoes binary noise.
  const double millis = std::round(serial * 86'400'000.0);
  if (std::fabs(millis) > 9.0e15) return;
  const auto total = static_cast<std::int64_t>(millis) * micros_per_milli;
  if (kind == NumberFormatKind::Duration) {
    cell.kind = CellKind::Duration;
    cell.micros = total;
    return;
  }
  if (serial < 0 || serial >= max_serial) return;
  std::int64_t day = total / micros_per_day;
  const std::int64_t time_of_day = total % micros_per_day;
  if (kind == NumberFormatKind::Time) {
    cell.kind = CellKind::Time;
    cell.micros = time_of_day;
    return;
  }
  if (date1904) {
    day += epoch_1904;
  } else {
    if (day == 0 && kind == NumberFormatKind::Date) return;  // "1900-01-00"
    // Excel counts a 1900-02-29 that never was: serials before it are a day late.
    if (day < 61) day += 1;
    day += epoch_1900;
  }
  cell.micros = day * micros_per_day;
  if (kind == NumberFormatKind::Date && time_of_day == 0) {
    cell.kind = CellKind::Date;
  } else {
    cell.kind = CellKind::DateTime;
    cell.micros += time_of_day;
  }
}

}  // namespace pgdatahub::workbook::xls
