#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/server_binaries.hpp>

#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

namespace pgdatahub::database::detail {
namespace {

constexpr std::array<const char*, 3> programs = {"initdb", "pg_ctl", "postgres"};
constexpr const char* debian_root = "/usr/lib/postgresql";

bool has_server_programs(const std::filesystem::path& directory) {
  for (const char* program : programs) {
    if (access((directory / program).c_str(), X_OK) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::filesystem::path find_server_binaries() {
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::string_view remaining = path;
    while (!remaining.empty()) {
      const std::size_t colon = remaining.find(':');
      const std::string_view entry = remaining.substr(0, colon);
      remaining =
          colon == std::string_view::npos ? std::string_view() : remaining.substr(colon + 1);
      if (!entry.empty() && entry.front() == '/' && has_server_programs(entry)) {
        return std::filesystem::path(entry);
      }
    }
  }
  // Debian and Ubuntu keep server programs off PATH, one directory per major version.
  std::filesystem::path best;
  int best_version = -1;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(debian_root, error)) {
    const std::string name = entry.path().filename().string();
    int version = 0;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
    if (ec != std::errc() || end != name.data() + name.size()) {
      continue;
    }
    if (version > best_version && has_server_programs(entry.path() / "bin")) {
      best_version = version;
      best = entry.path() / "bin";
    }
  }
  if (best_version < 0) {
    throw Error(
        "PostgreSQL server binaries not found: install postgresql-15 "
        "(apt-get install postgresql-15) or set DATABASE_URL");
  }
  return best;
}

}  // namespace pgdatahub::database::detail
