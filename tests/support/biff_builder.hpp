#pragma once
// Builds BIFF streams record by record, as the OpenOffice.org "Excel File
// Format" documentation lays them out, for the tests of the .xls reader.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pgdatahub::test {

// A record body, written field by field.
class Body {
 public:
  Body& u8(unsigned value) {
    m_bytes.push_back(static_cast<std::byte>(value & 0xFFU));
    return *this;
  }
  Body& u16(unsigned value) { return u8(value).u8(value >> 8U); }
  Body& u32(std::uint32_t value) { return u16(value & 0xFFFFU).u16(value >> 16U); }
  Body& f64(double value) {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    return u32(static_cast<std::uint32_t>(bits)).u32(static_cast<std::uint32_t>(bits >> 32U));
  }
  Body& bytes(std::string_view text) {
    for (const char c : text) u8(static_cast<unsigned char>(c));
    return *this;
  }
  // A byte string with an 8-bit length (BIFF2-5 names, BIFF2 labels, formats).
  Body& short_string(std::string_view text) {
    return u8(static_cast<unsigned>(text.size())).bytes(text);
  }
  // BIFF2 cell header: row, column, then the three attribute bytes.
  Body& cell2(unsigned row, unsigned column, unsigned xf, unsigned format = 0) {
    return u16(row).u16(column).u8(xf).u8(format).u8(0);
  }
  // BIFF3-8 cell header: row, column, XF index.
  Body& cell(unsigned row, unsigned column, unsigned xf = 0) {
    return u16(row).u16(column).u16(xf);
  }
  const std::vector<std::byte>& data() const { return m_bytes; }

 private:
  std::vector<std::byte> m_bytes;
};

class Stream {
 public:
  Stream& add(std::uint16_t id, const Body& body = Body()) {
    Body header;
    header.u16(id).u16(static_cast<unsigned>(body.data().size()));
    m_bytes.insert(m_bytes.end(), header.data().begin(), header.data().end());
    m_bytes.insert(m_bytes.end(), body.data().begin(), body.data().end());
    return *this;
  }
  Stream& append(const Stream& other) {
    m_bytes.insert(m_bytes.end(), other.m_bytes.begin(), other.m_bytes.end());
    return *this;
  }
  std::size_t size() const { return m_bytes.size(); }
  const std::vector<std::byte>& bytes() const { return m_bytes; }

 private:
  std::vector<std::byte> m_bytes;
};

namespace biff_id {
constexpr std::uint16_t bof2 = 0x0009, bof3 = 0x0209, bof4 = 0x0409, bof8 = 0x0809, eof = 0x000A;
constexpr std::uint16_t codepage = 0x0042, datemode = 0x0022, ixfe = 0x0044;
constexpr std::uint16_t format2 = 0x001E, format4 = 0x041E;
constexpr std::uint16_t xf2 = 0x0043, xf3 = 0x0243, xf4 = 0x0443, xf8 = 0x00E0;
constexpr std::uint16_t boundsheet = 0x0085, sheethdr = 0x008F;
constexpr std::uint16_t integer2 = 0x0002, number2 = 0x0003, label2 = 0x0004, boolerr2 = 0x0005;
constexpr std::uint16_t formula = 0x0006, string2 = 0x0007, formula4 = 0x0406;
constexpr std::uint16_t number = 0x0203, label = 0x0204, rk = 0x027E, string = 0x0207;
}  // namespace biff_id

constexpr unsigned biff5 = 0x0500, biff8 = 0x0600;
constexpr unsigned globals = 0x0005, worksheet = 0x0010, workbook4 = 0x0100;

inline Body bof(unsigned version, unsigned type) { return Body().u16(version).u16(type); }

// A BIFF8 XF record: font, format, then the 16 bytes of cell style.
inline Body xf8(unsigned format) {
  Body body;
  body.u16(0).u16(format);
  for (int i = 0; i < 16; ++i) body.u8(0);
  return body;
}

// A cached formula result that is text (its STRING record follows).
inline Body text_result(Body body) { return body.u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u16(0xFFFF); }

}  // namespace pgdatahub::test
