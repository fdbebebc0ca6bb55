#include "support/read_file.hpp"

#include <fstream>
#include <sstream>

namespace pgdatahub::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace pgdatahub::test
