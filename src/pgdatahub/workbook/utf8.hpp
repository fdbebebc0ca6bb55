#pragma once
// UTF-8 encoding of one code point, for every reader that turns character
// references, "_xHHHH_" escapes or UTF-16 into text. Inline: it runs per
// character on hot paths.
#include <cstddef>
#include <cstdint>
#include <string>

namespace pgdatahub::workbook {

inline constexpr std::size_t max_utf8_size = 4;

// Writes the UTF-8 of `cp` (at most max_utf8_size bytes) to `out`; returns
// the bytes written. `cp` must be a code point (callers map surrogates).
inline std::size_t encode_utf8(std::uint32_t cp, char* out) noexcept {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Appends the UTF-8 of `cp` to `out`.
inline void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
    return;
  }
  char bytes[max_utf8_size];
  out.append(bytes, encode_utf8(cp, bytes));
}

}  // namespace pgdatahub::workbook
