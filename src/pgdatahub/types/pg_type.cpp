#include <pgdatahub/types/lattice.hpp>
#include <pgdatahub/types/pg_type.hpp>

#include <array>
#include <cstddef>

namespace pgdatahub::types {

PgType widen(PgType a, PgType b) noexcept {
  return static_cast<PgType>(
      detail::join_table[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)]);
}

bool fits_in(PgType from, PgType to) noexcept { return widen(from, to) == to; }

std::string_view sql_name(PgType type) noexcept {
  switch (type) {
    case PgType::Integer:
      return "integer";
    case PgType::BigInt:
      return "bigint";
    case PgType::Double:
      return "double precision";
    case PgType::Boolean:
      return "boolean";
    case PgType::Date:
      return "date";
    case PgType::Timestamp:
      return "timestamp";
    case PgType::Time:
      return "time";
    case PgType::Interval:
      return "interval";
    case PgType::Text:
      return "text";
  }
  return "text";
}

namespace {

struct Spelling {
  std::string_view name;
  PgType type;
};

// format_type() output and the spellings people write in a config. Types that
// would narrow our values are deliberately absent: smallint/int2, real/float4,
// numeric, timestamptz, timetz, and anything with a length or precision
// modifier such as varchar(10) or timestamp(3) (a column created that way
// cannot hold every value of the lattice type, so it is not that type).
constexpr std::array spellings = {
    Spelling{"integer", PgType::Integer},
    Spelling{"int", PgType::Integer},
    Spelling{"int4", PgType::Integer},
    Spelling{"bigint", PgType::BigInt},
    Spelling{"int8", PgType::BigInt},
    Spelling{"double precision", PgType::Double},
    Spelling{"double", PgType::Double},
    Spelling{"float8", PgType::Double},
    Spelling{"float", PgType::Double},  // PostgreSQL's float without precision is float8
    Spelling{"boolean", PgType::Boolean},
    Spelling{"bool", PgType::Boolean},
    Spelling{"date", PgType::Date},
    Spelling{"timestamp without time zone", PgType::Timestamp},
    Spelling{"timestamp", PgType::Timestamp},
    Spelling{"datetime", PgType::Timestamp},
    Spelling{"time without time zone", PgType::Time},
    Spelling{"time", PgType::Time},
    Spelling{"interval", PgType::Interval},
    Spelling{"text", PgType::Text},
    Spelling{"string", PgType::Text},
    Spelling{"varchar", PgType::Text},
    Spelling{"character varying", PgType::Text},
};

constexpr std::size_t longest_spelling = 32;

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::optional<PgType> parse_sql_type(std::string_view text) noexcept {
  // Normalise into a fixed buffer: lowercase, whitespace runs as one space,
  // no leading or trailing space. Anything longer than every spelling misses.
  std::array<char, longest_spelling> buffer{};
  std::size_t length = 0;
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = length > 0;
      continue;
    }
    if (pending_space) {
      if (length == buffer.size()) return std::nullopt;
      buffer[length++] = ' ';
      pending_space = false;
    }
    if (length == buffer.size()) return std::nullopt;
    buffer[length++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view normalised(buffer.data(), length);
  for (const Spelling& spelling : spellings) {
    if (spelling.name == normalised) return spelling.type;
  }
  return std::nullopt;
}

}  // namespace pgdatahub::types
