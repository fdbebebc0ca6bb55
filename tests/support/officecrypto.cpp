#include "support/officecrypto.hpp"

#include "support/command.hpp"

#include <unistd.h>

namespace pgdatahub::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* node_program = "/usr/bin/node";
constexpr int timeout_seconds = 120;

fs::path node_modules() {
  return fs::path(PGDATAHUB_SOURCE_DIR) / ".cache" / "npm" / "node_modules";
}

}  // namespace

std::optional<std::string> officecrypto_missing() {
  if (::access(node_program, X_OK) != 0) {
    return std::string(node_program) + " is missing (scripts/setup installs nodejs)";
  }
  const fs::path package = node_modules() / "officecrypto-tool" / "package.json";
  if (!fs::exists(package)) {
    return "the npm package officecrypto-tool is not installed at " +
           package.parent_path().string() + " (scripts/setup installs it)";
  }
  return std::nullopt;
}

bool encrypt_with_officecrypto(const fs::path& input, const fs::path& output,
                               const std::string& password, OoxmlEncryption scheme,
                               std::string& error) {
  const fs::path script = fs::path(PGDATAHUB_SOURCE_DIR) / "tests" / "support" / "encrypt_ooxml.js";
  return run_writer({node_program, script.string(), input.string(), output.string(),
                     scheme == OoxmlEncryption::Agile ? "agile" : "standard"},
                    {{"NODE_PATH", node_modules().string()}, {"OFFICE_PASSWORD", password}}, output,
                    timeout_seconds, error);
}

}  // namespace pgdatahub::test
