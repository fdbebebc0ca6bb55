#pragma once
// The number formats of a BIFF stream: FORMAT records give format codes,
// XF records point cells at them. Their layouts differ between BIFF2, 3, 4
// and 5-8; this is the one place that knows how.
#include <pgdatahub/workbook/number_format.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace pgdatahub::workbook::xls {

class CellFormats {
 public:
  explicit CellFormats(BiffVersion version) : m_version(version) {}

  // Reads a FORMAT record (either id). Format codes are ASCII in practice,
  // so BIFF2-5 byte strings are classified without decoding their code page.
  void read_format(std::uint16_t id, std::span<const std::byte> body);
  // Reads an XF record of any version (the id tells the layout).
  void read_xf(std::uint16_t id, std::span<const std::byte> body);

  // The number class of each XF, by XF index.
  std::vector<NumberFormat> xf_classes() const;
  // The number class of a format id (BIFF2 cells also name their format).
  NumberFormat format_class(std::uint16_t format_id) const;

 private:
  BiffVersion m_version;
  std::map<std::uint16_t, NumberFormat> m_formats;
  std::uint16_t m_formats_seen = 0;
  std::vector<std::uint16_t> m_xf_formats;
};

}  // namespace pgdatahub::workbook::xls
