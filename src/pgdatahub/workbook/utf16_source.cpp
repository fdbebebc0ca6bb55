#include <pgdatahub/workbook/utf16_source.hpp>
#include <pgdatahub/workbook/utf8.hpp>

#include <algorithm>
#include <cstring>

namespace pgdatahub::workbook {
namespace {

constexpr std::uint32_t replacement = 0xFFFD;
constexpr std::uint16_t byte_order_mark = 0xFEFF;

bool is_high_surrogate(std::uint32_t u) noexcept { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(std::uint32_t u) noexcept { return u >= 0xDC00 && u <= 0xDFFF; }

}  // namespace

bool looks_like_utf16(std::string_view head, bool& big_endian) noexcept {
  if (head.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(head[0]);
  const auto b1 = static_cast<unsigned char>(head[1]);
  if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
    big_endian = b0 == 0xFE;
    return true;
  }
  if (head.size() < 4) return false;
  if (head.substr(0, 4) == std::string_view("<\0?\0", 4)) {
    big_endian = false;
    return true;
  }
  if (head.substr(0, 4) == std::string_view("\0<\0?", 4)) {
    big_endian = true;
    return true;
  }
  return false;
}

Utf16Source::Utf16Source(ByteSource& inner, bool big_endian, std::string_view already_read)
    : m_inner(inner), m_big_endian(big_endian), m_raw(std::max(raw_block, already_read.size())) {
  std::memcpy(m_raw.data(), already_read.data(), already_read.size());
  m_end = already_read.size();
}

bool Utf16Source::fill() {
  if (m_inner_done) return false;
  if (m_begin != 0) {
    std::memmove(m_raw.data(), m_raw.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  const std::size_t n = m_inner.read(std::span<char>(m_raw.data() + m_end, m_raw.size() - m_end));
  if (n == 0) m_inner_done = true;
  m_end += n;
  return n != 0;
}

std::uint16_t Utf16Source::unit(std::size_t at) const noexcept {
  const auto a = static_cast<unsigned char>(m_raw[at]);
  const auto b = static_cast<unsigned char>(m_raw[at + 1]);
  return static_cast<std::uint16_t>(m_big_endian ? (a << 8) | b : (b << 8) | a);
}

std::size_t Utf16Source::read(std::span<char> out) {
  std::size_t written = 0;
  while (out.size() - written >= max_utf8_size) {
    // Four raw bytes hold any code point; ask for more when fewer are left.
    if (m_end - m_begin < 4 && fill()) continue;
    const std::size_t held = m_end - m_begin;
    if (held < 2) {
      if (held == 1) {  // a lone byte at the very end
        m_begin = m_end;
        written += encode_utf8(replacement, out.data() + written);
      }
      break;
    }
    std::uint32_t cp = unit(m_begin);
    std::size_t used = 2;
    if (is_high_surrogate(cp)) {
      const std::uint32_t low = held >= 4 ? unit(m_begin + 2) : 0;
      if (is_low_surrogate(low)) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        used = 4;
      } else {
        cp = replacement;
      }
    } else if (is_low_surrogate(cp)) {
      cp = replacement;
    }
    m_begin += used;
    if (m_first_unit) {
      m_first_unit = false;
      if (cp == byte_order_mark) continue;
    }
    written += encode_utf8(cp, out.data() + written);
  }
  return written;
}

}  // namespace pgdatahub::workbook
