#pragma once
// The one owner of a POSIX file descriptor: closed on every path out of the
// scope that opened it, movable so that a class can hold one, never copied
// (two owners would close the same number twice, and the second close could
// hit a descriptor another thread has opened meanwhile).
namespace pgdatahub {

class UniqueFd {
 public:
  // Takes ownership of `fd`; a negative value means "no descriptor", so the
  // result of a failed open() can be wrapped before it is checked.
  explicit UniqueFd(int fd = -1) noexcept : m_fd(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const noexcept { return m_fd; }
  bool valid() const noexcept { return m_fd >= 0; }

  // Closes the descriptor now, ignoring what close says (for read-only or
  // abandoned descriptors).
  void reset() noexcept;
  // Closes the descriptor now and says whether close succeeded: after a write,
  // close can be the first to report the error, so a writer must check it.
  [[nodiscard]] bool close() noexcept;
  // Gives the descriptor up without closing it.
  [[nodiscard]] int release() noexcept;

 private:
  int m_fd;
};

}  // namespace pgdatahub
