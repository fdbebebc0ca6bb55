#pragma once
// Which sheet of a workbook a folder loads, and its header row.
#include <pgdatahub/config/sheet_set.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

// The configured sheet (exact name, else the only case-insensitive match),
// else the first visible worksheet. Throws FileError(MissingSheet) listing the
// sheets the file has, or FileError(Empty) when it has no worksheet.
// `key`: the config key the message tells to fix.
std::size_t choose_sheet(const workbook::Workbook& book, const std::optional<std::string>& wanted,
                         const char* key = "sheet");

// The worksheets of `sheets:`, in the workbook's order: every visible one
// (`all`), those a pattern matches (case-insensitive), or each listed name
// as `sheet` finds it. Hidden sheets only with `include_hidden`. Throws
// FileError(MissingSheet) for a listed name the file lacks, or when nothing
// matches, listing the sheets the file has.
std::vector<std::size_t> choose_sheets(const workbook::Workbook& book, const config::SheetSet& set,
                                       bool include_hidden);

// Header texts by column position (missing cells are ""), from the first
// row that has any cell.
std::vector<std::string> header_texts(const workbook::RowView& row);

// "A", "B", ..., "Z", "AA": the column letters of a 0-based index.
std::string column_letters(std::uint32_t index);

}  // namespace pgdatahub::orchestrator
