#pragma once
// The one byte-level test the xlsx fast paths (the cell loop, the simple-cell
// and row-tag matchers, the shared-strings runs) share.
#include <cstddef>
#include <cstring>

namespace pgdatahub::workbook::xlsx {

// Whether `literal` starts at p, with p + size <= end; constant sizes make
// this one or two loads and compares.
template <std::size_t N>
inline bool at(const char* p, const char* end, const char (&literal)[N]) noexcept {
  return static_cast<std::size_t>(end - p) >= N - 1 && std::memcmp(p, literal, N - 1) == 0;
}

// The length of a literal `at` matches.
template <std::size_t N>
constexpr std::size_t literal_size(const char (&)[N]) noexcept {
  return N - 1;
}

}  // namespace pgdatahub::workbook::xlsx
