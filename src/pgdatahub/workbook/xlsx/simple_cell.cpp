#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <pgdatahub/workbook/xlsx/byte_match.hpp>
#include <pgdatahub/workbook/xlsx/simple_cell.hpp>

namespace pgdatahub::workbook::xlsx {
namespace {

// The first of two bytes from p on, or end. Cell values are short, but a
// 16-byte compare (SSE2, which every x86-64 has) still beats a byte loop;
// the last bytes before `end` are searched one by one, so nothing past the
// buffer is ever read.
const char* find_either(const char* p, const char* end, char a, char b) noexcept {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  while (end - p >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, va), _mm_cmpeq_epi8(chunk, vb)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (*p == a || *p == b) return p;
  }
  return end;
}

// An attribute value up to its closing quote; refuses '&' (entities need
// decoding) and '<' (not well-formed: the scanner decides what it means).
// Attribute values are a few bytes, so one 16-byte compare of the three
// characters usually settles it (this was the matcher's largest cost as a
// byte loop); a longer value, or one near the end, goes on byte by byte.
std::size_t quoted_value_end(const char* p, const char* end) noexcept {
  const char* q = p;
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto quotes =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"'))));
    const auto refused = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmpeq_epi8(chunk, _mm_set1_epi8('&')), _mm_cmpeq_epi8(chunk, _mm_set1_epi8('<')))));
    if (quotes != 0) {
      const auto quote = static_cast<unsigned>(__builtin_ctz(quotes));
      // The first of the three decides, as in the byte loop below.
      if ((refused & ((1U << quote) - 1U)) != 0) return std::string_view::npos;
      return quote;
    }
    if (refused != 0) return std::string_view::npos;
    q = p + 16;
  }
#endif
  for (; q < end; ++q) {
    const char c = *q;
    if (c == '"') return static_cast<std::size_t>(q - p);
    if (c == '&' || c == '<') return std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace

SimpleCell match_simple_cell(std::string_view bytes) noexcept {
  const char* const begin = bytes.data();
  const char* const end = begin + bytes.size();
  if (bytes.size() < 4 || begin[0] != '<' || begin[1] != 'c') return {};
  SimpleCell cell;
  const char* p = begin + 2;
  // Attributes: ' ' name '="' value '"', names r, s, t only, each once.
  while (p < end && *p == ' ') {
    if (end - p < 5 || p[2] != '=' || p[3] != '"') return {};
    std::optional<std::string_view>* slot = nullptr;
    switch (p[1]) {
      case 'r':
        slot = &cell.reference;
        break;
      case 's':
        slot = &cell.style;
        break;
      case 't':
        slot = &cell.type;
        break;
      default:
        return {};
    }
    if (slot->has_value()) return {};
    const char* value = p + 4;
    const std::size_t size = quoted_value_end(value, end);
    if (size == std::string_view::npos) return {};
    *slot = std::string_view(value, size);
    p = value + size + 1;
  }
  if (p >= end) return {};
  if (*p == '/') {
    if (end - p < 2 || p[1] != '>') return {};
    cell.size = static_cast<std::size_t>(p + 2 - begin);
    return cell;
  }
  if (*p != '>') return {};
  ++p;
  if (at(p, end, "</c>")) {
    cell.size = static_cast<std::size_t>(p + 4 - begin);
    return cell;
  }
  if (!at(p, end, "<v>")) return {};
  const char* const text = p + 3;
  const char* const q = find_either(text, end, '<', '&');
  // An entity ('&') is the scanner's to decode.
  if (!at(q, end, "</v></c>")) return {};
  cell.has_value = true;
  cell.value = std::string_view(text, static_cast<std::size_t>(q - text));
  cell.size = static_cast<std::size_t>(q + 8 - begin);
  return cell;
}

namespace {

// The bytes of attribute names match_row_start takes: letters, digits and
// ":._-" (a table: a row tag has a few dozen of them).
constexpr auto name_chars = [] {
  std::array<bool, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (const char c : {':', '.', '_', '-'}) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

}  // namespace

SimpleRowStart match_row_start(std::string_view bytes) noexcept {
  const char* const begin = bytes.data();
  const char* const end = begin + bytes.size();
  if (!at(begin, end, "<row")) return {};
  SimpleRowStart row;
  const char* p = begin + 4;
  while (p < end && *p == ' ') {
    const char* const name = ++p;
    bool prefixed = false;
    for (; p < end && name_chars[static_cast<unsigned char>(*p)]; ++p) prefixed |= *p == ':';
    const std::string_view attribute(name, static_cast<std::size_t>(p - name));
    if (attribute.empty() || end - p < 2 || p[0] != '=' || p[1] != '"') return {};
    const char* const value = p + 2;
    const std::size_t size = quoted_value_end(value, end);
    if (size == std::string_view::npos) return {};
    if (attribute == "r") {
      if (row.number) return {};
      row.number = std::string_view(value, size);
    } else if ((prefixed && attribute.ends_with(":r")) || attribute.starts_with("xmlns")) {
      return {};
    }
    p = value + size + 1;
  }
  if (p < end && *p == '>') {
    row.size = static_cast<std::size_t>(p + 1 - begin);
  } else if (end - p >= 2 && p[0] == '/' && p[1] == '>') {
    row.size = static_cast<std::size_t>(p + 2 - begin);
    row.self_closing = true;
  }
  return row.size == 0 ? SimpleRowStart{} : row;
}

}  // namespace pgdatahub::workbook::xlsx
