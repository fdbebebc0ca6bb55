#pragma once
// Streams the cell records of one .xls worksheet substream as rows.
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/number_format.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xls/cell_formats.hpp>
#include <pgdatahub/workbook/xls/shared_strings.hpp>

#include <memory>
#include <string>
#include <vector>

namespace pgdatahub::workbook::xls {

// What the workbook globals substream tells every sheet.
struct XlsGlobals {
  CompoundStream stream;
  BiffVersion version = BiffVersion::Biff8;
  DateSystem date_system = DateSystem::Excel1900;
  std::uint16_t codepage_id = 1200;
  std::shared_ptr<CodepageDecoder> codepage;  // BIFF2-5 byte strings
  SharedStrings strings;
  CellFormats formats{BiffVersion::Biff8};
  std::vector<NumberFormat> xf_classes;  // per XF index, from `formats`
  bool rows_unordered = false;  // a single-sheet stream whose cells go back to earlier rows
  std::string repairs;          // what was read leniently, for every sheet's ReadStats
};

// Whether a substream of this BOF type holds a sheet's cells: not globals,
// a chart, a macro sheet, a VB module or a workspace. Any other type, the
// worksheet's 0x0010 or one no specification names (the 0x8000 of an
// embedded chart's data sheet, POI bug 64130), is read as a worksheet.
bool substream_holds_cells(std::uint16_t bof_type) noexcept;

// Reads the substream whose BOF is at `offset`; `globals` must outlive it.
std::unique_ptr<SheetReader> make_xls_sheet_reader(const XlsGlobals& globals, std::uint64_t offset,
                                                   const std::string& sheet_name);

}  // namespace pgdatahub::workbook::xls
