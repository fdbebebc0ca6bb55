#include <pgdatahub/workbook/xlsx/cell_number.hpp>

#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>
#include <cstdint>

namespace pgdatahub::workbook::xlsx {
namespace {

std::string_view trimmed(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '+')) text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Up to 15 digits with an optional '-': below 2^53, so the integer converts
// to exactly the double a decimal parser would return.
bool parse_short_integer(std::string_view text, double& value) noexcept {
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 15) return false;
  std::uint64_t n = 0;
  for (const char c : digits) {
    const auto d = static_cast<unsigned>(c - '0');
    if (d > 9) return false;
    n = n * 10 + d;
  }
  const auto magnitude = static_cast<double>(n);
  value = negative ? -magnitude : magnitude;
  return true;
}

}  // namespace

bool parse_cell_number(std::string_view text, double& value) noexcept {
  text = trimmed(text);
  if (parse_short_integer(text, value)) return true;
  const char* const end = text.data() + text.size();
  const auto [ptr, ec] = fast_float::from_chars(text.data(), end, value);
  if (ec == std::errc() && ptr == end && std::isnormal(value)) return true;
  // fast_float returns infinity or zero where std::from_chars reports a value
  // out of range, and reads "nan" and "inf" its own way: anything but a plain
  // normal number (rare in a numeric cell) takes the plain path, so both agree.
  return parse_cell_number_plain(text, value);
}

bool parse_cell_number_plain(std::string_view text, double& value) noexcept {
  text = trimmed(text);
  const char* const end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace pgdatahub::workbook::xlsx
