#pragma once
// The type of a value a transform makes from text (a file name's group, a
// constant, a split part, a string a script returns): the rule CSV fields
// follow, with the folder's locale, so `2024` is a number, `2024-03-01` a
// date and `007` stays text, and widening and the audit see it as a read value.
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <string>
#include <string_view>

namespace pgdatahub::transform {

// `cell.text` points into `text`, which must outlive the cell. Empty text
// gives an Empty cell.
void type_text(std::string_view text, const types::TextLocale& locale, workbook::Cell& cell);

// The text a cell reads as, for filters and splits: a text cell's own text,
// otherwise its canonical text (what PostgreSQL prints for it), written to
// `scratch`; empty for an empty cell.
std::string_view cell_text(const workbook::Cell& cell, std::string& scratch);

// A header in the file names a configured column when it is written the same
// or cleans to the same column name ("Unit Price" and unit_price).
bool names_column(const std::string& header, const std::string& configured);

}  // namespace pgdatahub::transform
