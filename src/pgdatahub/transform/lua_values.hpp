#pragma once
// Values between a sheet's cells and a folder's script: what a cell hands
// the script (docs/transforms.md, "`row`"), and the cell a value the script
// returns becomes.
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <optional>
#include <string>
#include <string_view>

struct lua_State;

namespace pgdatahub::transform {

// Pushes what `cell` hands the script and returns true: a number (a whole
// one as an integer, so tostring(3) reads "3"), a string, a boolean, or for
// a date, time or duration the ISO text PostgreSQL prints, written to
// `iso_text` too. An empty or error cell is nil: nothing is pushed, false.
bool push_cell(lua_State* lua, const workbook::Cell& cell, std::string& iso_text);

// The cell the value at `index` becomes (Empty for nil; its column is the
// caller's to set), or nullopt with `problem` saying why it cannot be
// stored. A string is typed as the folder's CSV fields are, except that a
// value handed back unchanged keeps the type it was read with (a text "007"
// stays text, a date a date): `arrived` is the cell its column came in with
// (null when none) and `arrived_iso_text` what push_cell made of it.
std::optional<workbook::Cell> cell_from_lua(lua_State* lua, int index,
                                            const workbook::Cell* arrived,
                                            std::string_view arrived_iso_text,
                                            const types::TextLocale& locale, std::string& problem);

}  // namespace pgdatahub::transform
