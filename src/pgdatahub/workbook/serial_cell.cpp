#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/workbook/serial_cell.hpp>

namespace pgdatahub::workbook {

namespace {

constexpr double max_duration_days = 1e7;
// Before this serial (1900-03-01) Excel's calendar is not the real one, and a
// time format over such a value is elapsed time, not a day in early 1900.
constexpr double first_timestamp_serial = 61;

}  // namespace

void apply_serial(double serial, NumberClass number_class, DateSystem system, Cell& cell) noexcept {
  cell.kind = CellKind::Number;
  cell.number = serial;
  // Excel shows a negative serial under any date, time or duration format as
  // "#####" (1900 system): no date, no time, so it stays the number.
  if (number_class == NumberClass::Plain || !(serial >= 0)) return;
  if (number_class == NumberClass::Time && serial < 1) {
    cell.kind = CellKind::Time;
    cell.micros = excel_time_of_day_micros(serial);
    return;
  }
  // A time format over one day or more: a timestamp shown by its time of day
  // (45352.75 as "h:mm") stays a timestamp, but 1.5 as "h:mm" is 36:00 of
  // elapsed time, as the peers read it, rather than a day in January 1900.
  if (number_class == NumberClass::Duration ||
      (number_class == NumberClass::Time && serial < first_timestamp_serial)) {
    if (serial < max_duration_days) {
      cell.kind = CellKind::Duration;
      cell.micros = excel_duration_micros(serial);
    }
    return;
  }
  const auto micros = excel_serial_to_micros(serial, system);
  if (!micros) return;
  cell.micros = *micros;
  cell.kind = number_class == NumberClass::Date && *micros % types::micros_per_day == 0
                  ? CellKind::Date
                  : CellKind::DateTime;
}

}  // namespace pgdatahub::workbook
