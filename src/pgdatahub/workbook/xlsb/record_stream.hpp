#pragma once
// The record stream of the parts of an .xlsb package: each record is a
// varint type, a varint size and a body, read in blocks from a ByteSource
// (records may straddle block edges).
#include <pgdatahub/workbook/byte_cursor.hpp>
#include <pgdatahub/workbook/byte_source.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pgdatahub::workbook::xlsb {

class RecordStream {
 public:
  explicit RecordStream(ByteSource& source) : m_source(&source) {}
  // Reads the next record; false at the end. Throws FileError on a broken header.
  bool next();
  std::uint32_t type() const noexcept { return m_type; }
  std::span<const std::byte> body() const noexcept { return m_body; }
  std::uint64_t bytes_read() const noexcept { return m_bytes_read; }

 private:
  bool ensure(std::size_t count);  // at least `count` bytes buffered from m_pos
  bool read_varint(std::size_t max_bytes, std::uint32_t& value);

  ByteSource* m_source;
  std::vector<char> m_buffer;
  std::size_t m_pos = 0;
  std::size_t m_end = 0;
  bool m_eof = false;
  std::uint64_t m_bytes_read = 0;
  std::uint32_t m_type = 0;
  std::span<const std::byte> m_body;
};

// Reads an XLWideString (a 32-bit count of UTF-16 code units, then the
// units) at the cursor; throws FileError(Corrupt) when it overruns the record.
void read_wide_string(ByteCursor& cursor, std::string& out);

}  // namespace pgdatahub::workbook::xlsb
