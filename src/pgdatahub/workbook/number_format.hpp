#pragma once
// What a number format says about the numbers it shows: plain numbers, or
// dates, times and durations stored as serials.
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

// Classifies a format code such as "dd/mm/yyyy hh:mm" or "[h]:mm:ss".
// Quoted literals, backslash escapes, fill/padding characters and bracketed
// colors, conditions and locales are ignored.
NumberClass classify_format_code(std::string_view code) noexcept;

// Classifies a built-in format id (those without a <numFmt> of their own).
NumberClass classify_builtin_format(std::uint32_t id) noexcept;

}  // namespace pgdatahub::workbook
