#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/utf8.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::size_t record_header = 4;

}  // namespace

bool RecordReader::next() {
  std::byte header[record_header];
  const std::size_t got = m_stream->read(m_next, header);
  if (got < record_header) return false;  // end of stream (trailing padding included)
  m_id = load_le16(header);
  const std::size_t size = load_le16(header + 2);
  m_buffer.resize(size);
  // An empty body is not read: its buffer may have no storage yet.
  if (size > 0 && m_stream->read(m_next + record_header, m_buffer) < size) {
    throw FileError(FileFailure::Truncated,
                    "the .xls workbook stream ends inside a record (truncated file?)");
  }
  m_next += record_header + size;
  m_bytes_read += record_header + size;
  m_body = m_buffer;
  return true;
}

void append_utf16le(std::span<const std::byte> bytes, std::string& out) {
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::uint32_t unit = static_cast<unsigned>(bytes[i]) | static_cast<unsigned>(bytes[i + 1]) << 8;
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < bytes.size()) {
      const std::uint32_t low =
          static_cast<unsigned>(bytes[i + 2]) | static_cast<unsigned>(bytes[i + 3]) << 8;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
        i += 2;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) unit = 0xFFFD;
    append_utf8(unit, out);
  }
}

void append_latin1(std::span<const std::byte> bytes, std::string& out) {
  for (std::byte b : bytes) append_utf8(static_cast<std::uint32_t>(b), out);
}

void read_biff8_string(ByteCursor& cursor, bool short_count, std::string& out) {
  const std::size_t count = short_count ? cursor.u8() : cursor.u16();
  const std::uint8_t flags = cursor.u8();
  const bool wide = (flags & 0x01) != 0;
  // Only SST strings carry rich-text runs and phonetic blocks; here any
  // trailing formatting bytes are simply left unread.
  if (wide) {
    append_utf16le(cursor.take(count * 2), out);
  } else {
    append_latin1(cursor.take(count), out);
  }
}

}  // namespace pgdatahub::workbook::xls
