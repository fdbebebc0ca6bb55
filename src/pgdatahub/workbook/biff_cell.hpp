#pragma once
// Cell encodings that BIFF8 (.xls) and BIFF12 (.xlsb) share: error codes and
// RK numbers are the same bytes in both, so both readers decode them here.
#include <cstdint>

namespace pgdatahub::workbook {

// The text Excel shows for an error code ("#DIV/0!"); "#ERROR!" for unknown codes.
const char* error_literal(std::uint8_t code) noexcept;

// The number an RK value holds: a 30-bit integer or the top 30 bits of a
// double, divided by 100 when the low bit says so.
double rk_value(std::uint32_t rk) noexcept;

}  // namespace pgdatahub::workbook
