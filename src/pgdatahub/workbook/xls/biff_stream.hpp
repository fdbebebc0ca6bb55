#pragma once
// BIFF records of an .xls Workbook stream, and the byte strings inside them.
#include <pgdatahub/workbook/iconv_handle.hpp>
#include <pgdatahub/workbook/compound_file.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace pgdatahub::workbook::xls {

namespace record {
constexpr std::uint16_t bof = 0x0809;
constexpr std::uint16_t bof_biff2 = 0x0009;
constexpr std::uint16_t bof_biff3 = 0x0209;
constexpr std::uint16_t bof_biff4 = 0x0409;
constexpr std::uint16_t eof = 0x000A;
constexpr std::uint16_t filepass = 0x002F;
constexpr std::uint16_t codepage = 0x0042;
constexpr std::uint16_t datemode = 0x0022;
constexpr std::uint16_t format = 0x041E;
constexpr std::uint16_t xf = 0x00E0;
constexpr std::uint16_t boundsheet = 0x0085;
constexpr std::uint16_t sst = 0x00FC;
constexpr std::uint16_t continue_ = 0x003C;
constexpr std::uint16_t number = 0x0203;
constexpr std::uint16_t rk = 0x027E;
constexpr std::uint16_t mulrk = 0x00BD;
constexpr std::uint16_t labelsst = 0x00FD;
constexpr std::uint16_t label = 0x0204;
constexpr std::uint16_t rstring = 0x00D6;
constexpr std::uint16_t boolerr = 0x0205;
constexpr std::uint16_t formula = 0x0006;
constexpr std::uint16_t string = 0x0207;
}  // namespace record

// Bounds-checked little-endian reads from one record body; throws
// FileError(Corrupt) naming the record when it is too short.
class ByteCursor {
public:
  ByteCursor(std::span<const std::byte> bytes, const char* what) : m_bytes(bytes), m_what(what) {}
  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  double f64();
  std::span<const std::byte> take(std::size_t count);
  std::size_t remaining() const noexcept { return m_bytes.size() - m_pos; }

private:
  [[noreturn]] void short_record() const;
  std::span<const std::byte> m_bytes;
  std::size_t m_pos = 0;
  const char* m_what;
};

class RecordReader {
public:
  RecordReader(const CompoundStream& stream, std::uint64_t offset)
      : m_stream(&stream), m_next(offset) {}
  // Reads the next record; false at the end of the stream.
  bool next();
  std::uint16_t id() const noexcept { return m_id; }
  std::span<const std::byte> body() const noexcept { return m_body; }
  std::uint64_t bytes_read() const noexcept { return m_bytes_read; }

private:
  const CompoundStream* m_stream;
  std::uint64_t m_next;
  std::uint64_t m_bytes_read = 0;
  std::uint16_t m_id = 0;
  std::vector<std::byte> m_buffer;
  std::span<const std::byte> m_body;
};

// Appends UTF-16LE code units as UTF-8 (unpaired surrogates become U+FFFD).
void append_utf16le(std::span<const std::byte> bytes, std::string& out);
// Appends "compressed" BIFF8 characters (the low bytes of UTF-16) as UTF-8.
void append_latin1(std::span<const std::byte> bytes, std::string& out);

// Converts BIFF5 byte strings from the workbook's CODEPAGE to UTF-8.
class CodepageDecoder {
public:
  explicit CodepageDecoder(std::uint16_t codepage);
  ~CodepageDecoder();
  CodepageDecoder(const CodepageDecoder&) = delete;
  CodepageDecoder& operator=(const CodepageDecoder&) = delete;
  void append(std::span<const std::byte> bytes, std::string& out);

private:
  IconvHandle m_converter;  // null: UTF-16LE
};

// Reads a BIFF8 XLUnicodeString (16-bit count) or ShortXLUnicodeString.
void read_biff8_string(ByteCursor& cursor, bool short_count, std::string& out);

}  // namespace pgdatahub::workbook::xls
