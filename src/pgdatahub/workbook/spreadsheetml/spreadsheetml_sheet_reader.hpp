#pragma once
// Streams the rows of one <Worksheet> of a SpreadsheetML 2003 document.
#include <pgdatahub/workbook/number_format.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace pgdatahub::workbook::spreadsheetml {

// ss:ID of a <Style> -> what its <NumberFormat ss:Format> shows.
using StyleClasses = std::map<std::string, NumberClass, std::less<>>;

// Named formats ("Short Date", "Fixed", ...) and format codes alike.
NumberClass classify_spreadsheetml_format(std::string_view format) noexcept;

// `document` and `styles` must outlive the reader; `index` counts worksheets.
std::unique_ptr<SheetReader> make_spreadsheetml_sheet_reader(std::string_view document,
                                                             const StyleClasses& styles,
                                                             std::size_t index);

}  // namespace pgdatahub::workbook::spreadsheetml
