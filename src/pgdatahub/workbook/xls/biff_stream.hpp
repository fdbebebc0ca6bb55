#pragma once
// BIFF records of an .xls Workbook stream, and the byte strings inside them.
#include <pgdatahub/workbook/byte_cursor.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/xls/codepage_decoder.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace pgdatahub::workbook::xls {

// The BIFF version of a stream, from its BOF record.
enum class BiffVersion : std::uint8_t { Biff2, Biff3, Biff4, Biff5, Biff8 };

namespace record {
constexpr std::uint16_t bof = 0x0809;
constexpr std::uint16_t bof_biff2 = 0x0009;
constexpr std::uint16_t bof_biff3 = 0x0209;
constexpr std::uint16_t bof_biff4 = 0x0409;
constexpr std::uint16_t eof = 0x000A;
constexpr std::uint16_t filepass = 0x002F;
constexpr std::uint16_t codepage = 0x0042;
constexpr std::uint16_t datemode = 0x0022;
constexpr std::uint16_t format_biff2 = 0x001E;  // BIFF2-3: the code alone, numbered in order
constexpr std::uint16_t format_biff4 = 0x041E;  // BIFF4: numbered in order; BIFF5-8: explicit id
constexpr std::uint16_t xf_biff2 = 0x0043;
constexpr std::uint16_t xf_biff3 = 0x0243;
constexpr std::uint16_t xf_biff4 = 0x0443;
constexpr std::uint16_t xf_biff5 = 0x00E0;
constexpr std::uint16_t sheethdr = 0x008F;  // BIFF4W: a sheet substream follows
constexpr std::uint16_t boundsheet = 0x0085;
constexpr std::uint16_t sst = 0x00FC;
constexpr std::uint16_t continuation = 0x003C;  // CONTINUE
constexpr std::uint16_t number = 0x0203;
constexpr std::uint16_t rk = 0x027E;
constexpr std::uint16_t mulrk = 0x00BD;
constexpr std::uint16_t labelsst = 0x00FD;
constexpr std::uint16_t label = 0x0204;
constexpr std::uint16_t rstring = 0x00D6;
constexpr std::uint16_t boolerr = 0x0205;
constexpr std::uint16_t formula = 0x0006;
constexpr std::uint16_t string = 0x0207;
constexpr std::uint16_t formula_biff3 = 0x0206;
constexpr std::uint16_t formula_biff4 = 0x0406;
// BIFF2 cells: row, column, three attribute bytes, value. Excel reads them
// in later streams too, and some writers mix them in.
constexpr std::uint16_t integer_biff2 = 0x0002;
constexpr std::uint16_t number_biff2 = 0x0003;
constexpr std::uint16_t label_biff2 = 0x0004;
constexpr std::uint16_t boolerr_biff2 = 0x0005;
constexpr std::uint16_t string_biff2 = 0x0007;
constexpr std::uint16_t ixfe = 0x0044;  // BIFF2: the XF of the next cell, beyond 62
}  // namespace record

inline bool is_bof(std::uint16_t id) noexcept {
  return id == record::bof || id == record::bof_biff2 || id == record::bof_biff3 ||
         id == record::bof_biff4;
}

class RecordReader {
 public:
  RecordReader(const CompoundStream& stream, std::uint64_t offset)
      : m_stream(&stream), m_next(offset) {}
  // Reads the next record; false at the end of the stream.
  bool next();
  std::uint16_t id() const noexcept { return m_id; }
  std::span<const std::byte> body() const noexcept { return m_body; }
  std::uint64_t bytes_read() const noexcept { return m_bytes_read; }
  // The stream offset of the next record.
  std::uint64_t position() const noexcept { return m_next; }

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

// Reads a BIFF8 XLUnicodeString (16-bit count) or ShortXLUnicodeString.
void read_biff8_string(ByteCursor& cursor, bool short_count, std::string& out);

}  // namespace pgdatahub::workbook::xls
