#include <cmath>
#include <pgdatahub/workbook/serial_cell.hpp>

#include <pgdatahub/types/civil_date.hpp>

namespace pgdatahub::workbook {

namespace {

constexpr double max_duration_days = 1e7;

}  // namespace

void apply_serial(double serial, NumberClass number_class, DateSystem system, Cell& cell) noexcept {
  cell.kind = CellKind::Number;
  cell.number = serial;
  switch (number_class) {
    case NumberClass::Plain:
      return;
    case NumberClass::Duration:
      if (serial >= 0 && serial < max_duration_days) {
        cell.kind = CellKind::Duration;
        cell.micros = static_cast<std::int64_t>(std::llround(serial * 86'400'000.0)) * 1000;
      }
      return;
    case NumberClass::Time:
      if (serial >= 0 && serial < 1) {
        cell.kind = CellKind::Time;
        cell.micros = excel_time_of_day_micros(serial);
        return;
      }
      break;  // a time format over a whole date shows a date and time
    case NumberClass::Date:
    case NumberClass::DateTime:
      break;
  }
  const auto micros = excel_serial_to_micros(serial, system);
  if (!micros) return;
  cell.micros = *micros;
  cell.kind = number_class == NumberClass::Date && *micros % types::micros_per_day == 0
                  ? CellKind::Date
                  : CellKind::DateTime;
}

}  // namespace pgdatahub::workbook
