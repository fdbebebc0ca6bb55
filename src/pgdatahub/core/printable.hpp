#pragma once
// Names from files (sheets, headers, paths) reach a terminal and the log: a
// control character in them could move the cursor or forge a log line, so
// they are shown escaped.
#include <string>
#include <string_view>

namespace pgdatahub {

// `text` with control characters (C0, DEL) written as \xNN; everything else as it is.
std::string printable(std::string_view text);

}  // namespace pgdatahub
