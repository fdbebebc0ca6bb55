#pragma once
// Type inference from every value (never a sample): each cell has a natural
// type, and a column's type is the lattice join of its cells' types.
#include <pgdatahub/types/lattice.hpp>
#include <pgdatahub/types/pg_type.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <optional>

namespace pgdatahub::types {

// The narrowest type that holds this cell's value; nullopt for cells that load
// as NULL (empty and error cells). A Number is Integer or BigInt when it is a
// finite whole number in that range (-0.0 counts as 0), Double otherwise.
std::optional<PgType> natural_type(const workbook::Cell& cell) noexcept;

// The PgType of a finite whole double in int32/int64 range, else Double.
PgType number_type(double value) noexcept;

// Accumulates the join of the natural types of a column's cells.
class ColumnTypeAccumulator {
 public:
  void add(const workbook::Cell& cell) noexcept;
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
