#pragma once
// Delimited text (CSV, TSV, semicolon- or pipe-separated) as a one-sheet workbook.
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>

namespace pgdatahub::workbook::csv {

// Opens `bytes` as delimited text; the one sheet is named after the file stem
// of `name_hint`. Throws ConfigError for an unknown csv_encoding.
std::unique_ptr<Workbook> open_csv_workbook(std::span<const std::byte> bytes,
                                            const std::string& name_hint,
                                            const OpenOptions& options = {});

// Picks the delimiter among , ; TAB | whose count per line (outside quotes)
// is the same and highest across the first lines of `text`; ',' when none is.
char detect_delimiter(std::string_view text, bool text_is_complete) noexcept;

}  // namespace pgdatahub::workbook::csv
