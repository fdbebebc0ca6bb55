// Any bytes given to the OpenDocument readers read fully or fail with FileError.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/ods/ods_workbook.hpp>

#include <cstddef>
#include <cstdint>

namespace {

void read_all(pgdatahub::workbook::Workbook& book) {
  for (std::size_t i = 0; i < book.sheets().size(); ++i) {
    auto reader = book.open_sheet(i);
    pgdatahub::workbook::RowView row;
    while (reader->next_row(row)) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::workbook;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    read_all(*ods::open_ods_workbook(bytes, "fuzz.ods", {}));
  } catch (const pgdatahub::FileError&) {
  }
  try {
    read_all(*ods::open_fods_workbook(bytes, "fuzz.fods"));
  } catch (const pgdatahub::FileError&) {
  }
  return 0;
}
