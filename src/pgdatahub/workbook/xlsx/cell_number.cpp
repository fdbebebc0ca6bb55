#include <pgdatahub/workbook/xlsx/cell_number.hpp>

#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>

namespace pgdatahub::workbook::xlsx {
namespace {

std::string_view trimmed(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '+')) text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

bool parse_cell_number(std::string_view text, double& value) noexcept {
  text = trimmed(text);
  const char* const end = text.data() + text.size();
  if (const char* parsed = parse_exact_decimal(text.data(), end, value);
      parsed != nullptr && parsed == end) {
    return true;
  }
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
