#pragma once
// An exclusive flock held for the lifetime of the object; other processes
// (and other open descriptions in this one) wait for it.
#include <filesystem>

namespace pgdatahub::database::detail {

class FileLock {
public:
  // Creates the file if needed and blocks until the lock is ours. Throws Error.
  explicit FileLock(const std::filesystem::path& path);
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

private:
  int m_fd;
};

}  // namespace pgdatahub::database::detail
