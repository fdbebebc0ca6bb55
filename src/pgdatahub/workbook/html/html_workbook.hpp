#pragma once
// HTML tables saved as .xls, .xlsx or .htm: what many reporting tools and
// banks export as "Excel". Each <table> of the page is a sheet (Table1,
// Table2, ...), so the first loads by default and `sheet: Table2` picks
// another. <thead>/<th> rows come first as written, colspan and rowspan
// spread a cell's value over every cell they cover, and the text of a cell
// is typed like a CSV field (the folder's locale included).
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>

namespace pgdatahub::workbook::html {

// Parsed with libxml2's HTML parser (forgiving, as browsers are; no network).
// Throws FileError(NotSpreadsheet) for a page without a table.
std::unique_ptr<Workbook> open_html_workbook(std::span<const std::byte> bytes,
                                             const std::string& name_hint,
                                             const OpenOptions& options = {});

// True when the head of an .htm/.html file shows a table or an Excel export.
bool looks_like_html_table(std::string_view lowered_head) noexcept;

}  // namespace pgdatahub::workbook::html
