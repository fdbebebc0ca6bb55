#include <pgdatahub/config/key_suggestion.hpp>
#include <pgdatahub/config/unmatched_folders.hpp>

#include <algorithm>
#include <system_error>

namespace pgdatahub::config {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> subfolder_names(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) names.push_back(it->path().filename().string());
  }
  return names;
}

bool starts_with(const std::vector<std::string>& path, const std::vector<std::string>& prefix) {
  return path.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace

std::vector<std::string> unmatched_folder_warnings(const EtlConfig& config,
                                                   const fs::path& data_dir) {
  std::vector<std::string> warnings;
  std::vector<std::vector<std::string>> missing;
  for (const auto& key : config.folder_keys()) {
    bool under_missing = false;
    for (const auto& parent : missing) under_missing = under_missing || starts_with(key, parent);
    if (under_missing) continue;
    fs::path parent = data_dir;
    std::string dotted;
    for (std::size_t i = 0; i + 1 < key.size(); ++i) {
      parent /= key[i];
      dotted += key[i] + ".";
    }
    std::error_code ec;
    if (fs::is_directory(parent / key.back(), ec)) continue;
    missing.push_back(key);
    // A third of the name may be mistyped, and always two letters.
    const auto nearest = nearest_name(key.back(), subfolder_names(parent),
                                      std::max<std::size_t>(2, key.back().size() / 3));
    warnings.push_back("config key '" + dotted + key.back() + "' matches no folder under DATA_DIR" +
                       (nearest ? " (did you mean '" + dotted + *nearest + "'?)" : "") +
                       ": its settings apply to nothing");
  }
  return warnings;
}

}  // namespace pgdatahub::config
