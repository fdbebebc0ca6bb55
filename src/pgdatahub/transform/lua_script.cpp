#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/naming/identifier.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/transform/lua_failures.hpp>
#include <pgdatahub/transform/lua_script.hpp>
#include <pgdatahub/transform/lua_values.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <lua.hpp>
#include <optional>

namespace pgdatahub::transform {
namespace {

// Fixed stack slots for the life of the state: pushed once, used every row.
constexpr int handler_slot = 1;
constexpr int keys_slot = 2;
constexpr int function_slot = 3;
constexpr int file_slot = 4;

// Columns of new names until assign_new_columns places them (counting down
// from the top: no real column gets near).
constexpr std::uint32_t pending_column = UINT32_MAX;

}  // namespace

LuaScript::LuaScript(const config::TransformScript& script, const types::TextLocale& locale,
                     const std::string& source_file, const std::string& sheet,
                     std::vector<std::string> headers, const std::atomic<bool>* stop)
    : m_script(script), m_locale(locale), m_sheet(sheet), m_stop(stop) {
  m_state = open_sandboxed(*script.source, script.path);
  lua_State* lua = m_state.get();
  lua_settop(lua, 0);
  if (stop != nullptr) stop_when_requested(lua, stop);
  push_message_handler(lua, script.path);  // handler_slot

  // Rows reach the script by the column names the table has (the cleaned
  // headers: "Unit Price" is unit_price, an empty header column_3, a repeated
  // one qty_2), so a script reads like the table it fills.
  const auto names = naming::column_names(headers, schema::metadata_column_names());
  lua_createtable(lua, static_cast<int>(names.size()), 0);  // keys_slot
  for (std::size_t i = 0; i < names.size(); ++i) {
    // A column with no header stays nameless for the loader, which leaves
    // it out when no value reaches it (a column a split replaced).
    m_out_headers.push_back(headers[i].empty() ? std::string() : names[i]);
    m_names.push_back(names[i]);
    m_columns.emplace(m_names.back(), static_cast<std::uint32_t>(i));
    lua_pushlstring(lua, names[i].data(), names[i].size());
    m_by_address.emplace(lua_tostring(lua, -1), static_cast<std::uint32_t>(i));
    lua_rawseti(lua, keys_slot, static_cast<int>(i + 1));
  }
  m_in_columns = headers.size();
  m_by_column.resize(m_in_columns);
  m_has_column.resize(m_in_columns);
  m_pushed_texts.resize(m_in_columns);

  lua_getglobal(lua, "transform_row");  // function_slot
  if (!lua_isfunction(lua, function_slot)) {
    throw FileError(FileFailure::Transform,
                    "transform " + printable(script.path) +
                        ": the script defines no function transform_row(row, file): define it");
  }
  lua_createtable(lua, 0, 3);  // file_slot
  lua_pushlstring(lua, source_file.data(), source_file.size());
  lua_setfield(lua, file_slot, "path");
  lua_pushlstring(lua, sheet.data(), sheet.size());
  lua_setfield(lua, file_slot, "sheet");
  lua_pushinteger(lua, 0);
  lua_setfield(lua, file_slot, "row");
  call_hook("begin_file");
}

// New columns join in the order of their names: Lua's tables have no order
// (and Lua 5.4 seeds its hashes per state), so the table's columns would
// otherwise differ from run to run.
void LuaScript::assign_new_columns() {
  std::vector<std::pair<std::string_view, std::uint32_t>> order;
  for (std::size_t i = 0; i < m_new_names.size(); ++i)
    order.emplace_back(m_new_names[i], pending_column - static_cast<std::uint32_t>(i));
  std::sort(order.begin(), order.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> placed;  // pending -> column
  lua_State* lua = m_state.get();
  for (const auto& [name, pending] : order) {
    const auto column = output_column(name);
    placed.emplace_back(pending, column);
    // Kept alive in the keys table, its address stays this name's.
    lua_pushlstring(lua, name.data(), name.size());
    m_by_address.emplace(lua_tostring(lua, -1), column);
    lua_rawseti(lua, keys_slot, static_cast<int>(column + 1));
  }
  for (auto& cell : m_cells) {
    for (const auto& [pending, column] : placed) {
      if (cell.column == pending) cell.column = column;
    }
  }
}

std::uint32_t LuaScript::output_column(std::string_view name) {
  if (auto it = m_columns.find(name); it != m_columns.end()) return it->second;
  const auto index = static_cast<std::uint32_t>(m_out_headers.size());
  m_out_headers.emplace_back(name);
  m_names.emplace_back(name);
  m_columns.emplace(m_names.back(), index);
  return index;
}

void LuaScript::push_row(const workbook::RowView& row) {
  lua_State* lua = m_state.get();
  std::fill(m_has_column.begin(), m_has_column.end(), false);
  lua_createtable(lua, 0, static_cast<int>(row.cells.size()));
  const int table = lua_gettop(lua);
  for (const auto& cell : row.cells) {
    if (cell.column >= m_in_columns) break;  // right of every header: no name to give it
    if (!push_cell(lua, cell, m_pushed_texts[cell.column])) continue;
    lua_rawgeti(lua, keys_slot, static_cast<int>(cell.column + 1));
    lua_insert(lua, -2);
    lua_rawset(lua, table);
    m_by_column[cell.column] = cell;
    m_has_column[cell.column] = true;
  }
}

void LuaScript::apply(const workbook::RowView& row, const EmitRow& emit) {
  lua_State* lua = m_state.get();
  m_row = &row;
  lua_pushvalue(lua, function_slot);
  push_row(row);
  lua_pushinteger(lua, static_cast<lua_Integer>(row.number));
  lua_setfield(lua, file_slot, "row");
  lua_pushvalue(lua, file_slot);
  if (lua_pcall(lua, 2, 1, handler_slot) != 0) fail(lua_tostring(lua, -1), row.number);
  const int result = lua_gettop(lua);
  if (lua_istable(lua, result)) {
    lua_rawgeti(lua, result, 1);
    const bool is_list = lua_istable(lua, -1);
    lua_pop(lua, 1);
    if (!is_list) {
      emit_table(result, row, emit);
    } else {
      for (int i = 1;; ++i) {
        lua_rawgeti(lua, result, i);
        if (lua_isnil(lua, -1)) {
          lua_pop(lua, 1);
          break;
        }
        if (!lua_istable(lua, -1)) {
          fail(std::string("transform_row returned a list whose item ") + std::to_string(i) +
                   " is a " + luaL_typename(lua, -1) + ", not a row table",
               row.number);
        }
        emit_table(lua_gettop(lua), row, emit);
        lua_pop(lua, 1);
      }
    }
  } else if (!lua_isnil(lua, result) &&
             !(lua_isboolean(lua, result) && !lua_toboolean(lua, result))) {
    fail(std::string("transform_row must return a row table, a list of rows or nil, not a ") +
             luaL_typename(lua, result),
         row.number);
  }
  lua_settop(lua, file_slot);
  m_row = nullptr;
}

void LuaScript::emit_table(int index, const workbook::RowView& source, const EmitRow& emit) {
  lua_State* lua = m_state.get();
  m_cells.clear();
  m_new_names.clear();
  lua_pushnil(lua);
  while (lua_next(lua, index) != 0) {
    if (lua_type(lua, -2) != LUA_TSTRING) {
      fail(std::string("transform_row returned a row with a ") + luaL_typename(lua, -2) +
               " key; a row's keys are column names",
           source.number);
    }
    std::size_t size = 0;
    const char* data = lua_tolstring(lua, -2, &size);
    const std::string_view name(data, size);
    // Known names are the very strings the keys table holds (Lua interns
    // short strings), so their address finds them without hashing the text.
    std::optional<std::uint32_t> known;
    if (const auto interned = m_by_address.find(data); interned != m_by_address.end()) {
      known = interned->second;
    } else if (const auto found = m_columns.find(name); found != m_columns.end()) {
      known = found->second;
    }
    if (known || !lua_isnil(lua, -1)) {
      // A new name waits below for its place; the string stays alive as a
      // key of the table on the stack.
      const std::uint32_t column =
          known ? *known : pending_column - static_cast<std::uint32_t>(m_new_names.size());
      if (!known) m_new_names.push_back(name);
      const auto cell = cell_from_value(-1, column, name, source);
      if (cell.kind != workbook::CellKind::Empty) m_cells.push_back(cell);
    }
    lua_pop(lua, 1);
  }
  if (!m_new_names.empty()) assign_new_columns();
  std::sort(m_cells.begin(), m_cells.end(),
            [](const auto& a, const auto& b) { return a.column < b.column; });
  emit(workbook::RowView{source.number, m_cells});
}

workbook::Cell LuaScript::cell_from_value(int index, std::uint32_t column, std::string_view name,
                                          const workbook::RowView& source) {
  const bool arrived = column < m_in_columns && m_has_column[column];
  std::string problem;
  auto cell = cell_from_lua(m_state.get(), index, arrived ? &m_by_column[column] : nullptr,
                            arrived ? std::string_view(m_pushed_texts[column]) : std::string_view(),
                            m_locale, problem);
  if (!cell) fail("column '" + printable(name) + "': " + problem, source.number);
  cell->column = column;
  return *cell;
}

void LuaScript::call_hook(const char* name) {
  lua_State* lua = m_state.get();
  lua_getglobal(lua, name);
  if (!lua_isfunction(lua, -1)) {
    lua_settop(lua, file_slot);
    return;
  }
  lua_pushvalue(lua, file_slot);
  if (lua_pcall(lua, 1, 0, handler_slot) != 0)
    fail(std::string(lua_tostring(lua, -1)) + " (in " + name + ")", 0);
  lua_settop(lua, file_slot);
}

void LuaScript::end_file() { call_hook("end_file"); }

void LuaScript::fail(const std::string& message, std::uint32_t row_number) const {
  if (m_stop != nullptr && m_stop->load()) throw Interrupted();
  std::string where;
  if (row_number != 0) {
    where = " (sheet '" + printable(m_sheet) + "' row " + std::to_string(row_number);
    if (m_row != nullptr) where += ": " + describe_row(*m_row, m_names);
    where += ")";
  }
  throw FileError(FileFailure::Transform,
                  "transform " + printable(message) + where +
                      ": fix the script or the row; the file loads on the next run");
}

}  // namespace pgdatahub::transform
