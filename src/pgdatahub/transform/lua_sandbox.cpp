#include <pgdatahub/core/error.hpp>
#include <pgdatahub/transform/lua_sandbox.hpp>

#include <lua.hpp>

namespace pgdatahub::transform {
namespace {

void open_library(lua_State* state, const char* name, lua_CFunction open) {
#if LUA_VERSION_NUM >= 502
  luaL_requiref(state, name, open, 1);
  lua_pop(state, 1);
#else
  lua_pushcfunction(state, open);
  lua_pushstring(state, name);
  lua_call(state, 1, 0);
#endif
}

void remove_global(lua_State* state, const char* name) {
  lua_pushnil(state);
  lua_setglobal(state, name);
}

// os with only the clock and calendar functions: no execute, exit, getenv,
// remove, rename, tmpname or setlocale.
void keep_safe_os(lua_State* state) {
  open_library(state, "os", luaopen_os);
  lua_getglobal(state, "os");
  lua_createtable(state, 0, 4);
  for (const char* name : {"time", "date", "clock", "difftime"}) {
    lua_getfield(state, -2, name);
    lua_setfield(state, -2, name);
  }
  lua_setglobal(state, "os");
  lua_pop(state, 1);
  // luaopen_os also registered the full table as a loaded module.
  lua_getfield(state, LUA_REGISTRYINDEX, "_LOADED");
  if (lua_istable(state, -1)) {
    lua_pushnil(state);
    lua_setfield(state, -2, "os");
  }
  lua_pop(state, 1);
}

}  // namespace

void LuaStateCloser::operator()(lua_State* state) const noexcept { lua_close(state); }

LuaState open_sandboxed(const std::string& source, const std::string& chunk_name) {
  LuaState state(luaL_newstate());
  if (!state) throw FileError(FileFailure::ResourceLimit, "transform: out of memory for Lua");
  lua_State* lua = state.get();
  open_library(lua, "_G", luaopen_base);
  open_library(lua, LUA_TABLIBNAME, luaopen_table);
  open_library(lua, LUA_STRLIBNAME, luaopen_string);
  open_library(lua, LUA_MATHLIBNAME, luaopen_math);
#if LUA_VERSION_NUM >= 503
  open_library(lua, LUA_UTF8LIBNAME, luaopen_utf8);
#endif
  keep_safe_os(lua);
  for (const char* name : {"dofile", "loadfile", "load", "loadstring", "require", "module",
                           "collectgarbage", "print", "getfenv", "setfenv", "newproxy"}) {
    remove_global(lua, name);
  }
  lua_getglobal(lua, "string");
  lua_pushnil(lua);
  lua_setfield(lua, -2, "dump");  // bytecode out, which load would take back in
  lua_pop(lua, 1);

  const std::string name = "@" + chunk_name;
  if (luaL_loadbufferx(lua, source.data(), source.size(), name.c_str(), "t") != 0 ||
      lua_pcall(lua, 0, 0, 0) != 0) {
    const char* message = lua_tostring(lua, -1);
    throw FileError(FileFailure::Transform,
                    std::string("transform ") + (message ? message : "failed to load") +
                        ": fix the script; the files it shapes load on the next run");
  }
  return state;
}

const char* lua_version_text() {
#ifdef LUAJIT_VERSION
  return LUAJIT_VERSION;
#else
  return LUA_RELEASE;
#endif
}

}  // namespace pgdatahub::transform
