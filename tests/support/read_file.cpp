#include "support/read_file.hpp"

#include <pgdatahub/ledger/sha256.hpp>

#include <fstream>
#include <span>
#include <sstream>

namespace pgdatahub::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string file_identity(const std::filesystem::path& path) {
  const std::string bytes = read_file(path);
  return ledger::sha256_hex(std::as_bytes(std::span(bytes.data(), bytes.size()))) + " " +
         std::to_string(std::filesystem::file_size(path));
}

}  // namespace pgdatahub::test
