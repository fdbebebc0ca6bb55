#pragma once
// Cells of every kind, with the values that take each conversion path of the
// binary COPY encoder (fits, converts losslessly, is refused, reads as a null
// word), and the column types they go into: the cases on which the encoder's
// bytes are compared, row by row and with the bytes of the encoder before
// rows were written through a cursor.
#include "cell_builders.hpp"
#include <pgdatahub/types/pg_type.hpp>
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace pgdatahub::test {

inline constexpr std::array<types::PgType, 9> every_pg_type = {
    types::PgType::Integer, types::PgType::BigInt,   types::PgType::Double,
    types::PgType::Boolean, types::PgType::Date,     types::PgType::Timestamp,
    types::PgType::Time,    types::PgType::Interval, types::PgType::Text};

inline std::vector<workbook::Cell> every_kind_of_cell() {
  using workbook::CellKind;
  constexpr std::int64_t second = types::micros_per_second;
  return {
      empty_cell(),
      error_cell("#N/A"),
      number_cell(42),
      number_cell(-7),
      number_cell(1.5),
      number_cell(-0.0),
      number_cell(3e9),
      number_cell(1e19),
      number_cell(0.1),
      number_cell(123456789.125),
      number_cell(-2.2250738585072014e-308),
      number_cell(std::numeric_limits<double>::infinity()),
      text_cell("42"),
      text_cell(" 7 "),
      text_cell("1,5"),
      text_cell("1.5"),
      text_cell("1.234,5"),
      text_cell("yes"),
      text_cell("ja"),
      text_cell("nein"),
      text_cell("2024-03-01"),
      text_cell("2024-03-01 12:30:00"),
      text_cell("12:30:00"),
      text_cell("-36:15:00"),
      text_cell("-"),
      text_cell("n/a"),
      text_cell(""),
      text_cell("Zürich"),
      text_cell("a longer text that is well past the small-string buffer of std::string"),
      boolean_cell(true),
      boolean_cell(false),
      date_cell(2024, 3, 1),
      date_cell(1999, 12, 31),
      date_cell(-44, 3, 15),
      datetime_cell(2024, 3, 1, 0, 0, 0),
      datetime_cell(2024, 3, 1, 13, 45, 0, 123456),
      datetime_cell(-290000, 1, 1, 23, 59, 59, 999999),
      micros_cell(CellKind::Time, 0),
      micros_cell(CellKind::Time, 13 * 3600 * second + 5 * second + 500000),
      micros_cell(CellKind::Duration, 36 * 3600 * second + 15 * 60 * second),
      micros_cell(CellKind::Duration, std::numeric_limits<std::int64_t>::min()),
  };
}

// A folder's way of writing text: decimal comma, null and boolean words.
inline types::TextLocale comma_locale() {
  types::TextLocale locale;
  locale.decimal = ',';
  locale.thousands = '.';
  locale.null_values = {"-", "n/a"};
  locale.true_values = {"ja"};
  locale.false_values = {"nein"};
  return locale;
}

}  // namespace pgdatahub::test
