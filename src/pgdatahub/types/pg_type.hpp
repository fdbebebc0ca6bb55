#pragma once
// The column types pgdatahub creates and the widening lattice between them:
//   integer -> bigint -> double precision -> text
//   date -> timestamp -> text;  boolean, time, interval -> text
// Two types from different families meet at text.
#include <optional>
#include <string_view>

namespace pgdatahub::types {

enum class PgType : unsigned char {
  Integer,
  BigInt,
  Double,
  Boolean,
  Date,
  Timestamp,
  Time,
  Interval,
  Text,
};

// The least upper bound: the narrowest type that holds every value of both.
PgType widen(PgType a, PgType b) noexcept;

// True when every value of `from` converts losslessly to `to`.
bool fits_in(PgType from, PgType to) noexcept;

// The SQL spelling used in DDL and in etl_schema_changes ("double precision").
std::string_view sql_name(PgType type) noexcept;

// Parses a type as PostgreSQL's format_type() or a user's config spells it
// ("int4", "integer", "float8", "timestamp without time zone", "varchar", ...).
// Types outside the lattice (numeric, jsonb, ...) return nullopt.
std::optional<PgType> parse_sql_type(std::string_view text) noexcept;

}  // namespace pgdatahub::types
