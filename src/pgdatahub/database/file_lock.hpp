#pragma once
// An exclusive flock held for the lifetime of the object; other processes
// (and other open descriptions in this one) wait for it.
#include <pgdatahub/core/unique_fd.hpp>

#include <filesystem>

namespace pgdatahub::database::detail {

class FileLock {
 public:
  // Creates the file if needed and blocks until the lock is ours. Throws Error.
  explicit FileLock(const std::filesystem::path& path);

 private:
  // Closing the descriptor releases the lock.
  UniqueFd m_fd;
};

}  // namespace pgdatahub::database::detail
