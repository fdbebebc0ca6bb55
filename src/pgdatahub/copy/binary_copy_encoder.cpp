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
#include <stdexcept>
#include <type_traits>

namespace pgdatahub::copy {
namespace {

using types::PgType;
using workbook::Cell;
using workbook::CellKind;

constexpr std::string_view signature{"PGCOPY\n\377\r\n\0", 11};
constexpr std::int64_t epoch_shift_micros = types::postgres_epoch_days * types::micros_per_day;
constexpr std::size_t max_quoted_value_bytes = 60;

using field_bytes::put_big_endian;
using field_bytes::put_fixed;

// Appends a field a writer of field_bytes makes, in one append (a field is a
// few bytes, so the call per append is most of its cost).
template <typename Writer>
void append_with(std::string& out, Writer write) {
  std::array<char, field_bytes::max_fixed_bytes> bytes{};
  const char* const end = write(bytes.data());
  out.append(bytes.data(), static_cast<std::size_t>(end - bytes.data()));
}

void check_text_size(std::size_t size) {
  if (size > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw FileError(FileFailure::BadValue, "a text value is larger than PostgreSQL accepts");
  }
}

// Days since 2000-01-01 as PostgreSQL's int32 date.
std::uint32_t postgres_date(std::int64_t days_since_1970) {
  const std::int64_t days = days_since_1970 - types::postgres_epoch_days;
  if (days < std::numeric_limits<std::int32_t>::min() ||
      days > std::numeric_limits<std::int32_t>::max()) {
    throw FileError(FileFailure::BadValue, "date out of range");
  }
  return static_cast<std::uint32_t>(static_cast<std::int32_t>(days));
}

// Microseconds since 2000-01-01 as PostgreSQL's int64 timestamp.
std::uint64_t postgres_timestamp(std::int64_t micros_since_1970) {
  std::int64_t micros = 0;
  if (__builtin_sub_overflow(micros_since_1970, epoch_shift_micros, &micros)) {
    throw FileError(FileFailure::BadValue, "timestamp out of range");
  }
  return static_cast<std::uint64_t>(micros);
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
  out.append(8, '\0');  // flags (no OIDs) and the header extension's length, both 0
}

void BinaryCopyEncoder::begin_row(std::string& out, std::uint16_t field_count) const {
  append_with(out, [&](char* at) { return put_big_endian(at, field_count); });
}

void BinaryCopyEncoder::null_field(std::string& out) const {
  append_with(out, [](char* at) { return field_bytes::put_null(at); });
}

void BinaryCopyEncoder::text_field(std::string& out, std::string_view text) const {
  check_text_size(text.size());
  append_with(
      out, [&](char* at) { return put_big_endian(at, static_cast<std::uint32_t>(text.size())); });
  out.append(text);
}

void BinaryCopyEncoder::int4_field(std::string& out, std::int32_t value) const {
  append_with(out, [&](char* at) { return put_fixed(at, static_cast<std::uint32_t>(value)); });
}

void BinaryCopyEncoder::int8_field(std::string& out, std::int64_t value) const {
  append_with(out, [&](char* at) { return put_fixed(at, static_cast<std::uint64_t>(value)); });
}

void BinaryCopyEncoder::float8_field(std::string& out, double value) const {
  append_with(out, [&](char* at) { return put_fixed(at, std::bit_cast<std::uint64_t>(value)); });
}

void BinaryCopyEncoder::bool_field(std::string& out, bool value) const {
  append_with(out, [&](char* at) { return field_bytes::put_bool(at, value); });
}

void BinaryCopyEncoder::date_field(std::string& out, std::int64_t days_since_1970) const {
  const std::uint32_t days = postgres_date(days_since_1970);
  append_with(out, [&](char* at) { return put_fixed(at, days); });
}

void BinaryCopyEncoder::timestamp_field(std::string& out, std::int64_t micros_since_1970) const {
  const std::uint64_t micros = postgres_timestamp(micros_since_1970);
  append_with(out, [&](char* at) { return put_fixed(at, micros); });
}

void BinaryCopyEncoder::time_field(std::string& out, std::int64_t micros_since_midnight) const {
  append_with(out, [&](char* at) {
    return put_fixed(at, static_cast<std::uint64_t>(micros_since_midnight));
  });
}

void BinaryCopyEncoder::interval_field(std::string& out, std::int64_t micros) const {
  append_with(out, [&](char* at) { return field_bytes::put_interval(at, micros); });
}

void BinaryCopyEncoder::cell_field(std::string& out, const workbook::Cell& cell,
                                   types::PgType type) const {
  const std::size_t start = out.size();
  out.resize(start + max_field_bytes(type) + (cell.kind == CellKind::Text ? cell.text.size() : 0));
  std::string scratch;
  try {
    const char* const end = write_cell_field(out.data() + start, cell, type, scratch);
    out.resize(static_cast<std::size_t>(end - out.data()));
  } catch (...) {
    out.resize(start);
    throw;
  }
}

char* BinaryCopyEncoder::write_converted_field(char* at, const workbook::Cell& cell,
                                               types::PgType type, std::string& scratch) const {
  if (cell.kind == CellKind::Empty || cell.kind == CellKind::Error) {
    return field_bytes::put_null(at);
  }
  // A text column keeps what was written; other types read "-" or "n/a" as
  // the missing value the folder's null_values say it is.
  if (cell.kind == CellKind::Text && type != PgType::Text && is_null(cell.text, m_locale)) {
    return field_bytes::put_null(at);
  }
  switch (type) {
    case PgType::Text: {
      if (cell.kind == CellKind::Text) {
        check_text_size(cell.text.size());
        return field_bytes::put_text(at, cell.text);
      }
      scratch.clear();
      types::append_canonical_text(cell, scratch);
      // The room reserved for it; a longer canonical text is a bug here.
      if (scratch.size() > max_canonical_text_bytes) {
        throw std::logic_error("canonical text longer than max_canonical_text_bytes");
      }
      return field_bytes::put_text(at, scratch);
    }
    case PgType::Integer: {
      const auto value = integer_value(cell, m_locale);
      if (!value || *value < std::numeric_limits<std::int32_t>::min() ||
          *value > std::numeric_limits<std::int32_t>::max()) {
        fail(cell, type);
      }
      return put_fixed(at, static_cast<std::uint32_t>(static_cast<std::int32_t>(*value)));
    }
    case PgType::BigInt: {
      const auto value = integer_value(cell, m_locale);
      if (!value) fail(cell, type);
      return put_fixed(at, static_cast<std::uint64_t>(*value));
    }
    case PgType::Double: {
      std::optional<double> value;
      if (cell.kind == CellKind::Number) value = stored_double(cell.number);
      if (cell.kind == CellKind::Text) value = parse_double(cell.text, m_locale);
      if (!value) fail(cell, type);
      return put_fixed(at, std::bit_cast<std::uint64_t>(*value));
    }
    case PgType::Boolean: {
      const auto value = boolean_value(cell, m_locale);
      if (!value) fail(cell, type);
      return field_bytes::put_bool(at, *value);
    }
    case PgType::Date: {
      const auto value = date_value(cell, m_locale);
      if (!value) fail(cell, type);
      return put_fixed(at, postgres_date(*value));
    }
    case PgType::Timestamp: {
      const auto value = timestamp_value(cell, m_locale);
      if (!value) fail(cell, type);
      return put_fixed(at, postgres_timestamp(*value));
    }
    case PgType::Time: {
      const auto value = time_value(cell);
      if (!value) fail(cell, type);
      return put_fixed(at, static_cast<std::uint64_t>(*value));
    }
    case PgType::Interval: {
      const auto value = interval_value(cell);
      if (!value) fail(cell, type);
      return field_bytes::put_interval(at, *value);
    }
  }
  fail(cell, type);
}

void BinaryCopyEncoder::end(std::string& out) const {
  append_with(out, [](char* at) { return put_big_endian(at, std::uint16_t{0xFFFF}); });
}

}  // namespace pgdatahub::copy
