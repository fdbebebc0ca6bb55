#pragma once
// Cells for unit tests, built the way the readers build them.
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <cstdint>
#include <string_view>

namespace pgdatahub::test {

inline workbook::Cell number_cell(double value) {
  workbook::Cell cell;
  cell.kind = workbook::CellKind::Number;
  cell.number = value;
  return cell;
}

inline workbook::Cell text_cell(std::string_view text) {
  workbook::Cell cell;
  cell.kind = workbook::CellKind::Text;
  cell.text = text;
  return cell;
}

inline workbook::Cell boolean_cell(bool value) {
  workbook::Cell cell;
  cell.kind = workbook::CellKind::Boolean;
  cell.boolean = value;
  return cell;
}

inline workbook::Cell micros_cell(workbook::CellKind kind, std::int64_t micros) {
  workbook::Cell cell;
  cell.kind = kind;
  cell.micros = micros;
  return cell;
}

inline workbook::Cell date_cell(std::int64_t year, unsigned month, unsigned day) {
  return micros_cell(workbook::CellKind::Date,
                     types::days_from_civil(year, month, day) * types::micros_per_day);
}

inline workbook::Cell datetime_cell(std::int64_t year, unsigned month, unsigned day,
                                    std::int64_t hour, std::int64_t minute, std::int64_t second,
                                    std::int64_t micros = 0) {
  return micros_cell(workbook::CellKind::DateTime,
                     types::days_from_civil(year, month, day) * types::micros_per_day +
                         ((hour * 60 + minute) * 60 + second) * types::micros_per_second + micros);
}

inline workbook::Cell empty_cell() { return workbook::Cell{}; }

inline workbook::Cell error_cell(std::string_view literal) {
  workbook::Cell cell;
  cell.kind = workbook::CellKind::Error;
  cell.text = literal;
  return cell;
}

}  // namespace pgdatahub::test
