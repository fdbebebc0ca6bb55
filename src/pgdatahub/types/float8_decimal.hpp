#pragma once
// The decimal digits PostgreSQL's float8out chooses for a double.
#include <array>
#include <cstddef>

namespace pgdatahub::types {

// value = 0.d1d2d3... * 10^(exponent + 1), i.e. d1.d2d3... * 10^exponent.
struct Decimal {
  std::array<char, 17> digits{};  // significant digits, no trailing zeros
  std::size_t digit_count = 0;
  int exponent = 0;
};

// The shortest digits that read back as `value` (finite, >= 0), choosing as
// PostgreSQL's Ryu does: a decimal lying exactly halfway between two doubles
// is never chosen, even when round-half-even would read it back correctly.
Decimal float8out_decimal(double value) noexcept;

}  // namespace pgdatahub::types
