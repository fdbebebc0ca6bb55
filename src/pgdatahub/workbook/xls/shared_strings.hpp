#pragma once
// The BIFF8 shared string table (SST), whose strings may be split across
// CONTINUE records, each split restating whether characters are 8 or 16 bits.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook::xls {

class SharedStrings {
 public:
  // Parses the bodies of one SST record and its CONTINUE records. The count
  // the SST states is not trusted: parsing stops where the data ends.
  void parse(const std::vector<std::vector<std::byte>>& segments);

  std::size_t size() const noexcept { return m_entries.size(); }
  std::string_view at(std::size_t index) const noexcept;
  // Every string's characters together: each at() lies inside.
  std::string_view text() const noexcept { return m_text; }
  // NUL characters dropped from string `index`.
  std::uint32_t nul_count(std::size_t index) const noexcept { return m_entries[index].nuls; }

 private:
  struct Entry {
    std::size_t offset;
    std::uint32_t size;
    std::uint32_t nuls;
  };
  std::string m_text;
  std::vector<Entry> m_entries;
};

}  // namespace pgdatahub::workbook::xls
