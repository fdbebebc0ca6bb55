#pragma once
// Bounds-checked little-endian reads from one record body of a binary
// format (BIFF in .xls, BIFF12 in .xlsb). A read past the end throws
// FileError(Corrupt) naming the format and the record, so a short or hostile
// record fails its file instead of reading past the body.
#include <pgdatahub/workbook/little_endian.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace pgdatahub::workbook {

class ByteCursor {
 public:
  // `format` and `record` name the culprit in the error: ".xls" and "FORMAT".
  ByteCursor(std::span<const std::byte> bytes, const char* format, const char* record = "a")
      : m_bytes(bytes), m_format(format), m_record(record) {}

  std::span<const std::byte> take(std::size_t count) {
    if (count > remaining()) short_record();
    const auto out = m_bytes.subspan(m_pos, count);
    m_pos += count;
    return out;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint16_t u16() { return load_le16(take(2).data()); }
  std::uint32_t u32() { return load_le32(take(4).data()); }
  double f64() { return load_le_f64(take(8).data()); }
  std::size_t remaining() const noexcept { return m_bytes.size() - m_pos; }

 private:
  [[noreturn]] void short_record() const;

  std::span<const std::byte> m_bytes;
  std::size_t m_pos = 0;
  const char* m_format;
  const char* m_record;
};

}  // namespace pgdatahub::workbook
