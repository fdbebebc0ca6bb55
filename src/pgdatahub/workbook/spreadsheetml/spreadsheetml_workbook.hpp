#pragma once
// Excel 2003 XML workbooks (SpreadsheetML 2003: <?mso-application
// progid="Excel.Sheet"?>, saved as .xml or .xls): one XML document holding
// styles and worksheets, read with the same Excel semantics as the other
// formats (ss:Type, number formats of ss:StyleID for dates, ss:Index gaps,
// ss:MergeAcross / ss:MergeDown).
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>

namespace pgdatahub::workbook::spreadsheetml {

// `bytes` must outlive the workbook. Throws FileError: Corrupt, Truncated,
// ResourceLimit (DTDs, absurd indexes).
std::unique_ptr<Workbook> open_spreadsheetml_workbook(std::span<const std::byte> bytes,
                                                      const std::string& name_hint,
                                                      const OpenOptions& options = {});

}  // namespace pgdatahub::workbook::spreadsheetml
