#pragma once
// Excel's date serials and ISO 8601 date cells, as microseconds since
// 1970-01-01 00:00 (no time zone: spreadsheets hold wall-clock values).
#include <pgdatahub/workbook/cell.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace pgdatahub::workbook {

enum class DateSystem : std::uint8_t { Excel1900, Excel1904 };

// Microseconds since 1970 for a date serial, rounded to the millisecond as
// Excel displays it; nullopt for negative, non-finite or post-9999 serials.
// 1900 system: days since 1899-12-30, so serial 61 and later read as Excel
// shows them. Excel's calendar counts a 1900-02-29 that never existed (serial
// 60); no mapping can match Excel on both sides of it without giving two
// serials one timestamp, so the serials before it (January and February 1900)
// read one day earlier than Excel shows: 60 is 1900-02-28, 1 is 1899-12-31.
// LibreOffice and .NET's FromOADate count the same way.
// 1904 system: serial 0 is 1904-01-01.
std::optional<std::int64_t> excel_serial_to_micros(double serial, DateSystem system) noexcept;

// Microseconds since midnight for the fraction of a serial, in [0, 86400e6).
std::int64_t excel_time_of_day_micros(double serial) noexcept;

// Microseconds of elapsed time for `serial` days in [0, 1e7), rounded to the
// millisecond as a duration format shows it.
std::int64_t excel_duration_micros(double serial) noexcept;

struct DateValue {
  CellKind kind = CellKind::Date;  // Date, DateTime or Time
  std::int64_t micros = 0;
};

// Parses an ISO 8601 date cell (t="d"): "2024-03-01", "2024-03-01T10:20:30.5",
// with an optional "Z" or "+hh:mm" (converted to UTC), or a time "10:20:30".
std::optional<DateValue> parse_iso8601(std::string_view text) noexcept;

}  // namespace pgdatahub::workbook
