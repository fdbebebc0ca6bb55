#pragma once
// Access to the shared real-world corpus next to the checkout, for tests that
// read files written by real applications.
#include <support/xlsx_builder.hpp>  // read_bytes

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::test {

// ../shared/corpus next to the source tree, or nullopt when it is absent.
std::optional<std::filesystem::path> corpus_dir();

}  // namespace pgdatahub::test
