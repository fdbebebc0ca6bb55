#pragma once
// Gives a CSV field the type a spreadsheet application would give it, so a
// column reads the same whether it arrived as .csv or as .xlsx.
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <string_view>

namespace pgdatahub::workbook::csv {

// Sets kind and value of `cell` from `text` (never Empty: callers skip empty
// fields). Integers keep leading zeros as Text ("007" is a code, not 7), and
// so do integers of more than 15 digits, which a double cannot hold exactly.
// Thousands separators, currency signs and locale decimals stay Text.
void infer_cell(std::string_view text, Cell& cell);

// The same with the folder's locale: a null value makes the cell Empty;
// configured booleans come first, then numbers in the locale's notation
// (instead of the plain one when decimal or thousands is set), ISO dates and
// times, then date_format and datetime_format. `locale` must not be standard
// (callers keep the plain path for that).
void infer_cell(std::string_view text, Cell& cell, const types::TextLocale& locale);

}  // namespace pgdatahub::workbook::csv
