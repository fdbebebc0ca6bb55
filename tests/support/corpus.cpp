#include <support/corpus.hpp>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace pgdatahub::test {

std::optional<std::filesystem::path> corpus_dir() {
  std::filesystem::path dir = std::filesystem::path(PGDATAHUB_SOURCE_DIR) / ".." / "shared" / "corpus";
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return std::nullopt;
  return dir.lexically_normal();
}

std::vector<std::byte> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  for (std::size_t i = 0; i < chars.size(); ++i) bytes[i] = static_cast<std::byte>(chars[i]);
  return bytes;
}

}  // namespace pgdatahub::test
