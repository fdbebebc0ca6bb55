#pragma once
// Lossless readings of text cells for columns a config forces to a non-text
// type. Each accepts surrounding whitespace and returns nullopt rather than
// guessing: "1.0" is not an integer, "2024-02-30" is not a date.
#include <pgdatahub/types/text_locale.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace pgdatahub::copy {

// "42", " -7 ", "+3" within int64.
std::optional<std::int64_t> parse_integer(std::string_view text) noexcept;
// "1.5", "-2e10", "NaN", "Infinity"; finite values must be in double range.
std::optional<double> parse_double(std::string_view text) noexcept;
// true/false, t/f, yes/no, y/n, on/off, 1/0, case-insensitive (as boolin).
std::optional<bool> parse_boolean(std::string_view text) noexcept;
// ISO "YYYY-MM-DD" as days since 1970-01-01.
std::optional<std::int64_t> parse_date(std::string_view text) noexcept;
// "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.ffffff]]", 'T' also as separator, as
// microseconds since 1970-01-01 00:00.
std::optional<std::int64_t> parse_timestamp(std::string_view text) noexcept;
// "HH:MM[:SS[.ffffff]]" within a day, as microseconds since midnight.
std::optional<std::int64_t> parse_time(std::string_view text) noexcept;
// "[-]H:MM[:SS[.ffffff]]" with any number of hours, as microseconds.
std::optional<std::int64_t> parse_interval(std::string_view text) noexcept;

// The same readings in a folder's locale, tried after the plain ones (an ISO
// date still reads where date_format is "DD.MM.YYYY"); numbers follow the
// locale's notation instead of the plain one when decimal or thousands is
// set, so "1.234" is 1234, never 1.234, where the decimal is ','.
// is_null: the text (trimmed) is one of null_values; it loads as NULL.
bool is_null(std::string_view text, const types::TextLocale& locale) noexcept;
std::optional<std::int64_t> parse_integer(std::string_view text,
                                          const types::TextLocale& locale) noexcept;
std::optional<double> parse_double(std::string_view text, const types::TextLocale& locale) noexcept;
std::optional<bool> parse_boolean(std::string_view text, const types::TextLocale& locale) noexcept;
std::optional<std::int64_t> parse_date(std::string_view text,
                                       const types::TextLocale& locale) noexcept;
std::optional<std::int64_t> parse_timestamp(std::string_view text,
                                            const types::TextLocale& locale) noexcept;

}  // namespace pgdatahub::copy
