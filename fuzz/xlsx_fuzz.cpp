// Opens arbitrary bytes as a workbook and reads every sheet: anything but a
// FileError (a crash, a sanitizer report, another exception) is a finding.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    pgdatahub::workbook::OpenOptions options;
    options.max_inflated_bytes = 64ULL << 20;  // keep fuzz iterations cheap
    auto workbook = pgdatahub::workbook::open_workbook(bytes, "fuzz.xlsx", options);
    for (std::size_t i = 0; i < workbook->sheets().size(); ++i) {
      try {
        auto reader = workbook->open_sheet(i);
        pgdatahub::workbook::RowView row;
        while (reader->next_row(row)) {
          for (const auto& cell : row.cells) {
            volatile std::size_t sink = cell.text.size();
            (void)sink;
          }
        }
      } catch (const pgdatahub::FileError&) {
      }
    }
  } catch (const pgdatahub::FileError&) {
  }
  return 0;
}
