#pragma once
// The number in a cell's <v> element, as the sheet reader converts it: spaces
// and a leading '+' around it are tolerated, anything else that is not one
// whole decimal number is not a number. Two implementations that must agree
// on every input: the fast one the reader uses, and the plain one
// (std::from_chars) kept as its twin for the differential test.
#include <string_view>

namespace pgdatahub::workbook::xlsx {

// fast_float (Lemire's correctly rounded parser), with a shortcut for short
// integers, which are most numbers in a sheet and exact in a double.
bool parse_cell_number(std::string_view text, double& value) noexcept;

// The same rule through std::from_chars.
bool parse_cell_number_plain(std::string_view text, double& value) noexcept;

}  // namespace pgdatahub::workbook::xlsx
