#pragma once
// The one escaping rule for text that reaches a terminal or etl.log: names
// come from folders, files, sheets and headers, so a newline in one could
// forge a line of output and an escape sequence could drive the terminal.
#include <string>
#include <string_view>

namespace pgdatahub {

// `text` with every control character written as an escape: \n, \r and \t
// for the common ones, \xHH for other C0 bytes and DEL, \u0080..\u009f for
// the C1 controls (which terminals also obey). The backslash itself is
// doubled so that an escaped name cannot be mistaken for a real one.
// Everything else, including other UTF-8, passes unchanged.
std::string printable(std::string_view text);

}  // namespace pgdatahub
