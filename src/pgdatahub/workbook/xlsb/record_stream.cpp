#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xlsb/record_stream.hpp>

#include <cstring>

namespace pgdatahub::workbook::xlsb {

namespace {

constexpr std::size_t block_size = std::size_t{64} * 1024;
constexpr std::uint32_t max_record_size = 16U << 20;  // real records are a few KiB

[[noreturn]] void corrupt(const char* what) {
  throw FileError(FileFailure::Corrupt, std::string("malformed .xlsb: ") + what);
}

}  // namespace

bool RecordStream::ensure(std::size_t count) {
  while (m_end - m_pos < count) {
    if (m_eof) return false;
    if (m_pos > 0) {
      std::memmove(m_buffer.data(), m_buffer.data() + m_pos, m_end - m_pos);
      m_end -= m_pos;
      m_pos = 0;
    }
    if (m_buffer.size() < std::max(count, m_end + block_size)) {
      m_buffer.resize(std::max(count, m_end + block_size));
    }
    const std::size_t got = m_source->read(std::span<char>(m_buffer).subspan(m_end));
    if (got == 0) m_eof = true;
    m_end += got;
  }
  return true;
}

bool RecordStream::read_varint(std::size_t max_bytes, std::uint32_t& value) {
  value = 0;
  for (std::size_t i = 0; i < max_bytes; ++i) {
    if (!ensure(1)) return false;
    const auto byte = static_cast<std::uint8_t>(m_buffer[m_pos++]);
    ++m_bytes_read;
    value |= static_cast<std::uint32_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) return true;
  }
  corrupt("record header varint is too long");
}

bool RecordStream::next() {
  if (!ensure(1)) return false;
  if (!read_varint(2, m_type)) corrupt("the part ends inside a record header");
  std::uint32_t size = 0;
  if (!read_varint(4, size)) corrupt("the part ends inside a record header");
  if (size > max_record_size) corrupt("record larger than any real record");
  if (!ensure(size)) {
    throw FileError(FileFailure::Truncated, "the .xlsb part ends inside a record");
  }
  m_body =
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(m_buffer.data() + m_pos), size);
  m_pos += size;
  m_bytes_read += size;
  return true;
}

void read_wide_string(ByteCursor& cursor, std::string& out) {
  const std::uint32_t count = cursor.u32();
  if (count > cursor.remaining() / 2) corrupt("string longer than its record");
  xls::append_utf16le(cursor.take(static_cast<std::size_t>(count) * 2), out);
}

}  // namespace pgdatahub::workbook::xlsb
