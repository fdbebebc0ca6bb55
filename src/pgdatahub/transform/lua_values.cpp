#include <pgdatahub/transform/lua_values.hpp>
#include <pgdatahub/transform/produced_value.hpp>
#include <pgdatahub/types/canonical_text.hpp>

#include <cmath>
#include <lua.hpp>

namespace pgdatahub::transform {
namespace {

bool is_iso_text(workbook::CellKind kind) {
  using workbook::CellKind;
  return kind == CellKind::Date || kind == CellKind::DateTime || kind == CellKind::Time ||
         kind == CellKind::Duration;
}

void push_number(lua_State* lua, double value) {
#if LUA_VERSION_NUM >= 503
  // Whole numbers as integers, so the script's tostring(3) reads "3", not "3.0".
  if (std::trunc(value) == value && std::fabs(value) < 9007199254740992.0) {
    lua_pushinteger(lua, static_cast<lua_Integer>(value));
    return;
  }
#endif
  lua_pushnumber(lua, value);
}

}  // namespace

bool push_cell(lua_State* lua, const workbook::Cell& cell, std::string& iso_text) {
  switch (cell.kind) {
    case workbook::CellKind::Empty:
    case workbook::CellKind::Error:
      return false;  // nil, as it loads NULL
    case workbook::CellKind::Number:
      push_number(lua, cell.number);
      return true;
    case workbook::CellKind::Text:
      lua_pushlstring(lua, cell.text.data(), cell.text.size());
      return true;
    case workbook::CellKind::Boolean:
      lua_pushboolean(lua, cell.boolean ? 1 : 0);
      return true;
    default:
      iso_text.clear();
      types::append_canonical_text(cell, iso_text);
      lua_pushlstring(lua, iso_text.data(), iso_text.size());
      return true;
  }
}

std::optional<workbook::Cell> cell_from_lua(lua_State* lua, int index,
                                            const workbook::Cell* arrived,
                                            std::string_view arrived_iso_text,
                                            const types::TextLocale& locale, std::string& problem) {
  workbook::Cell cell;
  switch (lua_type(lua, index)) {
    case LUA_TNIL:
      break;
    case LUA_TBOOLEAN:
      cell.kind = workbook::CellKind::Boolean;
      cell.boolean = lua_toboolean(lua, index) != 0;
      break;
    case LUA_TNUMBER:
      cell.kind = workbook::CellKind::Number;
      cell.number = static_cast<double>(lua_tonumber(lua, index));
      if (!std::isfinite(cell.number)) {
        problem = "the script returned a number that is not finite";
        return std::nullopt;
      }
      break;
    case LUA_TSTRING: {
      std::size_t size = 0;
      const char* data = lua_tolstring(lua, index, &size);
      const std::string_view text(data, size);
      if (arrived != nullptr &&
          ((arrived->kind == workbook::CellKind::Text && arrived->text == text) ||
           (is_iso_text(arrived->kind) && arrived_iso_text == text))) {
        return *arrived;
      }
      type_text(text, locale, cell);
      break;
    }
    default:
      problem = std::string("a ") + luaL_typename(lua, index) +
                " cannot be stored; return a number, string, boolean or nil";
      return std::nullopt;
  }
  return cell;
}

}  // namespace pgdatahub::transform
