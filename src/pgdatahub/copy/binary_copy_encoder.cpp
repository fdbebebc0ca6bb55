#include <pgdatahub/copy/binary_copy_encoder.hpp>
#include <pgdatahub/copy/text_conversion.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/types/canonical_text.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/inference.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>

namespace pgdatahub::copy {
namespace {

using types::PgType;
using workbook::Cell;
using workbook::CellKind;

constexpr std::string_view signature{"PGCOPY\n\377\r\n\0", 11};
constexpr std::int64_t epoch_shift_micros = types::postgres_epoch_days * types::micros_per_day;
constexpr std::size_t max_quoted_value_bytes = 60;

// `value`'s bytes in network order (big-endian) at `at`.
template <typename Unsigned>
void put_big_endian(char* at, Unsigned value) {
  static_assert(std::is_unsigned_v<Unsigned>);
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(Unsigned) == 2) value = __builtin_bswap16(value);
    if constexpr (sizeof(Unsigned) == 4) value = __builtin_bswap32(value);
    if constexpr (sizeof(Unsigned) == 8) value = __builtin_bswap64(value);
  }
  std::memcpy(at, &value, sizeof value);
}

void append_int16(std::string& out, std::int16_t value) {
  std::array<char, 2> bytes{};
  put_big_endian(bytes.data(), static_cast<std::uint16_t>(value));
  out.append(bytes.data(), bytes.size());
}
void append_int32(std::string& out, std::int32_t value) {
  std::array<char, 4> bytes{};
  put_big_endian(bytes.data(), static_cast<std::uint32_t>(value));
  out.append(bytes.data(), bytes.size());
}

// A fixed-size field: its length word and its value, in one append (a
// field is a few bytes, so the call per append is most of its cost).
void append_field(std::string& out, std::uint32_t value) {
  std::array<char, 8> bytes{};
  put_big_endian(bytes.data(), std::uint32_t{4});
  put_big_endian(bytes.data() + 4, value);
  out.append(bytes.data(), bytes.size());
}
void append_field(std::string& out, std::uint64_t value) {
  std::array<char, 12> bytes{};
  put_big_endian(bytes.data(), std::uint32_t{8});
  put_big_endian(bytes.data() + 4, value);
  out.append(bytes.data(), bytes.size());
}

// The value as the error message quotes it: canonical text, cut at a UTF-8
// boundary so a huge cell does not make a huge message.
std::string quoted_value(const Cell& cell) {
  std::string text;
  types::append_canonical_text(cell, text);
  if (text.size() > max_quoted_value_bytes) {
    std::size_t cut = max_quoted_value_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
    text.resize(cut);
    text += "...";
  }
  return text;
}

[[noreturn]] void fail(const Cell& cell, PgType type) {
  throw FileError(FileFailure::BadValue, "cannot store '" + quoted_value(cell) + "' as " +
                                             std::string(types::sql_name(type)));
}

// A whole number of the column's integer type, if the cell holds one.
std::optional<std::int64_t> integer_value(const Cell& cell, const types::TextLocale& locale) {
  if (cell.kind == CellKind::Text) return parse_integer(cell.text, locale);
  if (cell.kind == CellKind::Number && types::number_type(cell.number) != PgType::Double) {
    return static_cast<std::int64_t>(cell.number);
  }
  return std::nullopt;
}

std::optional<double> double_value(const Cell& cell, const types::TextLocale& locale) {
  if (cell.kind == CellKind::Number) {
    // -0.0 reads as the integer 0 everywhere else (inference, canonical text).
    return cell.number == 0.0 ? 0.0 : cell.number;
  }
  if (cell.kind == CellKind::Text) return parse_double(cell.text, locale);
  return std::nullopt;
}

std::optional<bool> boolean_value(const Cell& cell, const types::TextLocale& locale) {
  if (cell.kind == CellKind::Boolean) return cell.boolean;
  if (cell.kind == CellKind::Text) return parse_boolean(cell.text, locale);
  return std::nullopt;
}

