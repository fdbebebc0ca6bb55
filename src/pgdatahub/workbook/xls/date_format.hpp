#pragma once
// Which number formats show a number as a date, time or duration, and the
// conversion of Excel serial numbers in both date systems.
// Stand-in until the shared number-format code lands on this branch.
#include <pgdatahub/workbook/cell.hpp>

#include <cstdint>
#include <string_view>

namespace pgdatahub::workbook::xls {

enum class NumberFormatKind : std::uint8_t { Number, Date, DateTime, Time, Duration };

// Built-in format ids (14-22, 45-47 and the CJK date ids).
NumberFormatKind builtin_format_kind(std::uint32_t id) noexcept;
// A format code such as "yyyy-mm-dd", "[h]:mm:ss" or "#,##0.00".
NumberFormatKind classify_format_code(std::string_view code) noexcept;

// Turns `serial` shown with a format of `kind` into a typed cell value;
// leaves a Number when the serial is outside Excel's date range.
void apply_serial(double serial, NumberFormatKind kind, bool date1904, Cell& cell) noexcept;

}  // namespace pgdatahub::workbook::xls
