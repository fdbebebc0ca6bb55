// Any bytes given to the Excel 2003 XML and HTML table readers read fully or
// fail with FileError.
#include "read_all_sheets.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/html/html_workbook.hpp>
#include <pgdatahub/workbook/spreadsheetml/spreadsheetml_workbook.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::workbook;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    pgdatahub::fuzz::read_all_sheets(
        *spreadsheetml::open_spreadsheetml_workbook(bytes, "fuzz.xml"));
  } catch (const pgdatahub::FileError&) {
  }
  try {
    pgdatahub::fuzz::read_all_sheets(*html::open_html_workbook(bytes, "fuzz.html"));
  } catch (const pgdatahub::FileError&) {
  }
  return 0;
}
