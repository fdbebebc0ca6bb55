#pragma once
// The hint after an unknown config key or folder name: the known name it
// most likely meant.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::config {

// " (did you mean header_row?)", " (did you mean csv: {encoding: ...}?)" for
// csv_encoding, or "" when no known key is close (at most two edits).
std::string suggest_key(const std::string& unknown, const std::vector<std::string>& known);

// The candidate fewest edits away from `unknown` (ignoring ASCII case), when
// it is at most `max_edits` away; the first of equals wins.
std::optional<std::string> nearest_name(const std::string& unknown,
                                        const std::vector<std::string>& candidates,
                                        std::size_t max_edits);

}  // namespace pgdatahub::config
