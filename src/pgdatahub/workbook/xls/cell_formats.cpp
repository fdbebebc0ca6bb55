#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/byte_cursor.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xls/cell_formats.hpp>

#include <string>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::uint8_t biff2_format_bits = 0x3F;

}  // namespace

void CellFormats::read_format(std::uint16_t id, std::span<const std::byte> body) {
  ByteCursor cursor(body, ".xls", "FORMAT");
  // Before BIFF5 formats are numbered by their order in the stream; the
  // 0x041E record of BIFF4 starts with two unused bytes.
  std::uint16_t format_id = m_formats_seen++;
  if (id == record::format_biff4) {
    const std::uint16_t explicit_id = cursor.u16();
    if (m_version == BiffVersion::Biff5 || m_version == BiffVersion::Biff8) format_id = explicit_id;
  }
  std::string code;
  try {
    if (m_version == BiffVersion::Biff8 && id == record::format_biff4) {
      read_biff8_string(cursor, false, code);
    } else {
      const std::size_t length = cursor.u8();
      const auto raw = cursor.take(length);
      code.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
    }
  } catch (const FileError&) {
    // Some writers miscount a format's length; the cells still read, only
    // without a date format behind this id.
    return;
  }
  m_formats[format_id] = NumberFormat::parse(code);
}

void CellFormats::read_xf(std::uint16_t id, std::span<const std::byte> body) {
  ByteCursor cursor(body, ".xls", "XF");
  switch (id) {
    case record::xf_biff2:  // font, unused, then the format in the low six bits
      cursor.take(2);
      m_xf_formats.push_back(cursor.u8() & biff2_format_bits);
      break;
    case record::xf_biff3:
    case record::xf_biff4:  // font, format
      cursor.u8();
      m_xf_formats.push_back(cursor.u8());
      break;
    default:  // BIFF5-8: font and format as 16-bit indexes
      cursor.u16();
      m_xf_formats.push_back(cursor.u16());
      break;
  }
}

NumberFormat CellFormats::format_class(std::uint16_t format_id) const {
  const auto custom = m_formats.find(format_id);
  if (custom != m_formats.end()) return custom->second;
  // The built-in numbering is BIFF5's; older streams write every format they use.
  const bool numbered_builtins = m_version == BiffVersion::Biff5 || m_version == BiffVersion::Biff8;
  return numbered_builtins ? NumberFormat::builtin(format_id) : NumberFormat(NumberClass::Plain);
}

std::vector<NumberFormat> CellFormats::xf_classes() const {
  std::vector<NumberFormat> classes;
  classes.reserve(m_xf_formats.size());
  for (const std::uint16_t format_id : m_xf_formats) classes.push_back(format_class(format_id));
  return classes;
}

}  // namespace pgdatahub::workbook::xls
