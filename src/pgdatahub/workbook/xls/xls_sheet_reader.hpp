#pragma once
// Streams the cell records of one .xls worksheet substream as rows.
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xls/compound_file.hpp>
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/number_format.hpp>
#include <pgdatahub/workbook/xls/shared_strings.hpp>

#include <memory>
#include <string>
#include <vector>

namespace pgdatahub::workbook::xls {

// What the workbook globals substream tells every sheet.
struct XlsGlobals {
  CompoundStream stream;
  bool biff8 = true;
  DateSystem date_system = DateSystem::Excel1900;
  std::shared_ptr<CodepageDecoder> codepage;  // BIFF5 strings
  SharedStrings strings;
  std::vector<NumberFormat> xf_classes;  // per XF index
};

// Reads the substream whose BOF is at `offset`; `globals` must outlive it.
std::unique_ptr<SheetReader> make_xls_sheet_reader(const XlsGlobals& globals, std::uint64_t offset,
                                                   const std::string& sheet_name);

}  // namespace pgdatahub::workbook::xls
