#pragma once
// --include / --exclude and the folders' include: / exclude: keys: which of
// the discovered files a run loads.
#include <string>
#include <vector>

namespace pgdatahub::discovery {

// A glob with a '/' is matched against the path relative to DATA_DIR
// ("sales/2024-*.xlsx"), one without against the file name ("*.csv"). `*`,
// `?` and `[...]` as in the shell.
bool glob_matches(const std::string& glob, const std::string& relative_path);

// True when the file matches one of `include` (or `include` is empty) and
// none of `exclude`.
bool selected(const std::vector<std::string>& include, const std::vector<std::string>& exclude,
              const std::string& relative_path);

}  // namespace pgdatahub::discovery
