#pragma once
// What a folder's script says when it fails or is stopped: every error names
// the script's line, a stop request ends even a script that never returns,
// and the row in hand is described for the message.
#include <pgdatahub/workbook/cell.hpp>

#include <atomic>
#include <deque>
#include <string>

struct lua_State;

namespace pgdatahub::transform {

// Pushes the message handler every call into the script runs under: it gives
// each error the script's line. Lua's own messages carry it, but an error
// raised inside a library function ("bad argument #1 to 'upper'") names no
// line, so the innermost frame of `chunk_name` is added.
void push_message_handler(lua_State* lua, const std::string& chunk_name);

// From now on the script fails with "stopped" once `stop` is set: looked at
// every million instructions, so a script that loops forever still ends
// with Ctrl-C. `stop` must outlive the state.
void stop_when_requested(lua_State* lua, const std::atomic<bool>* stop);

// The row as a short text for messages: `qty=3, site="Berlin"`, its control
// characters escaped; `names` by column.
std::string describe_row(const workbook::RowView& row, const std::deque<std::string>& names);

}  // namespace pgdatahub::transform
