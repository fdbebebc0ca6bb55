#pragma once
// A Lua state a folder's script can run in and nothing more: the base, table,
// string and math libraries (and os.time, os.date, os.clock, os.difftime),
// without io, os.execute, require, package, debug, load, loadstring, dofile,
// loadfile or string.dump, so a script can reach neither the files, the
// processes nor native modules, and no bytecode is ever loaded.
#include <memory>
#include <string>

struct lua_State;

namespace pgdatahub::transform {

struct LuaStateCloser {
  void operator()(lua_State* state) const noexcept;
};
using LuaState = std::unique_ptr<lua_State, LuaStateCloser>;

// A fresh sandboxed state with `source` (text only, never bytecode) loaded
// and run, so its functions are defined. `chunk_name` is how messages name
// the script ("transforms/sales.lua:7: ..."). Throws FileError(Transform)
// with Lua's message when the script does not compile or its top level fails.
LuaState open_sandboxed(const std::string& source, const std::string& chunk_name);

// Which Lua pgdatahub was built with ("LuaJIT 2.1.0-beta3", "Lua 5.4").
const char* lua_version_text();

}  // namespace pgdatahub::transform