std::optional<std::int64_t> date_value(const Cell& cell, const types::TextLocale& locale) {
  switch (cell.kind) {
    case CellKind::Date:
      return types::floor_div(cell.micros, types::micros_per_day);
    case CellKind::DateTime:
      // Only a midnight converts without losing its time.
      if (cell.micros % types::micros_per_day != 0) return std::nullopt;
      return cell.micros / types::micros_per_day;
    case CellKind::Text:
      return parse_date(cell.text, locale);
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> timestamp_value(const Cell& cell, const types::TextLocale& locale) {
  switch (cell.kind) {
    case CellKind::Date:
    case CellKind::DateTime:
      return cell.micros;
    case CellKind::Text:
      return parse_timestamp(cell.text, locale);
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> time_value(const Cell& cell) {
  if (cell.kind == CellKind::Time) return cell.micros;
  if (cell.kind == CellKind::Text) return parse_time(cell.text);
  return std::nullopt;
}

std::optional<std::int64_t> interval_value(const Cell& cell) {
  if (cell.kind == CellKind::Duration) return cell.micros;
  if (cell.kind == CellKind::Text) return parse_interval(cell.text);
  return std::nullopt;
}

}  // namespace

void BinaryCopyEncoder::begin(std::string& out) const {
  out.append(signature);
  append_int32(out, 0);  // flags: no OIDs
  append_int32(out, 0);  // header extension length
}

void BinaryCopyEncoder::begin_row(std::string& out, std::uint16_t field_count) const {
  append_int16(out, static_cast<std::int16_t>(field_count));
}

void BinaryCopyEncoder::null_field(std::string& out) const { append_int32(out, -1); }

void BinaryCopyEncoder::text_field(std::string& out, std::string_view text) const {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw FileError(FileFailure::BadValue, "a text value is larger than PostgreSQL accepts");
  }
  append_int32(out, static_cast<std::int32_t>(text.size()));
  out.append(text);
}

void BinaryCopyEncoder::int4_field(std::string& out, std::int32_t value) const {
  append_field(out, static_cast<std::uint32_t>(value));
}

void BinaryCopyEncoder::int8_field(std::string& out, std::int64_t value) const {
  append_field(out, static_cast<std::uint64_t>(value));
}

void BinaryCopyEncoder::float8_field(std::string& out, double value) const {
  append_field(out, std::bit_cast<std::uint64_t>(value));
}

void BinaryCopyEncoder::bool_field(std::string& out, bool value) const {
  const std::array<char, 5> bytes{0, 0, 0, 1, value ? '\1' : '\0'};
  out.append(bytes.data(), bytes.size());
}

void BinaryCopyEncoder::date_field(std::string& out, std::int64_t days_since_1970) const {
  const std::int64_t days = days_since_1970 - types::postgres_epoch_days;
  if (days < std::numeric_limits<std::int32_t>::min() ||
      days > std::numeric_limits<std::int32_t>::max()) {
    throw FileError(FileFailure::BadValue, "date out of range");
  }
  append_field(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(days)));
}

void BinaryCopyEncoder::timestamp_field(std::string& out, std::int64_t micros_since_1970) const {
  std::int64_t micros = 0;
  if (__builtin_sub_overflow(micros_since_1970, epoch_shift_micros, &micros)) {
    throw FileError(FileFailure::BadValue, "timestamp out of range");
  }
  append_field(out, static_cast<std::uint64_t>(micros));
}

void BinaryCopyEncoder::time_field(std::string& out, std::int64_t micros_since_midnight) const {
  append_field(out, static_cast<std::uint64_t>(micros_since_midnight));
}

void BinaryCopyEncoder::interval_field(std::string& out, std::int64_t micros) const {
  std::array<char, 20> bytes{};  // days and months stay 0
  put_big_endian(bytes.data(), std::uint32_t{16});
  put_big_endian(bytes.data() + 4, static_cast<std::uint64_t>(micros));
  out.append(bytes.data(), bytes.size());
}

void BinaryCopyEncoder::cell_field(std::string& out, const workbook::Cell& cell,
                                   types::PgType type) const {
  if (cell.kind == CellKind::Empty || cell.kind == CellKind::Error) {
    null_field(out);
    return;
  }
  // A text column keeps what was written; other types read "-" or "n/a" as
  // the missing value the folder's null_values say it is.
  if (cell.kind == CellKind::Text && type != PgType::Text && is_null(cell.text, m_locale)) {
    null_field(out);
    return;
  }
  switch (type) {
    case PgType::Text: {
      // Length first as a placeholder, patched once the text is written, so
      // the canonical text goes straight into the buffer.
      const std::size_t length_at = out.size();
      append_int32(out, 0);
      types::append_canonical_text(cell, out);
      const std::size_t length = out.size() - length_at - 4;
      if (length > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
        out.resize(length_at);
        throw FileError(FileFailure::BadValue, "a text value is larger than PostgreSQL accepts");
      }
      put_big_endian(out.data() + length_at, static_cast<std::uint32_t>(length));
      return;
    }
    case PgType::Integer: {
      const auto value = integer_value(cell, m_locale);
      if (!value || *value < std::numeric_limits<std::int32_t>::min() ||
          *value > std::numeric_limits<std::int32_t>::max()) {
        fail(cell, type);
      }
      int4_field(out, static_cast<std::int32_t>(*value));
      return;
    }
    case PgType::BigInt: {
      const auto value = integer_value(cell, m_locale);
      if (!value) fail(cell, type);
      int8_field(out, *value);
      return;
    }
    case PgType::Double: {
      const auto value = double_value(cell, m_locale);
      if (!value) fail(cell, type);
      float8_field(out, *value);
      return;
    }
    case PgType::Boolean: {
      const auto value = boolean_value(cell, m_locale);
      if (!value) fail(cell, type);
      bool_field(out, *value);
      return;
    }
    case PgType::Date: {
      const auto value = date_value(cell, m_locale);
      if (!value) fail(cell, type);
      date_field(out, *value);
      return;
    }
    case PgType::Timestamp: {
      const auto value = timestamp_value(cell, m_locale);
      if (!value) fail(cell, type);
      timestamp_field(out, *value);
      return;
    }
    case PgType::Time: {
      const auto value = time_value(cell);
      if (!value) fail(cell, type);
      time_field(out, *value);
      return;
    }
    case PgType::Interval: {
      const auto value = interval_value(cell);
      if (!value) fail(cell, type);
      interval_field(out, *value);
      return;
    }
  }
  fail(cell, type);
}

void BinaryCopyEncoder::end(std::string& out) const { append_int16(out, -1); }

}  // namespace pgdatahub::copy
