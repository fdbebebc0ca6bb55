#pragma once
// Writes PostgreSQL's binary COPY format (signature, header, then per row a
// field count and length-prefixed big-endian fields, -1 for NULL, and the
// trailer) into a byte buffer. It knows nothing of libpq, so it is tested
// byte for byte.
#include <pgdatahub/types/pg_type.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace pgdatahub::copy {

class BinaryCopyEncoder {
public:
  // Appends the 19-byte file header.
  void begin(std::string& out) const;
  // Starts a row of `field_count` fields.
  void begin_row(std::string& out, std::uint16_t field_count) const;
  void null_field(std::string& out) const;
  // Encodes `cell` as a value of column type `type`. The caller guarantees
  // types::fits_in(natural_type(cell), type) or type == Text; throws
  // FileError(BadValue) otherwise (e.g. a config override the value breaks).
  void cell_field(std::string& out, const workbook::Cell& cell, types::PgType type) const;
  void text_field(std::string& out, std::string_view text) const;
  void int4_field(std::string& out, std::int32_t value) const;
  void int8_field(std::string& out, std::int64_t value) const;
  void timestamp_field(std::string& out, std::int64_t micros_since_1970) const;
  // Appends the trailer (-1 as int16).
  void end(std::string& out) const;
};

}  // namespace pgdatahub::copy
