#pragma once
// How a folder writes numbers, dates, booleans and missing values in text
// (CSV fields, and text cells of columns the config forces to a type):
// `decimal: ","`, `thousands: "."`, `date_format: "DD.MM.YYYY"`, ...
// CSV inference and the forced-type conversion both read text through it,
// so a value the dry run accepts is a value the load stores.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::types {

// A day-first, month-first or year-first pattern such as "DD.MM.YYYY" or
// "MM/DD/YYYY HH:MI:SS". Fields: YYYY, MM, DD, and for a datetime HH (0-23),
// MI and optionally SS; every other character must appear as written. Day,
// month, hour, minute and second take one or two digits ("1.3.2024").
class DateFormat {
 public:
  // Throws std::invalid_argument with what is wrong with `pattern`.
  static DateFormat parse(std::string_view pattern, bool with_time);
  const std::string& pattern() const noexcept { return m_pattern; }
  // Microseconds since 1970-01-01 00:00, or nullopt when `text` does not
  // follow the pattern or names no real day or time.
  std::optional<std::int64_t> read(std::string_view text) const noexcept;

 private:
  enum class Field : std::uint8_t { Literal, Year, Month, Day, Hour, Minute, Second };
  struct Part {
    Field field = Field::Literal;
    char literal = '\0';
  };
  std::string m_pattern;
  std::vector<Part> m_parts;
};

// A number rewritten in the C locale ("-1234.56"), for from_chars.
struct PlainNumber {
  static constexpr std::size_t capacity = 64;
  char chars[capacity] = {};
  std::size_t length = 0;
  std::size_t integer_digits = 0;
  bool has_fraction = false;
  bool leading_zero = false;  // the integer part starts with 0 and has more digits
  std::string_view text() const noexcept { return {chars, length}; }
};

struct TextLocale {
  char decimal = '.';
  char thousands = '\0';  // '\0': no grouping accepted
  std::optional<DateFormat> date_format;
  std::optional<DateFormat> datetime_format;
  std::vector<std::string> true_values;  // matched ignoring ASCII case
  std::vector<std::string> false_values;
  std::vector<std::string> null_values;  // matched exactly: "-", "n/a"

  // No key was given: readers keep their plain, fastest path.
  bool is_standard() const noexcept;
  bool has_number_format() const noexcept { return decimal != '.' || thousands != '\0'; }

  bool is_null(std::string_view trimmed) const noexcept;
  std::optional<bool> read_boolean(std::string_view trimmed) const noexcept;
  // "-1.234,56" with decimal ',' and thousands '.' as "-1234.56": grouping
  // must be by threes, an integer part is required, no exponent.
  std::optional<PlainNumber> plain_number(std::string_view trimmed) const noexcept;
  // What CSV inference takes for a number: plain_number, but "007" and
  // integers of more than 15 digits are codes, as in the plain grammar.
  std::optional<double> read_number(std::string_view trimmed) const noexcept;
  // date_format: microseconds since 1970 at midnight.
  std::optional<std::int64_t> read_date(std::string_view trimmed) const noexcept;
  // datetime_format: microseconds since 1970.
  std::optional<std::int64_t> read_datetime(std::string_view trimmed) const noexcept;
};

}  // namespace pgdatahub::types
