#include <pgdatahub/types/float8_decimal.hpp>

#include <bit>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace pgdatahub::types {
namespace {

constexpr int max_precision = 16;  // digits after the point: 17 significant digits
constexpr int mantissa_bits = 52;
constexpr int exponent_bias = 1075;  // 1023 + 52: value = mantissa * 2^(biased - 1075)
constexpr std::uint64_t mantissa_mask = (std::uint64_t{1} << mantissa_bits) - 1;
// Odd parts of halfway points are below 2^55; anything larger cannot match.
constexpr std::uint64_t odd_part_limit = std::uint64_t{1} << 56;

// Parses to_chars' scientific output ("1.2345e+02") into digits and exponent,
// dropping trailing zeros.
Decimal parse_scientific(std::string_view text) noexcept {
  Decimal decimal;
  const std::size_t e = text.find('e');
  for (std::size_t i = 0; i < e; ++i) {
    if (text[i] != '.') decimal.digits[decimal.digit_count++] = text[i];
  }
  while (decimal.digit_count > 1 && decimal.digits[decimal.digit_count - 1] == '0') {
    --decimal.digit_count;
  }
  const std::size_t exponent_at = e + (text[e + 1] == '+' ? 2 : 1);
  std::from_chars(text.data() + exponent_at, text.data() + text.size(), decimal.exponent);
  return decimal;
}

Decimal shortest(double value) noexcept {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::scientific);
  return parse_scientific({buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())});
}

Decimal with_precision(double value, int precision) noexcept {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::scientific, precision);
  return parse_scientific({buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())});
}

bool reads_back(const Decimal& decimal, double value) noexcept {
  std::array<char, 32> buffer{};
  std::size_t length = 0;
  for (std::size_t i = 0; i < decimal.digit_count; ++i) buffer[length++] = decimal.digits[i];
  buffer[length++] = 'e';
  const auto result = std::to_chars(buffer.data() + length, buffer.data() + buffer.size(),
                                    decimal.exponent - static_cast<int>(decimal.digit_count) + 1);
  double parsed = 0;
  std::from_chars(buffer.data(), result.ptr, parsed);
  return parsed == value;
}

// A positive number as odd * 2^power.
struct Binary {
  std::uint64_t odd = 0;
  int power = 0;
};

// The decimal as odd * 2^power, or nullopt when its odd part is too large to
// be a halfway point (or it is not a dyadic rational at all).
std::optional<Binary> to_binary(const Decimal& decimal) noexcept {
  std::uint64_t integer = 0;
  for (std::size_t i = 0; i < decimal.digit_count; ++i) {
    integer = integer * 10 + static_cast<std::uint64_t>(decimal.digits[i] - '0');
  }
  if (integer == 0) return std::nullopt;
  const int power10 = decimal.exponent - static_cast<int>(decimal.digit_count) + 1;
  int twos = std::countr_zero(integer);
  integer >>= twos;
  if (power10 >= 0) {
    for (int i = 0; i < power10; ++i) {
      if (integer >= odd_part_limit / 5) return std::nullopt;
      integer *= 5;
    }
    return Binary{integer, twos + power10};
  }
  // Dividing by 10^n needs 5^n to divide the digits.
  for (int i = 0; i < -power10; ++i) {
    if (integer % 5 != 0) return std::nullopt;
    integer /= 5;
  }
  return Binary{integer, twos + power10};
}

// True when `decimal` is exactly halfway between `value` and a neighbour.
bool is_halfway(double value, const Decimal& decimal) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  const std::uint64_t fraction = bits & mantissa_mask;
  const auto biased = static_cast<int>(bits >> mantissa_bits);
  const std::uint64_t mantissa =
      biased == 0 ? fraction : (fraction | (std::uint64_t{1} << mantissa_bits));
  const int power = biased == 0 ? 1 - exponent_bias : biased - exponent_bias;
  const auto binary = to_binary(decimal);
  if (!binary || mantissa == 0) return false;
  // value = mantissa * 2^power; the gap above is 2^power, the gap below
  // too except at a power of two, where it is half as wide.
  const Binary upper{2 * mantissa + 1, power - 1};
  const bool narrow_below = fraction == 0 && biased > 1;
  const Binary lower =
      narrow_below ? Binary{4 * mantissa - 1, power - 2} : Binary{2 * mantissa - 1, power - 1};
  const auto same = [&](const Binary& point) {
    return binary->odd == point.odd && binary->power == point.power;
  };
  return same(upper) || same(lower);
}

}  // namespace

Decimal float8out_decimal(double value) noexcept {
  if (value == 0) {
    Decimal zero;
    zero.digits[0] = '0';
    zero.digit_count = 1;
    return zero;
  }
  // std::to_chars accepts a shortest decimal that lies exactly halfway to a
  // neighbouring double (it reads back by round-half-even); PostgreSQL's Ryu
  // is built without that, so it takes the next length that is strictly
  // inside (1e23 prints as 9.999999999999999e+22).
  const Decimal candidate = shortest(value);
  if (!is_halfway(value, candidate)) return candidate;
  for (auto precision = static_cast<int>(candidate.digit_count); precision <= max_precision;
       ++precision) {
    const Decimal longer = with_precision(value, precision);
    if (reads_back(longer, value) && !is_halfway(value, longer)) return longer;
  }
  return with_precision(value, max_precision);
}

}  // namespace pgdatahub::types
