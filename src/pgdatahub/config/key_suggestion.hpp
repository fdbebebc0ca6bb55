#pragma once
// The hint after an unknown config key: the known key it most likely meant.
#include <string>
#include <vector>

namespace pgdatahub::config {

// " (did you mean header_row?)", " (did you mean csv: {encoding: ...}?)" for
// csv_encoding, or "" when no known key is close (at most two edits).
std::string suggest_key(const std::string& unknown, const std::vector<std::string>& known);

}  // namespace pgdatahub::config
