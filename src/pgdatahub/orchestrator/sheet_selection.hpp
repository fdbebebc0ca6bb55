#pragma once
// Which sheet of a workbook a folder loads, and its header row.
#include <pgdatahub/workbook/workbook.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

// The configured sheet (exact name, else the only case-insensitive match),
// else the first visible worksheet. Throws FileError(MissingSheet) listing the
// sheets the file has, or FileError(Empty) when it has no worksheet.
std::size_t choose_sheet(const workbook::Workbook& book, const std::optional<std::string>& wanted);

// Header texts by column position (missing cells are ""), from the first
// row that has any cell.
std::vector<std::string> header_texts(const workbook::RowView& row);

// "A", "B", ..., "Z", "AA": the column letters of a 0-based index.
std::string column_letters(std::uint32_t index);

}  // namespace pgdatahub::orchestrator
