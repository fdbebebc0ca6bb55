#pragma once
// Gives a CSV field the type a spreadsheet application would give it, so a
// column reads the same whether it arrived as .csv or as .xlsx.
#include <pgdatahub/workbook/cell.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace pgdatahub::workbook::csv {

// Sets kind and value of `cell` from `text` (never Empty: callers skip empty
// fields). Integers keep leading zeros as Text ("007" is a code, not 7), and
// so do integers of more than 15 digits, which a double cannot hold exactly.
// Thousands separators, currency signs and locale decimals stay Text.
void infer_cell(std::string_view text, Cell& cell);

// Parses "YYYY-MM-DD" strictly; microseconds since the epoch.
std::optional<std::int64_t> parse_iso_date(std::string_view text) noexcept;
// Parses "HH:MM:SS[.ffffff]" (and "HH:MM" when `seconds_optional`); micros since midnight.
std::optional<std::int64_t> parse_iso_time(std::string_view text, bool seconds_optional) noexcept;

}  // namespace pgdatahub::workbook::csv
