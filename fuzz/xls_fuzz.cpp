// Any bytes given to the .xls reader read fully or fail with FileError.
#include "read_all_sheets.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::workbook;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    pgdatahub::fuzz::read_all_sheets(*xls::open_xls_workbook(bytes, "fuzz.xls"));
  } catch (const pgdatahub::FileError&) {
  }
  return 0;
}
