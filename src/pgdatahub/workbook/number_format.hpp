#pragma once
// What a number format says about the numbers it shows: plain numbers, or
// dates, times and durations stored as serials.
#include <array>
#include <cstdint>
#include <string_view>

namespace pgdatahub::workbook {

enum class NumberClass : std::uint8_t {
  Plain,     // General, 0.00, @, currency, percent, ...
  Date,      // only date tokens (y, m, d)
  DateTime,  // date and time tokens
  Time,      // only time tokens (h, m, s, AM/PM)
  Duration,  // elapsed time: [h], [mm], [ss]
};

// Classifies one section of a format code, such as "dd/mm/yyyy hh:mm" or
// "[h]:mm:ss". Quoted literals, backslash escapes, fill/padding characters and
// bracketed colors, conditions and locales are ignored.
NumberClass classify_format_code(std::string_view code) noexcept;

NumberClass classify_builtin_format(std::uint32_t id) noexcept;

// A whole format code: up to four sections separated by ';', of which the
// value picks one before anything decides between date, time, duration and
// number. "[=0]?;[<4.1667][hh]:mm:ss;[hh]:mm" shows 0 as a number and 2 as a
// duration; "0;[h]:mm" shows negative values as durations, positive ones as
// numbers.
class NumberFormat {
 public:
  NumberFormat() noexcept = default;  // General
  explicit NumberFormat(NumberClass every_value) noexcept {
    m_sections[0].number_class = every_value;
  }
  // Parses a format code; never fails (what it does not understand is literal).
  static NumberFormat parse(std::string_view code) noexcept;
  // A built-in format id (those without a format code of their own).
  static NumberFormat builtin(std::uint32_t id) noexcept {
    return NumberFormat(classify_builtin_format(id));
  }

  // The class of the section Excel shows `value` with. Without conditions:
  // one section for all, two for non-negative;negative, three for
  // positive;negative;zero (a fourth is for text). With conditions ("[<10]"),
  // the first section whose condition holds, an unconditioned section taking
  // what reaches it; no section at all shows a plain number.
  NumberClass class_for(double value) const noexcept {
    if (m_count == 1) return m_sections[0].number_class;  // the common case, kept inline
    return pick(value);
  }

 private:
  enum class Comparison : std::uint8_t {
    None,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual
  };
  struct Section {
    NumberClass number_class = NumberClass::Plain;
    Comparison comparison = Comparison::None;
    double operand = 0;
    bool holds(double value) const noexcept;
  };
  static constexpr std::size_t number_sections = 3;  // the fourth section is for text

  NumberClass pick(double value) const noexcept;

  std::array<Section, number_sections> m_sections{};
  std::uint8_t m_count = 1;
  bool m_conditional = false;
};

}  // namespace pgdatahub::workbook
