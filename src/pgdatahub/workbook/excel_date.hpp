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
// 1900 system: serial 1 is 1900-01-01. Excel counts a phantom 1900-02-29 as
// serial 60; serials below 61 are therefore shifted one day later than the
// plain day count, and serial 60 reads as 1900-03-01, like serial 61.
// 1904 system: serial 0 is 1904-01-01.
std::optional<std::int64_t> excel_serial_to_micros(double serial, DateSystem system) noexcept;

// Microseconds since midnight for the fraction of a serial, in [0, 86400e6).
std::int64_t excel_time_of_day_micros(double serial) noexcept;

struct DateValue {
  CellKind kind = CellKind::Date;  // Date, DateTime or Time
  std::int64_t micros = 0;
};

// Parses an ISO 8601 date cell (t="d"): "2024-03-01", "2024-03-01T10:20:30.5",
// with an optional "Z" or "+hh:mm" (converted to UTC), or a time "10:20:30".
std::optional<DateValue> parse_iso8601(std::string_view text) noexcept;

}  // namespace pgdatahub::workbook
