#pragma once
// Turns the bytes of a delimited text file into UTF-8, a chunk at a time, so
// a converted file never exists twice in memory.
#include <pgdatahub/workbook/iconv_handle.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace pgdatahub::workbook::csv {

class TextDecoder {
 public:
  // Picks the source encoding: a byte order mark (UTF-8, UTF-16 LE/BE) wins,
  // then `encoding` (an iconv name such as "windows-1252"), else UTF-8.
  // Throws ConfigError for an encoding iconv does not know.
  TextDecoder(std::span<const std::byte> bytes, const std::string& encoding);
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // True when the input already is UTF-8: then text() is all of it, uncopied.
  bool is_utf8() const noexcept { return m_converter == nullptr; }
  std::string_view text() const noexcept { return m_input; }

  // Appends about `chunk` bytes of converted text to `out`; false once the
  // input is exhausted (nothing was appended). Throws FileError(Corrupt) on a
  // byte sequence that is invalid in the source encoding.
  bool decode_more(std::string& out, std::size_t chunk);

  // The name used in messages ("UTF-16LE", "windows-1252", ...).
  const std::string& encoding_name() const noexcept { return m_encoding; }

 private:
  std::string_view m_input;
  std::size_t m_consumed = 0;
  std::string m_encoding;
  bool m_from_option = false;
  IconvHandle m_converter;
};

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace pgdatahub::workbook::csv
