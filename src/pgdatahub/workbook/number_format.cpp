#include <pgdatahub/workbook/number_format.hpp>

#include <charconv>

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

// The first `stop` character at or after `from` outside quotes, brackets and
// escapes, or the end of the code.
std::size_t find_unquoted(std::string_view code, std::size_t from, char stop) noexcept {
  for (std::size_t i = from; i < code.size(); ++i) {
    if (code[i] == stop) return i;
    switch (code[i]) {
      case '"': {
        const auto close = code.find('"', i + 1);
        if (close == std::string_view::npos) return code.size();
        i = close;
        break;
      }
      case '\\':
        ++i;
        break;
      case '[': {
        const auto close = code.find(']', i + 1);
        if (close == std::string_view::npos) return code.size();
        i = close;
        break;
      }
      default:
        break;
    }
  }
  return code.size();
}

}  // namespace

bool NumberFormat::Section::holds(double value) const noexcept {
  switch (comparison) {
    case Comparison::None:
      return true;
    case Comparison::Less:
      return value < operand;
    case Comparison::LessEqual:
      return value <= operand;
    case Comparison::Greater:
      return value > operand;
    case Comparison::GreaterEqual:
      return value >= operand;
    case Comparison::Equal:
      return value == operand;
    case Comparison::NotEqual:
      return value != operand;
  }
  return false;
}

NumberFormat NumberFormat::parse(std::string_view code) noexcept {
  NumberFormat format;
  std::size_t count = 0;
  for (std::size_t start = 0; count < number_sections; ++count) {
    const std::size_t end = find_unquoted(code, start, ';');
    std::string_view text = code.substr(start, end - start);
    // "@" marks the text section ("yyyy-mm-dd;@"): numbers never use it.
    if (find_unquoted(text, 0, '@') != text.size()) break;
    Section& section = format.m_sections[count];
    // A condition is a leading bracket such as "[<=4.5]", possibly after a color.
    for (std::size_t open = text.find('['); open != std::string_view::npos;
         open = text.find('[', open + 1)) {
      const auto close = text.find(']', open);
      if (close == std::string_view::npos) break;
      std::string_view inside = text.substr(open + 1, close - open - 1);
      Comparison comparison = Comparison::None;
      for (const auto& [op, value] : {std::pair{std::string_view("<="), Comparison::LessEqual},
                                      {">=", Comparison::GreaterEqual},
                                      {"<>", Comparison::NotEqual},
                                      {"<", Comparison::Less},
                                      {">", Comparison::Greater},
                                      {"=", Comparison::Equal}}) {
        if (inside.starts_with(op)) {
          comparison = value;
          inside.remove_prefix(op.size());
          break;
        }
      }
      if (comparison == Comparison::None) continue;
      double operand = 0;
      const auto [ptr, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), operand);
      if (ec != std::errc() || ptr != inside.data() + inside.size()) continue;
      section.comparison = comparison;
      section.operand = operand;
      format.m_conditional = true;
      break;
    }
    section.number_class = classify_format_code(text);
    if (end == code.size()) {
      ++count;
      break;
    }
    start = end + 1;
  }
  format.m_count = static_cast<std::uint8_t>(count == 0 ? 1 : count);
  return format;
}

NumberClass NumberFormat::pick(double value) const noexcept {
  if (!m_conditional) {
    if (m_count == 2) return value >= 0 ? m_sections[0].number_class : m_sections[1].number_class;
    if (value > 0) return m_sections[0].number_class;
    return value < 0 ? m_sections[1].number_class : m_sections[2].number_class;
  }
  for (std::size_t i = 0; i < m_count; ++i) {
    if (m_sections[i].holds(value)) return m_sections[i].number_class;
  }
  return NumberClass::Plain;  // Excel shows no section's form; the number is what is left
}

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
      default:
        break;
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
      default:
        break;
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
