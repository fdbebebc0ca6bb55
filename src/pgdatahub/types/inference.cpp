#include <pgdatahub/types/inference.hpp>

namespace pgdatahub::types {

std::optional<PgType> natural_type(const workbook::Cell& cell) noexcept {
  const unsigned char index = detail::type_index(cell);
  if (index == detail::no_type) return std::nullopt;
  return static_cast<PgType>(index);
}

}  // namespace pgdatahub::types
