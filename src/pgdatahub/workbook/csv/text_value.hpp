#pragma once
// Gives a CSV field the type a spreadsheet application would give it, so a
// column reads the same whether it arrived as .csv or as .xlsx.
#include <pgdatahub/workbook/cell.hpp>
#include <string_view>

namespace pgdatahub::workbook::csv {

// Sets kind and value of `cell` from `text` (never Empty: callers skip empty
// fields). Integers keep leading zeros as Text ("007" is a code, not 7), and
// so do integers of more than 15 digits, which a double cannot hold exactly.
// Thousands separators, currency signs and locale decimals stay Text.
void infer_cell(std::string_view text, Cell& cell);

}  // namespace pgdatahub::workbook::csv
