#pragma once
// The one ISO 8601 grammar for dates and times written as text (CSV fields,
// ODS date values, text cells of a column the config forces to a date type),
// so that what inference takes for a date is exactly what a forced date
// column accepts.
#include <cstdint>
#include <optional>
#include <string_view>

namespace pgdatahub::types {

// What to do with fraction digits past the microsecond. Text a person typed
// must load losslessly (Refuse); formats written by programs carry
// nanoseconds nobody asked for (Truncate).
enum class ExtraFraction : std::uint8_t { Refuse, Truncate };

// "YYYY-MM-DD" exactly, year 0001..9999, a real calendar day; days since
// 1970-01-01.
std::optional<std::int64_t> parse_iso_date(std::string_view text) noexcept;

// "HH:MM[:SS[.f+]]" exactly, hours 00..23; microseconds since midnight.
// With `seconds_required`, "HH:MM" alone is refused.
std::optional<std::int64_t> parse_iso_clock(std::string_view text, bool seconds_required,
                                            ExtraFraction extra) noexcept;

// A date alone, or a date, ' ' or 'T', and a clock; microseconds since
// 1970-01-01 00:00. No time zone: spreadsheets hold wall-clock values.
std::optional<std::int64_t> parse_iso_timestamp(std::string_view text,
                                                ExtraFraction extra) noexcept;

// "[-]H:MM[:SS[.f+]]" with any number (up to 12 digits) of hours, as
// microseconds: an elapsed time, as PostgreSQL prints an interval.
std::optional<std::int64_t> parse_iso_duration(std::string_view text, ExtraFraction extra) noexcept;

}  // namespace pgdatahub::types
