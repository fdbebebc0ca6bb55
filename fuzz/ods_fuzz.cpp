// Any bytes given to the OpenDocument readers read fully or fail with FileError.
#include "read_all_sheets.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/ods/ods_workbook.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::workbook;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    pgdatahub::fuzz::read_all_sheets(*ods::open_ods_workbook(bytes, "fuzz.ods", {}));
  } catch (const pgdatahub::FileError&) {
  }
  try {
    pgdatahub::fuzz::read_all_sheets(*ods::open_fods_workbook(bytes, "fuzz.fods"));
  } catch (const pgdatahub::FileError&) {
  }
  return 0;
}
