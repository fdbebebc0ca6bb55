#pragma once
// Byte strings of BIFF2-5 workbooks to UTF-8, in the code page the CODEPAGE
// record names: every value Excel writes there, Windows, DOS and Mac ones.
#include <pgdatahub/workbook/iconv_handle.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace pgdatahub::workbook::xls {

// Code points of the bytes 0x80-0xFF of a single-byte code page (the lower
// half is ASCII); U+FFFD where the code page defines nothing.
using UpperHalf = std::array<std::uint16_t, 128>;

// The glibc iconv name of a code page, or nullptr when iconv lacks it.
const char* iconv_charset(std::uint16_t codepage) noexcept;
// The table of a code page iconv lacks (codepage_tables.cpp), or nullptr.
const UpperHalf* single_byte_table(std::uint16_t codepage) noexcept;

class CodepageDecoder {
 public:
  // 1200 means UTF-16LE; a value no writer uses falls back to windows-1252.
  explicit CodepageDecoder(std::uint16_t codepage);
  ~CodepageDecoder();
  CodepageDecoder(const CodepageDecoder&) = delete;
  CodepageDecoder& operator=(const CodepageDecoder&) = delete;
  void append(std::span<const std::byte> bytes, std::string& out);

 private:
  IconvHandle m_converter;  // null: UTF-16LE or a table
  const UpperHalf* m_table = nullptr;
};

}  // namespace pgdatahub::workbook::xls
