#include <pgdatahub/types/inference.hpp>

#include <array>
#include <cmath>
#include <cstddef>

namespace pgdatahub::types {
namespace {

using workbook::CellKind;

constexpr double int32_min = -2147483648.0;
constexpr double int32_max = 2147483647.0;
constexpr double int64_min = -9223372036854775808.0;  // -2^63, exact in a double
constexpr double int64_end = 9223372036854775808.0;   // 2^63 itself does not fit

constexpr std::size_t kind_count = 9;

// Natural type index per CellKind; Number is decided by number_type.
constexpr std::array<unsigned char, kind_count> kind_types = {
    detail::no_type,                                // Empty
    static_cast<unsigned char>(PgType::Double),     // Number (refined)
    static_cast<unsigned char>(PgType::Text),       // Text
    static_cast<unsigned char>(PgType::Boolean),    // Boolean
    detail::no_type,                                // Error
    static_cast<unsigned char>(PgType::Date),       // Date
    static_cast<unsigned char>(PgType::Timestamp),  // DateTime
    static_cast<unsigned char>(PgType::Time),       // Time
    static_cast<unsigned char>(PgType::Interval),   // Duration
};

unsigned char type_index(const workbook::Cell& cell) noexcept {
  const auto kind = static_cast<std::size_t>(cell.kind);
  if (kind >= kind_count) return detail::no_type;
  if (cell.kind == CellKind::Number) return static_cast<unsigned char>(number_type(cell.number));
  return kind_types[kind];
}

}  // namespace

PgType number_type(double value) noexcept {
  // NaN fails every comparison and trunc(±inf) == ±inf, so both end up Double
  // through the range checks below.
  const bool whole = std::trunc(value) == value;
  const bool in_int32 = value >= int32_min && value <= int32_max;
  const bool in_int64 = value >= int64_min && value < int64_end;
  if (!whole || !in_int64) return PgType::Double;
  return in_int32 ? PgType::Integer : PgType::BigInt;
}

std::optional<PgType> natural_type(const workbook::Cell& cell) noexcept {
  const unsigned char index = type_index(cell);
  if (index == detail::no_type) return std::nullopt;
  return static_cast<PgType>(index);
}

void ColumnTypeAccumulator::add(const workbook::Cell& cell) noexcept {
  m_type = detail::join_table[m_type][type_index(cell)];
}

}  // namespace pgdatahub::types
