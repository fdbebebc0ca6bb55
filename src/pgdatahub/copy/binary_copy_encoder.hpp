#pragma once
// Writes PostgreSQL's binary COPY format (signature, header, then per row a
// field count and length-prefixed big-endian fields, -1 for NULL, and the
// trailer) into a byte buffer. It knows nothing of libpq, so it is tested
// byte for byte.
#include <pgdatahub/copy/field_bytes.hpp>
#include <pgdatahub/types/inference.hpp>
#include <pgdatahub/types/pg_type.hpp>
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace pgdatahub::copy {

class BinaryCopyEncoder {
 public:
  // Room for the canonical text of any cell but a Text one (see max_field_bytes).
  static constexpr std::size_t max_canonical_text_bytes = 32;

  // How text cells write numbers, dates, booleans and nulls when cell_field
  // converts them to another type (a folder's decimal, date_format, ...).
  void set_text_locale(types::TextLocale locale) { m_locale = std::move(locale); }

  // Appends the 19-byte file header.
  void begin(std::string& out) const;
  // Starts a row of `field_count` fields.
  void begin_row(std::string& out, std::uint16_t field_count) const;
  void null_field(std::string& out) const;
  // Encodes `cell` as a value of column type `type`; Empty and Error cells are
  // NULL, any value goes into Text as its canonical text. When the cell's
  // natural type does not fit `type` (a config override), a lossless reading
  // is tried (text "42" into integer, a whole Number into integer, ISO text
  // into date/timestamp, ...); if there is none, throws
  // FileError(BadValue, "cannot store '<value>' as <sql type>") and leaves
  // `out` as it was.
  void cell_field(std::string& out, const workbook::Cell& cell, types::PgType type) const;
  void text_field(std::string& out, std::string_view text) const;
  void int4_field(std::string& out, std::int32_t value) const;
  void int8_field(std::string& out, std::int64_t value) const;
  // IEEE-754 bits as they are: NaN and infinities included.
  void float8_field(std::string& out, double value) const;
  void bool_field(std::string& out, bool value) const;
  // Throws FileError(BadValue) when the day is outside PostgreSQL's int32 range.
  void date_field(std::string& out, std::int64_t days_since_1970) const;
  void timestamp_field(std::string& out, std::int64_t micros_since_1970) const;
  void time_field(std::string& out, std::int64_t micros_since_midnight) const;
  // An interval of only microseconds (days and months 0), as "36:15:00".
  void interval_field(std::string& out, std::int64_t micros) const;
  // Appends the trailer (-1 as int16).
  void end(std::string& out) const;

  // The most bytes write_cell_field takes for a cell that is not Text in a
  // column of `type`; a Text cell may take its text's size more. (The
  // canonical text of any other cell is at most 31 bytes: a BC timestamp
  // with a six-digit year and microseconds.)
  static constexpr std::size_t max_field_bytes(types::PgType type);
  // cell_field written at `at`, which has room for max_field_bytes(type)
  // (plus the text's size for a Text cell); returns the field's end. The
  // encoding of a whole row goes through here, so each field is a few stores
  // into space the row reserved once. `scratch` holds the canonical text of
  // a cell that is not Text going into a Text column. On an error the bytes
  // from `at` on are unspecified: the caller drops them.
  char* write_cell_field(char* at, const workbook::Cell& cell, types::PgType type,
                         std::string& scratch) const;

 private:
  // -0.0 reads as the integer 0 everywhere else (inference, canonical text).
  static double stored_double(double number) { return number == 0.0 ? 0.0 : number; }
  // write_cell_field for every cell but the commonest, which it writes inline.
  char* write_converted_field(char* at, const workbook::Cell& cell, types::PgType type,
                              std::string& scratch) const;

  types::TextLocale m_locale;
};

// Most fields of a sheet are a cell of its column's natural type: a text, a
// number into double precision or an integer type that holds it, a boolean.
// Those are written here, inline in the row's loop; every other cell (a
// conversion, a null word, a date's range check, an error) goes through
// write_converted_field, which writes the same bytes for these too.
inline char* BinaryCopyEncoder::write_cell_field(char* at, const workbook::Cell& cell,
                                                 types::PgType type, std::string& scratch) const {
  using types::PgType;
  switch (cell.kind) {
    case workbook::CellKind::Text:
      // A text too large for the length word goes on, to be refused there.
      if (type == PgType::Text &&
          cell.text.size() <= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
        return field_bytes::put_text(at, cell.text);
      }
      break;
    case workbook::CellKind::Number:
      if (type == PgType::Double) {
        return field_bytes::put_fixed(at, std::bit_cast<std::uint64_t>(stored_double(cell.number)));
      }
      if (type == PgType::Integer && types::number_type(cell.number) == PgType::Integer) {
        return field_bytes::put_fixed(
            at, static_cast<std::uint32_t>(static_cast<std::int32_t>(cell.number)));
      }
      if (type == PgType::BigInt && types::number_type(cell.number) != PgType::Double) {
        return field_bytes::put_fixed(
            at, static_cast<std::uint64_t>(static_cast<std::int64_t>(cell.number)));
      }
      break;
    case workbook::CellKind::Boolean:
      if (type == PgType::Boolean) return field_bytes::put_bool(at, cell.boolean);
      break;
    default:
      break;
  }
  return write_converted_field(at, cell, type, scratch);
}

constexpr std::size_t BinaryCopyEncoder::max_field_bytes(types::PgType type) {
  switch (type) {
    case types::PgType::Text:
      return field_bytes::length_bytes + max_canonical_text_bytes;
    case types::PgType::Boolean:
      return field_bytes::length_bytes + 1;
    case types::PgType::Integer:
    case types::PgType::Date:
      return field_bytes::length_bytes + 4;
    case types::PgType::BigInt:
    case types::PgType::Double:
    case types::PgType::Timestamp:
    case types::PgType::Time:
      return field_bytes::length_bytes + 8;
    case types::PgType::Interval:
      return field_bytes::max_fixed_bytes;
  }
  return field_bytes::max_fixed_bytes;
}

}  // namespace pgdatahub::copy
