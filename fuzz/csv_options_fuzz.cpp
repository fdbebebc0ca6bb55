// Delimited text under any CSV options a config may set (csv: {delimiter,
// encoding}): the first byte is the delimiter, the second picks the
// encoding, the rest is the file. Reads fully, or fails with FileError (bad
// bytes) or ConfigError (an encoding iconv does not know).
#include "read_all_sheets.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/csv_workbook.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::workbook;
  constexpr std::size_t option_bytes = 2;
  if (size < option_bytes) {
    return 0;
  }
  static constexpr std::array<const char*, 9> encodings = {
      "",         "UTF-8",    "utf-8",     "windows-1252",    "ISO-8859-1",
      "UTF-16LE", "UTF-16BE", "SHIFT_JIS", "no-such-encoding"};
  OpenOptions options;
  options.csv_delimiter = static_cast<char>(data[0]);
  options.csv_encoding = encodings[data[1] % encodings.size()];
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data + option_bytes),
                                         size - option_bytes);
  try {
    pgdatahub::fuzz::read_all_sheets(*csv::open_csv_workbook(bytes, "fuzz.csv", options));
  } catch (const pgdatahub::FileError&) {
  } catch (const pgdatahub::ConfigError&) {
  }
  return 0;
}
