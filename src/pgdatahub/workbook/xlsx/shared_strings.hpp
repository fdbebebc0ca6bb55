#pragma once
// The shared string table of a workbook, held compactly: one character
// buffer and one offset per string (rich text runs concatenated, phonetic
// runs dropped, _xHHHH_ escapes decoded, NULs removed).
#include <pgdatahub/workbook/byte_source.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook::xlsx {

class SharedStrings {
 public:
  SharedStrings() = default;
  // Parses a sharedStrings part. Throws FileError on broken XML.
  // fast_paths = false: through the XML scanner's events only (the twin the
  // differential test compares with). `part_size`, the part's inflated size
  // if known (the zip entry's, which inflating holds it to), sizes the
  // character buffer once.
  void load(ByteSource& part, bool fast_paths = true, std::uint64_t part_size = 0);

  std::size_t size() const noexcept { return m_offsets.empty() ? 0 : m_offsets.size() - 1; }
  // The characters of all strings together.
  std::size_t bytes() const noexcept { return m_chars.size(); }
  std::string_view chars() const noexcept { return m_chars; }  // every operator[] lies inside
  // The string at `index`; the caller checks index < size().
  std::string_view operator[](std::size_t index) const noexcept {
    return std::string_view(m_chars.data() + m_offsets[index],
                            m_offsets[index + 1] - m_offsets[index]);
  }
  // Starts loading the offsets of string `index` into the cache.
  void prefetch_offsets(std::size_t index) const noexcept {
    __builtin_prefetch(m_offsets.data() + index);
  }
  // NUL characters dropped from string `index` (almost always zero).
  std::uint32_t nul_removed(std::size_t index) const noexcept;

 private:
  // The fast path: takes the run of plain items (<si><t>text</t></si>, text
  // without '<' or '&') that `bytes` starts with; returns the bytes taken.
  std::size_t take_plain_items(std::string_view bytes);
  // Cleans the item's text from item_start on and records where it ends.
  void finish_item(std::size_t item_start);
  // Records where the item whose text is already clean ends.
  void end_item();

  std::string m_chars;
  std::vector<std::uint32_t> m_offsets;                         // size() + 1 entries
  std::vector<std::pair<std::uint32_t, std::uint32_t>> m_nuls;  // (index, count), sorted
};

}  // namespace pgdatahub::workbook::xlsx
