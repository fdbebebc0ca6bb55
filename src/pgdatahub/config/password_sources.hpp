#pragma once
// Where a folder's workbook passwords come from. The configuration holds
// references only (an environment variable's name, a file's path), never a
// password: config files get committed, copied and shown on screens. The
// secrets are read when an encrypted file is met, not before.
//
//   payroll:
//     password_env: PAYROLL_PW               # or a list of names
//     password_file: /run/secrets/payroll    # or a list; one password per line
//
// PGDATAHUB_PASSWORDS_FILE names a file of passwords (one per line) tried
// for every folder, after the folder's own.
#include <filesystem>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace pgdatahub::config {

struct PasswordSources {
  std::vector<std::string> env_names;        // password_env
  std::vector<std::filesystem::path> files;  // password_file
  bool empty() const noexcept { return env_names.empty() && files.empty(); }
};

// Handles a password key of a folder (or of the whole file); `path` names it in messages:
// password_env and password_file fill `sources`; `password` and `passwords`
// (a literal secret) are refused with what to use instead. Returns false for
// any other key. Throws ConfigError; its message never holds a value.
bool parse_password_key(const std::string& key, const YAML::Node& value, const std::string& path,
                        PasswordSources& sources);

// The candidate passwords, in order: the folder's variables, its files, then
// PGDATAHUB_PASSWORDS_FILE. Throws FileError(Encrypted) naming the variable
// or file that cannot be read (never a value).
std::vector<std::string> resolve_passwords(const PasswordSources& sources);

}  // namespace pgdatahub::config
