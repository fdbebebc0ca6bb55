#pragma once
// The body the format fuzzers share: pull every row of every sheet, so the
// readers' whole paths run on each input.
#include <pgdatahub/workbook/workbook.hpp>

#include <cstddef>

namespace pgdatahub::fuzz {

inline void read_all_sheets(workbook::Workbook& book) {
  for (std::size_t i = 0; i < book.sheets().size(); ++i) {
    auto reader = book.open_sheet(i);
    workbook::RowView row;
    while (reader->next_row(row)) {
    }
  }
}

}  // namespace pgdatahub::fuzz
