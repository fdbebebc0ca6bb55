#include <pgdatahub/config/password_sources.hpp>
#include <pgdatahub/core/error.hpp>

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace pgdatahub::config {
namespace {

constexpr const char* kPasswordsFileVariable = "PGDATAHUB_PASSWORDS_FILE";

// A single name or a list of names.
std::vector<std::string> names(const YAML::Node& value, const std::string& where) {
  std::vector<std::string> out;
  const auto add = [&](const YAML::Node& item) {
    if (!item.IsScalar() || item.as<std::string>().empty()) {
      throw ConfigError(where + " must be a name or a list of names");
    }
    out.push_back(item.as<std::string>());
  };
  if (value.IsSequence()) {
    for (const auto& item : value) add(item);
  } else {
    add(value);
  }
  if (out.empty()) throw ConfigError(where + " must not be empty");
  return out;
}

// One password per line; line endings are not part of a password, and blank lines are skipped.
void read_password_file(const std::filesystem::path& path, const std::string& what,
                        std::vector<std::string>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw FileError(FileFailure::Encrypted, what + " " + path.string() + " cannot be read (" +
                                                std::strerror(errno) +
                                                "): check the path and its permissions");
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(std::move(line));
  }
}

}  // namespace

bool parse_password_key(const std::string& key, const YAML::Node& value, const std::string& path,
                        PasswordSources& sources) {
  if (key == "password" || key == "passwords") {
    throw ConfigError(
        path +
        ": a password written in the config is refused (config files get committed, copied and "
        "printed); put it in an environment variable and set `password_env: NAME`, or in a file "
        "only you can read and set `password_file: PATH`");
  }
  if (key == "password_env") {
    for (auto& name : names(value, path)) sources.env_names.push_back(std::move(name));
    return true;
  }
  if (key == "password_file") {
    for (auto& name : names(value, path)) sources.files.emplace_back(std::move(name));
    return true;
  }
  return false;
}

std::vector<std::string> resolve_passwords(const PasswordSources& sources) {
  std::vector<std::string> out;
  for (const auto& name : sources.env_names) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      throw FileError(FileFailure::Encrypted,
                      "password_env " + name +
                          " is not set in pgdatahub's environment: export it "
                          "before the run, or change password_env in the config");
    }
    out.emplace_back(value);
  }
  for (const auto& file : sources.files) read_password_file(file, "password_file", out);
  if (const char* shared = std::getenv(kPasswordsFileVariable);
      shared != nullptr && *shared != '\0') {
    read_password_file(shared, kPasswordsFileVariable, out);
  }
  return out;
}

}  // namespace pgdatahub::config
