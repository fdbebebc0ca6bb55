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

// The same for a row's start tag as writers produce it,
//   <row r="2" spans="1:20" ht="15" customHeight="1" x14ac:dyDescent="0.25">
// (also with no attributes, and self-closing): attributes separated by one
// space, double-quoted, no entity and no '<' in any value, names of letters,
// digits and ":._-". The sheet reader reads only r= of it, as the scanner's
// attribute("r") would give it; a tag where that could be ambiguous (r= twice,
// a prefixed r such as x:r=, a namespace declaration) is left to the scanner.
struct SimpleRowStart {
  std::size_t size = 0;  // bytes of markup; 0 when the bytes start no simple row tag
  std::optional<std::string_view> number;  // r=
  bool self_closing = false;               // <row .../>: an empty row
};

SimpleRowStart match_row_start(std::string_view bytes) noexcept;

}  // namespace pgdatahub::workbook::xlsx
