#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/file_lock.hpp>

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace pgdatahub::database::detail {

FileLock::FileLock(const std::filesystem::path& path) {
  constexpr mode_t lock_file_mode = 0600;
  // CLOEXEC: a server started while we hold the lock must not inherit it.
  // NOFOLLOW: whoever else can write to the home must not make us create a file elsewhere.
  m_fd = UniqueFd(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, lock_file_mode));
  if (!m_fd.valid()) {
    throw Error("cannot open " + path.string() + " (" + std::strerror(errno) +
                "): check the permissions of the pgdatahub home directory");
  }
  while (flock(m_fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) {
      const int saved = errno;
      throw Error("cannot lock " + path.string() + " (" + std::strerror(saved) + ")");
    }
  }
}

}  // namespace pgdatahub::database::detail
