#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/transform/lua_failures.hpp>
#include <pgdatahub/types/canonical_text.hpp>

#include <lua.hpp>
#include <string_view>

namespace pgdatahub::transform {
namespace {

int add_script_line(lua_State* lua) {
  const char* chunk = lua_tostring(lua, lua_upvalueindex(1));
  std::string message;
  if (const char* text = lua_tostring(lua, 1)) {
    message = text;
  } else {
    message = std::string("error object is a ") + luaL_typename(lua, 1) + " value";
  }
  if (!message.starts_with(std::string(chunk) + ":")) {
    // A tail call (`return f(x)`) leaves no frame of the script: then the
    // script is named without a line.
    std::string where = std::string(chunk) + ": ";
    lua_Debug frame;
    for (int level = 0; lua_getstack(lua, level, &frame) != 0; ++level) {
      if (lua_getinfo(lua, "Sl", &frame) != 0 && frame.currentline > 0 &&
          std::string_view(frame.source) == std::string("@") + chunk) {
        where = std::string(chunk) + ":" + std::to_string(frame.currentline) + ": ";
        break;
      }
    }
    message = where + message;
  }
  lua_pushlstring(lua, message.data(), message.size());
  return 1;
}

constexpr const char* stop_key = "pgdatahub.stop";
constexpr int instructions_between_stop_checks = 1 << 20;

void check_stop(lua_State* lua, lua_Debug*) {
  lua_getfield(lua, LUA_REGISTRYINDEX, stop_key);
  const auto* stop = static_cast<const std::atomic<bool>*>(lua_touserdata(lua, -1));
  lua_pop(lua, 1);
  if (stop != nullptr && stop->load(std::memory_order_relaxed)) luaL_error(lua, "stopped");
}

}  // namespace

void push_message_handler(lua_State* lua, const std::string& chunk_name) {
  lua_pushstring(lua, chunk_name.c_str());
  lua_pushcclosure(lua, add_script_line, 1);
}

void stop_when_requested(lua_State* lua, const std::atomic<bool>* stop) {
  lua_pushlightuserdata(lua, const_cast<std::atomic<bool>*>(stop));
  lua_setfield(lua, LUA_REGISTRYINDEX, stop_key);
  lua_sethook(lua, check_stop, LUA_MASKCOUNT, instructions_between_stop_checks);
}

std::string describe_row(const workbook::RowView& row, const std::deque<std::string>& names) {
  std::string out;
  std::string value;
  for (const auto& cell : row.cells) {
    if (out.size() > 200) {
      out += ", ...";
      break;
    }
    value.clear();
    types::append_canonical_text(cell, value);
    if (cell.kind == workbook::CellKind::Text) value = "\"" + std::string(cell.text) + "\"";
    const std::string name = cell.column < names.size() ? names[cell.column] : "?";
    if (!out.empty()) out += ", ";
    out.append(name).append("=").append(value);
  }
  return printable(out);
}

}  // namespace pgdatahub::transform
