#include <pgdatahub/workbook/utf8.hpp>
#include <pgdatahub/workbook/xlsx/ooxml_text.hpp>

#include <cstring>

namespace pgdatahub::workbook::xlsx {
namespace {

constexpr std::size_t escape_size = 7;  // "_xHHHH_"
constexpr std::uint32_t replacement = 0xFFFD;

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of an escape at `p` (with `left` bytes available), or -1.
long escape_at(const char* p, std::size_t left) noexcept {
  if (left < escape_size || p[0] != '_' || (p[1] != 'x' && p[1] != 'X') || p[6] != '_') return -1;
  long unit = 0;
  for (int i = 2; i < 6; ++i) {
    const int digit = hex_value(p[i]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

std::size_t decode_escapes(char* data, std::size_t size) noexcept {
  char* first = static_cast<char*>(std::memchr(data, '_', size));
  if (first == nullptr) return size;
  char* out = first;
  const char* in = first;
  const char* end = data + size;
  while (in < end) {
    const long unit = *in == '_' ? escape_at(in, static_cast<std::size_t>(end - in)) : -1;
    if (unit < 0) {
      *out++ = *in++;
      continue;
    }
    in += escape_size;
    auto cp = static_cast<std::uint32_t>(unit);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const long low = escape_at(in, static_cast<std::size_t>(end - in));
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
        in += escape_size;
      } else {
        cp = replacement;
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = replacement;
    }
    // Each escape is 7 bytes and yields at most 3 (4 for a 14-byte pair): in place is safe.
    out += encode_utf8(cp, out);
  }
  return static_cast<std::size_t>(out - data);
}

}  // namespace

std::size_t clean_ooxml_text(char* data, std::size_t size, std::uint64_t& nul_removed) noexcept {
  size = decode_escapes(data, size);
  char* nul = static_cast<char*>(std::memchr(data, '\0', size));
  if (nul == nullptr) return size;
  char* out = nul;
  for (const char* in = nul; in < data + size; ++in) {
    if (*in == '\0') {
      ++nul_removed;
    } else {
      *out++ = *in;
    }
  }
  return static_cast<std::size_t>(out - data);
}

}  // namespace pgdatahub::workbook::xlsx
