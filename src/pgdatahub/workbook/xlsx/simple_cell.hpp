#pragma once
// The fast path of the sheet reader: most cells a writer produces are one of
//   <c r="B2" s="1" t="s"><v>42</v></c>     <c r="B2" s="1"/>
// (attributes r, s, t in any order, each at most once, double-quoted, no
// entity in any value). match_simple_cell recognizes exactly those, whole,
// at the start of the scanner's unscanned bytes; anything else (other
// attributes, formulas, inline strings, entities, whitespace inside tags, an
// element cut by the end of the block) is left to the XML scanner, which
// turns it into the same cell more slowly.
#include <cstddef>
#include <optional>
#include <string_view>

namespace pgdatahub::workbook::xlsx {

struct SimpleCell {
  std::size_t size = 0;  // bytes of markup; 0 when the bytes start no simple cell
  std::optional<std::string_view> reference;  // r=
  std::optional<std::string_view> style;      // s=
  std::optional<std::string_view> type;       // t=
  bool has_value = false;                     // a <v> element was present
  std::string_view value;                     // its text, exactly as written
};

SimpleCell match_simple_cell(std::string_view bytes) noexcept;

}  // namespace pgdatahub::workbook::xlsx
