#include <support/corpus.hpp>

namespace pgdatahub::test {

std::optional<std::filesystem::path> corpus_dir() {
  std::filesystem::path dir =
      std::filesystem::path(PGDATAHUB_SOURCE_DIR) / ".." / "shared" / "corpus";
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return std::nullopt;
  return dir.lexically_normal();
}

}  // namespace pgdatahub::test
