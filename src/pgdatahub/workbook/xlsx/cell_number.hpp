#pragma once
// The number in a cell's <v> element, as the sheet reader converts it: spaces
// and a leading '+' around it are tolerated, anything else that is not one
// whole decimal number is not a number. Two implementations that must agree
// on every input: the fast one the reader uses, and the plain one
// (std::from_chars) kept as its twin for the differential test.
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace pgdatahub::workbook::xlsx {

// fast_float (Lemire's correctly rounded parser), after the exact shortcut
// below, which takes most numbers a sheet holds.
bool parse_cell_number(std::string_view text, double& value) noexcept;

// The same rule through std::from_chars.
bool parse_cell_number_plain(std::string_view text, double& value) noexcept;

// How many of the eight bytes of `chunk` (loaded little-endian: the first
// character in the low byte) are decimal digits before the first that is not.
inline int leading_digit_count(std::uint64_t chunk) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  // Per byte, 0x33 exactly for '0'..'9': the high nibble of the byte and of
  // the byte plus 6. A carry out of a byte (0xFA and up, no digit) only
  // reaches later bytes, never an earlier one.
  const std::uint64_t classes =
      (chunk & (0xF0 * ones)) | (((chunk + 0x06 * ones) & (0xF0 * ones)) >> 4);
  const std::uint64_t others = classes ^ (0x33 * ones);
  return others == 0 ? 8 : __builtin_ctzll(others) / 8;
}

// Digits from p on, eight at a time where eight bytes are readable (SWAR:
// one 64-bit load tells digits from the rest and converts them with three
// multiplies), appended to `mantissa` (which wraps harmlessly past 19 digits:
// callers count them). Returns the end of the run of digits.
inline const char* read_decimal_digits(const char* p, const char* end,
                                       std::uint64_t& mantissa) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  static constexpr std::uint64_t powers_of_ten[] = {1,      10,      100,      1000,     10000,
                                                    100000, 1000000, 10000000, 100000000};
  // The eight-byte step reads the first character from the low byte.
  while (std::endian::native == std::endian::little && end - p >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    const int count = leading_digit_count(chunk);
    if (count == 0) return p;
    // The digits moved to the top, below them bytes of zero: leading zeros.
    std::uint64_t digits = (chunk << (64 - 8 * count)) & (0x0F * ones);
    digits = (digits * 10 + (digits >> 8)) & (0xFF * 0x0001000100010001ULL);
    digits = (digits * 100 + (digits >> 16)) & (0xFFFF * 0x0000000100000001ULL);
    digits = (digits * 10000 + (digits >> 32)) & 0xFFFFFFFFULL;
    mantissa = mantissa * powers_of_ten[count] + digits;
    p += count;
    if (count < 8) return p;
  }
  for (; p < end && static_cast<unsigned char>(*p - '0') <= 9; ++p) {
    mantissa = mantissa * 10 + static_cast<unsigned char>(*p - '0');
  }
  return p;
}

// The end of the run of digits from p on, their value unread (the row part
// of a cell reference), eight at a time as above.
inline const char* skip_decimal_digits(const char* p, const char* end) noexcept {
  while (std::endian::native == std::endian::little && end - p >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    const int count = leading_digit_count(chunk);
    p += count;
    if (count < 8) return p;
  }
  while (p < end && static_cast<unsigned char>(*p - '0') <= 9) ++p;
  return p;
}

// Clinger's fast path: [-]digits[.digits][e[+-]digits] from p on, with at most
// 19 digits whose value is at most 2^53 and a decimal exponent within
// [-22, 22]. Mantissa and power of ten are then both exact doubles, so one
// IEEE multiply or divide gives the correctly rounded value, the same bits
// fast_float and std::from_chars return. Returns the end of the number, or
// nullptr when the text is not of this shape (the caller then asks
// parse_cell_number, which decides). Inline: the sheet reader's cell loop
// calls it on every number cell.
inline const char* parse_exact_decimal(const char* p, const char* end, double& value) noexcept {
  static constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  // Digits wrap harmlessly past 19 of them: the count refuses those below.
  std::uint64_t mantissa = 0;
  const char* const first = p;
  p = read_decimal_digits(p, end, mantissa);
  if (p == first) return nullptr;  // ".5", "-", "e5": the full parser's
  int exponent = 0;
  int digit_count = static_cast<int>(p - first);
  if (p < end && *p == '.') {
    const char* const fraction = ++p;
    p = read_decimal_digits(p, end, mantissa);
    if (p == fraction) return nullptr;  // "5.": the full parser's
    exponent = -static_cast<int>(p - fraction);
    digit_count -= exponent;
  }
  if (digit_count > 19) return nullptr;  // the mantissa may have wrapped
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool exponent_negative = p < end && *p == '-';
    if (p < end && (*p == '-' || *p == '+')) ++p;
    int written = 0;
    const char* const digits = p;
    for (; p < end && static_cast<unsigned char>(*p - '0') <= 9 && p - digits < 4; ++p) {
      written = written * 10 + (*p - '0');
    }
    if (p == digits || (p < end && static_cast<unsigned char>(*p - '0') <= 9)) return nullptr;
    exponent += exponent_negative ? -written : written;
  }
  if (mantissa > (std::uint64_t{1} << 53) || exponent < -22 || exponent > 22) return nullptr;
  double magnitude = static_cast<double>(mantissa);
  if (exponent < 0) {
    magnitude /= powers_of_ten[-exponent];
  } else {
    magnitude *= powers_of_ten[exponent];
  }
  value = negative ? -magnitude : magnitude;
  return p;
}

}  // namespace pgdatahub::workbook::xlsx
