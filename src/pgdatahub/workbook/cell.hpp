#pragma once
// What every reader hands to the pipeline: rows of typed cells, already
// interpreted with Excel semantics (dates from number formats, both date
// systems, booleans, errors), so nothing downstream knows the file format.
#include <cstdint>
#include <span>
#include <string_view>

namespace pgdatahub::workbook {

enum class CellKind : std::uint8_t {
  Empty,     // no value (absent cells are simply not in the row)
  Number,    // `number` holds the value
  Text,      // `text` holds UTF-8
  Boolean,   // `boolean`
  Error,     // `text` holds the error literal, e.g. "#N/A"; loads as NULL
  Date,      // `micros`: microseconds since 1970-01-01 00:00, a whole day
  DateTime,  // `micros`: microseconds since 1970-01-01 00:00
  Time,      // `micros`: microseconds since midnight, [0, 86400e6)
  Duration,  // `micros`: elapsed microseconds (e.g. [h]:mm formats)
};

struct Cell {
  std::uint32_t column = 0;  // 0-based column index (A = 0)
  CellKind kind = CellKind::Empty;
  bool boolean = false;
  double number = 0.0;
  std::int64_t micros = 0;
  // Valid until the reader produces its next row, or as long as the reader
  // when it lies inside the reader's lasting_texts() (a shared string).
  std::string_view text;
};

// One row of a sheet: only cells that hold something, in column order.
struct RowView {
  std::uint32_t number = 0;  // 1-based row number, as Excel shows it
  std::span<const Cell> cells;
};

}  // namespace pgdatahub::workbook
