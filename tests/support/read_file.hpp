#pragma once
// Reading a file the tests wrote or a program left behind (its output, its
// log, a report, a pause file), whole.
#include <filesystem>
#include <string>

namespace pgdatahub::test {

// The bytes of `path` as they are; empty when it cannot be opened, as the
// log of a program that never started, or a file a run did not write.
std::string read_file(const std::filesystem::path& path);

// "<sha256> <size>" of the file's bytes, as etl_imports records a load of it
// (file_sha256 || ' ' || byte_size).
std::string file_identity(const std::filesystem::path& path);

}  // namespace pgdatahub::test
