#pragma once
// Streams the rows of one <table:table> of an OpenDocument content document.
#include <pgdatahub/workbook/byte_source.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook::ods {

// The names of the sheets, in order, from one pass over the document.
std::vector<SheetInfo> scan_sheet_names(ByteSource& content);

// Reads table number `index` of `content` (which the reader then owns).
std::unique_ptr<SheetReader> make_ods_sheet_reader(std::unique_ptr<ByteSource> content,
                                                   std::size_t index);

// "PT12H30M05.5S" (an ODF duration) in microseconds.
std::optional<std::int64_t> parse_odf_duration(std::string_view text) noexcept;

}  // namespace pgdatahub::workbook::ods
