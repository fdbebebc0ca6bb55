#pragma once
// Access to the shared real-world corpus next to the checkout, for tests that
// read files written by real applications.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::test {

// ../shared/corpus next to the source tree, or nullopt when it is absent.
std::optional<std::filesystem::path> corpus_dir();

// The bytes of a file (empty vector for an empty file); throws on I/O errors.
std::vector<std::byte> read_bytes(const std::filesystem::path& path);

}  // namespace pgdatahub::test
