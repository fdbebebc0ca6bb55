#pragma once
// UTF-16 bytes decoded to UTF-8 as they stream, for XML parts some writers
// (phone apps, older Windows tools) save as UTF-16 with a byte order mark.
#include <pgdatahub/workbook/byte_source.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook {

class Utf16Source final : public ByteSource {
 public:
  // Decodes `inner` (which must outlive this source), after `already_read`:
  // the bytes taken from `inner` to recognize the encoding (a BOM there is
  // dropped). Unpaired surrogates and a trailing odd byte become U+FFFD.
  Utf16Source(ByteSource& inner, bool big_endian, std::string_view already_read);

  std::size_t read(std::span<char> out) override;

 private:
  bool fill();  // more raw bytes into m_raw; false at the end of `inner`
  std::uint16_t unit(std::size_t at) const noexcept;

  static constexpr std::size_t raw_block = std::size_t{64} * 1024;
  ByteSource& m_inner;
  bool m_big_endian;
  bool m_inner_done = false;
  bool m_first_unit = true;  // a leading U+FEFF is the BOM, not text
  std::vector<char> m_raw;   // at least raw_block, or what the sniffing read
  std::size_t m_begin = 0;   // next undecoded raw byte
  std::size_t m_end = 0;     // end of raw bytes held
};

// Whether `head` (the first bytes of an XML part) is UTF-16: a byte order
// mark, or "<?" as UTF-16 without one. Sets `big_endian` when it is.
bool looks_like_utf16(std::string_view head, bool& big_endian) noexcept;

}  // namespace pgdatahub::workbook
