#pragma once
// Type inference from every value (never a sample): each cell has a natural
// type, and a column's type is the lattice join of its cells' types.
#include <pgdatahub/types/lattice.hpp>
#include <pgdatahub/types/pg_type.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

namespace pgdatahub::types {

// The narrowest type that holds this cell's value; nullopt for cells that load
// as NULL (empty and error cells). A Number is Integer or BigInt when it is a
// finite whole number in that range (-0.0 counts as 0), Double otherwise.
std::optional<PgType> natural_type(const workbook::Cell& cell) noexcept;

// The PgType of a finite whole double in int32/int64 range, else Double.
// Inline and without std::trunc (a libm call on baseline x86-64): it runs for
// every number cell, in inference, the encoder and canonical text.
inline PgType number_type(double value) noexcept {
  constexpr double int64_min = -9223372036854775808.0;  // -2^63, exact in a double
  constexpr double int64_end = 9223372036854775808.0;   // 2^63 itself does not fit
  // NaN fails both comparisons; infinities are out of range.
  if (!(value >= int64_min && value < int64_end)) return PgType::Double;
  // In range the truncation is exact, and it converts back to `value` exactly
  // when `value` is whole (-0.0 included, as 0).
  const auto whole = static_cast<std::int64_t>(value);
  if (static_cast<double>(whole) != value) return PgType::Double;
  const bool in_int32 = whole >= std::numeric_limits<std::int32_t>::min() &&
                        whole <= std::numeric_limits<std::int32_t>::max();
  return in_int32 ? PgType::Integer : PgType::BigInt;
}

namespace detail {

constexpr std::size_t kind_count = 9;

// Natural type index per CellKind; Number is decided by number_type.
constexpr std::array<unsigned char, kind_count> kind_types = {
    no_type,                                        // Empty
    static_cast<unsigned char>(PgType::Double),     // Number (refined)
    static_cast<unsigned char>(PgType::Text),       // Text
    static_cast<unsigned char>(PgType::Boolean),    // Boolean
    no_type,                                        // Error
    static_cast<unsigned char>(PgType::Date),       // Date
    static_cast<unsigned char>(PgType::Timestamp),  // DateTime
    static_cast<unsigned char>(PgType::Time),       // Time
    static_cast<unsigned char>(PgType::Interval),   // Duration
};

// The natural type as a join_table index (no_type for NULL cells).
inline unsigned char type_index(const workbook::Cell& cell) noexcept {
  const auto kind = static_cast<std::size_t>(cell.kind);
  if (kind >= kind_count) return no_type;
  if (cell.kind == workbook::CellKind::Number) {
    return static_cast<unsigned char>(number_type(cell.number));
  }
  return kind_types[kind];
}

}  // namespace detail

// Accumulates the join of the natural types of a column's cells.
class ColumnTypeAccumulator {
 public:
  // Inline: inference calls it for every cell of a sheet.
  void add(const workbook::Cell& cell) noexcept {
    m_type = detail::join_table[m_type][detail::type_index(cell)];
  }
  // nullopt while the column has held no value at all.
  std::optional<PgType> type() const noexcept {
    if (m_type == detail::no_type) return std::nullopt;
    return static_cast<PgType>(m_type);
  }

 private:
  // A PgType, or detail::no_type: a plain byte keeps `add` a table lookup.
  unsigned char m_type = detail::no_type;
};

}  // namespace pgdatahub::types
