#pragma once
// The widening lattice as compile-time tables, shared by pg_type.cpp and the
// per-cell hot path of inference.cpp (which needs a join with "no type yet").
#include <pgdatahub/types/pg_type.hpp>

#include <array>
#include <cstddef>

namespace pgdatahub::types::detail {

constexpr std::size_t type_count = 9;
// Index of the bottom element "no value seen yet" in join_table.
constexpr unsigned char no_type = type_count;

enum class Family : unsigned char { Numeric, Temporal, Boolean, Time, Interval, Text };

constexpr Family family(PgType type) noexcept {
  switch (type) {
    case PgType::Integer:
    case PgType::BigInt:
    case PgType::Double:
      return Family::Numeric;
    case PgType::Date:
    case PgType::Timestamp:
      return Family::Temporal;
    case PgType::Boolean:
      return Family::Boolean;
    case PgType::Time:
      return Family::Time;
    case PgType::Interval:
      return Family::Interval;
    case PgType::Text:
      return Family::Text;
  }
  return Family::Text;
}

// Within a family the enumerators are declared narrowest first.
constexpr PgType join(PgType a, PgType b) noexcept {
  if (a == b) return a;
  if (family(a) != family(b) || family(a) == Family::Text) return PgType::Text;
  return a < b ? b : a;
}

// join_table[a][b] for a, b in [0, type_count]; index no_type is the identity.
constexpr auto join_table = [] {
  std::array<std::array<unsigned char, type_count + 1>, type_count + 1> table{};
  for (std::size_t a = 0; a <= type_count; ++a) {
    for (std::size_t b = 0; b <= type_count; ++b) {
      if (a == no_type) {
        table[a][b] = static_cast<unsigned char>(b);
      } else if (b == no_type) {
        table[a][b] = static_cast<unsigned char>(a);
      } else {
        table[a][b] =
            static_cast<unsigned char>(join(static_cast<PgType>(a), static_cast<PgType>(b)));
      }
    }
  }
  return table;
}();

}  // namespace pgdatahub::types::detail
