#include <pgdatahub/workbook/number_format.hpp>

namespace pgdatahub::workbook {
namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

// "[h]", "[hh]", "[mm]", "[ss]": elapsed-time brackets.
bool is_elapsed_bracket(std::string_view inside) noexcept {
  if (inside.empty()) return false;
  const char first = lower(inside[0]);
  if (first != 'h' && first != 'm' && first != 's') return false;
  for (char c : inside) {
    if (lower(c) != first) return false;
  }
  return true;
}

}  // namespace

NumberClass classify_format_code(std::string_view code) noexcept {
  bool date = false;
  bool time = false;
  bool minutes_or_months = false;
  bool elapsed = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    switch (c) {
      case '"': {  // quoted literal
        const auto close = code.find('"', i + 1);
        i = close == std::string_view::npos ? code.size() : close;
        continue;
      }
      case '\\':  // escaped literal character
      case '_':   // padding the width of the next character
      case '*':   // fill with the next character
        ++i;
        continue;
      case '[': {  // color, condition, locale, or elapsed time
        const auto close = code.find(']', i + 1);
        if (close == std::string_view::npos) break;
        if (is_elapsed_bracket(code.substr(i + 1, close - i - 1))) elapsed = true;
        i = close;
        continue;
      }
      default: break;
    }
    const std::string_view rest = code.substr(i);
    if (starts_with_ci(rest, "general")) {
      i += 6;
      continue;
    }
    if (starts_with_ci(rest, "am/pm")) {
      time = true;
      i += 4;
      continue;
    }
    if (starts_with_ci(rest, "a/p")) {
      time = true;
      i += 2;
      continue;
    }
    switch (lower(c)) {
      case 'y':
      case 'd':
      case 'g':  // era name
        date = true;
        break;
      case 'h':
      case 's':
        time = true;
        break;
      case 'm':
        minutes_or_months = true;
        break;
      default: break;
    }
  }
  if (elapsed) return NumberClass::Duration;
  // A lone "m" is a month; next to hours or seconds it is minutes.
  if (minutes_or_months && !time) date = true;
  if (date && time) return NumberClass::DateTime;
  if (date) return NumberClass::Date;
  if (time) return NumberClass::Time;
  return NumberClass::Plain;
}

NumberClass classify_builtin_format(std::uint32_t id) noexcept {
  if (id >= 14 && id <= 17) return NumberClass::Date;
  if (id >= 18 && id <= 21) return NumberClass::Time;
  if (id == 22) return NumberClass::DateTime;
  if (id == 45 || id == 47) return NumberClass::Time;
  if (id == 46) return NumberClass::Duration;
  // East Asian locale formats: 32 and 33 are times, the rest dates.
  if (id == 32 || id == 33) return NumberClass::Time;
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberClass::Date;
  return NumberClass::Plain;
}

}  // namespace pgdatahub::workbook
