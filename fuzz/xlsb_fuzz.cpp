// Any bytes given to the .xlsb reader read fully or fail with FileError.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xlsb/xlsb_workbook.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::workbook;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    auto book = xlsb::open_xlsb_workbook(bytes, "fuzz.xlsb", {});
    for (std::size_t i = 0; i < book->sheets().size(); ++i) {
      auto reader = book->open_sheet(i);
      RowView row;
      while (reader->next_row(row)) {
      }
    }
  } catch (const pgdatahub::FileError&) {
  }
  return 0;
}
