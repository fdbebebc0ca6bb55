#include <pgdatahub/core/unique_fd.hpp>

#include <unistd.h>

namespace pgdatahub {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    reset();
    m_fd = other.release();
  }
  return *this;
}

void UniqueFd::reset() noexcept { static_cast<void>(close()); }

bool UniqueFd::close() noexcept {
  if (m_fd < 0) return true;
  const int fd = release();
  // Linux releases the descriptor even when close fails (EINTR included), so
  // it is never retried.
  return ::close(fd) == 0;
}

int UniqueFd::release() noexcept {
  const int fd = m_fd;
  m_fd = -1;
  return fd;
}

}  // namespace pgdatahub
