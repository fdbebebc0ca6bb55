#include <pgdatahub/core/error.hpp>
#include <pgdatahub/pause/pause_authority.hpp>

#include <fmt/format.h>

namespace pgdatahub::pause {
namespace {

namespace fs = std::filesystem;

bool inside(const fs::path& folder, const fs::path& path) {
  const auto relative = path.lexically_relative(folder);
  return !relative.empty() && *relative.begin() != "..";
}

bool same_file(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty();
  std::error_code error;
  const bool equivalent = fs::equivalent(a, b, error);
  return error ? a == b : equivalent;
}

}  // namespace

std::string resume_data_dir(const PauseState& state, const fs::path& pause_file,
                            const fs::path& named) {
  if (!named.empty()) {
    check_data_dir(state, named);
    return state.data_dir;
  }
  const fs::path home = canonical_data_dir(fs::absolute(pause_file).parent_path());
  if (inside(home, fs::path(state.data_dir))) return state.data_dir;
  throw ConfigError(fmt::format(
      "the pause file {} names the data folder {}, which is not under {} where the file lies: "
      "if that run is yours, name its folder (`pgdatahub resume {}`)",
      pause_file.string(), state.data_dir, home.string(), state.data_dir));
}

void check_config_path(const PauseState& state, const std::string& config_path) {
  const auto& saved = state.options.config_path;
  if (same_file(saved, config_path)) return;
  throw ConfigError(fmt::format("the paused run used {} but this resume reads {}: {}",
                                saved.empty() ? "no config file" : saved,
                                config_path.empty() ? "no config file" : config_path,
                                saved.empty()
                                    ? "resume from where that run started, without --config"
                                    : fmt::format("pass --config {} if it is yours", saved)));
}

}  // namespace pgdatahub::pause
