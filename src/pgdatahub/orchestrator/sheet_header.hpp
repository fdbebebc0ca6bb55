#pragma once
// The header of the chosen sheet. It is the first row the window gives,
// unless
// - the config says nothing of where the header is and that row holds a
//   single value (a report title): then the header is looked for among the
//   first rows (detect_header), and the output says which row and why;
// - `header_rows` says the header spans several rows: they are joined per
//   column ("Q1 / Sales").
// Rows are read ahead only in those two cases: a plain sheet's reader is
// handed back untouched.
#include <pgdatahub/config/sheet_layout.hpp>
#include <pgdatahub/orchestrator/owned_row.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

// How many rows detection looks at, from the sheet's first row with a cell.
inline constexpr std::size_t header_search_rows = 10;

struct SheetHeader {
  std::vector<std::string> texts;                 // by column position, "" where a column has none
  std::unique_ptr<workbook::SheetReader> reader;  // gives the rows after the header
  std::string note;  // how the header was found when it is not one first row; else ""
};

// `first` is the row `reader` gave last.
SheetHeader read_header(std::unique_ptr<workbook::SheetReader> reader,
                        const workbook::RowView& first, const config::SheetLayout& layout);

// The rule, on the first rows of a sheet (rows[0] is the first with a cell):
// when rows[0] holds exactly one value, the header is the first later row
// whose values are all text, that holds at least as many values as the
// table's typical row (the most frequent count among the rows holding two or
// more values; the larger on a tie) and that has a row after it. Returns its
// index, or 0 (rows[0] is the header) when the rule does not apply or no row
// qualifies.
std::size_t detect_header(std::span<const OwnedRow> rows);

// One name per column from several header rows: a blank cell of an upper
// row takes the value on its left (a merged cell spreads over its span), as
// long as the row above does not change there; each column's values are
// joined top-down with " / ", a value repeated below its own is said once.
std::vector<std::string> join_header_rows(std::span<const OwnedRow> rows);

}  // namespace pgdatahub::orchestrator
