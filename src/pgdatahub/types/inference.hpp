#pragma once
// Type inference from every value (never a sample): each cell has a natural
// type, and a column's type is the lattice join of its cells' types.
#include <pgdatahub/types/pg_type.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <optional>

namespace pgdatahub::types {

// The narrowest type that holds this cell's value; nullopt for cells that load
// as NULL (empty and error cells).
std::optional<PgType> natural_type(const workbook::Cell& cell) noexcept;

// Accumulates the join of the natural types of a column's cells.
class ColumnTypeAccumulator {
public:
  void add(const workbook::Cell& cell) noexcept;
  // nullopt while the column has held no value at all.
  std::optional<PgType> type() const noexcept { return m_type; }

private:
  std::optional<PgType> m_type;
};

}  // namespace pgdatahub::types
