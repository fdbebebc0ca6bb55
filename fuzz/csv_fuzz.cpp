// Delimited text of any shape must read fully or fail with FileError.
#include "read_all_sheets.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/csv_workbook.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::workbook;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  // The first byte picks the encoding, so legacy conversion is fuzzed too.
  OpenOptions options;
  if (size > 0 && data[0] % 3 == 1) options.csv_encoding = "windows-1252";
  if (size > 0 && data[0] % 3 == 2) options.csv_encoding = "UTF-16LE";
  try {
    pgdatahub::fuzz::read_all_sheets(*csv::open_csv_workbook(bytes, "fuzz.csv", options));
  } catch (const pgdatahub::FileError&) {
  }
  return 0;
}
