#include <pgdatahub/discovery/file_filter.hpp>

#include <fnmatch.h>

#include <algorithm>

namespace pgdatahub::discovery {

bool glob_matches(const std::string& glob, const std::string& relative_path) {
  if (glob.find('/') != std::string::npos) {
    return fnmatch(glob.c_str(), relative_path.c_str(), 0) == 0;
  }
  const auto slash = relative_path.rfind('/');
  const std::string name =
      slash == std::string::npos ? relative_path : relative_path.substr(slash + 1);
  return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
}

bool selected(const std::vector<std::string>& include, const std::vector<std::string>& exclude,
              const std::string& relative_path) {
  const auto matches = [&](const std::string& glob) { return glob_matches(glob, relative_path); };
  if (!include.empty() && std::none_of(include.begin(), include.end(), matches)) return false;
  return std::none_of(exclude.begin(), exclude.end(), matches);
}

}  // namespace pgdatahub::discovery
