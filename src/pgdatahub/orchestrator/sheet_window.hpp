#pragma once
// The part of a sheet a folder's layout says is the table: rows from the
// header row on (skip_rows, header_row, range), columns inside the range,
// and not the last skip_footer rows. Only a configured layout wraps the
// reader, so the plain path reads rows exactly as before.
#include <pgdatahub/config/sheet_layout.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>

namespace pgdatahub::orchestrator {

// `reader` itself when the layout is empty, else a reader that yields only
// the rows and cells inside the window (the layout was validated when the
// config was read).
std::unique_ptr<workbook::SheetReader> window_rows(std::unique_ptr<workbook::SheetReader> reader,
                                                   const config::SheetLayout& layout);

// The 1-based row a layout puts the header on (1 when it says nothing).
std::uint32_t header_row_of(const config::SheetLayout& layout);

}  // namespace pgdatahub::orchestrator
