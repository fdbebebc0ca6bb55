#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/mapped_file.hpp>
#include <pgdatahub/core/unique_fd.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

namespace pgdatahub {
namespace {

FileStamp stamp_of(const struct stat& info) {
  return FileStamp{
      static_cast<std::uint64_t>(info.st_size),
      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
      static_cast<std::uint64_t>(info.st_ino)};
}

std::size_t page_size() noexcept {
  static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

void MappedFile::Unmapper::operator()(std::byte* address) const noexcept {
  ::munmap(address, size);
}

MappedFile::MappedFile(const std::filesystem::path& path, const std::optional<FileIdentity>& seen)
    : m_path(path) {
  // The name may no longer be the file discovery saw. O_NONBLOCK: a FIFO put
  // in its place opens at once instead of waiting for a writer that never
  // comes (it is refused below); O_NOFOLLOW: a link put in its place is not
  // followed, unless the name was a link to a file inside DATA_DIR already.
  const bool follow = seen && seen->via_link;
  const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow ? 0 : O_NOFOLLOW);
  const UniqueFd fd(::open(path.c_str(), flags));
  if (fd.get() < 0) {
    if (errno == ELOOP) {
      throw FileError(FileFailure::Io,
                      "the file was replaced by a link since the folder was read: nothing was "
                      "loaded from it; check who writes into the data folder, then run again");
    }
    throw FileError(FileFailure::Io, std::string("cannot open the file (") + std::strerror(errno) +
                                         "): check its permissions");
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw FileError(FileFailure::Io,
                    "cannot read the file: it is not a regular file (a FIFO, socket or device "
                    "took its name since the folder was read); nothing was loaded from it");
  }
  if (seen && (static_cast<std::uint64_t>(info.st_dev) != seen->device ||
               static_cast<std::uint64_t>(info.st_ino) != seen->inode)) {
    throw FileError(FileFailure::Io,
                    "the file was replaced by another one since the folder was read: nothing "
                    "was loaded from it; run again to load what is there now");
  }
  m_stamp = stamp_of(info);
  if (m_stamp.size == 0) throw FileError(FileFailure::Empty, "the file is empty (0 bytes)");
  const auto size = static_cast<std::size_t>(m_stamp.size);
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (address == MAP_FAILED) {
    throw FileError(FileFailure::Io,
                    std::string("cannot map the file into memory (") + std::strerror(errno) + ")");
  }
  m_mapping =
      std::unique_ptr<std::byte, Unmapper>(static_cast<std::byte*>(address), Unmapper{size});
  m_bytes = std::span<const std::byte>(m_mapping.get(), size);
  m_guard = std::make_unique<MappingGuard>(m_mapping.get(), size);
  // Hashing and inflating both walk the file front to back.
  ::madvise(address, size, MADV_SEQUENTIAL);
}

bool MappedFile::unchanged() const {
  if (m_guard && m_guard->faulted()) return false;
  struct stat info {};
  if (::stat(m_path.c_str(), &info) != 0) return false;
  return stamp_of(info) == m_stamp;
}

void MappedFile::require_unchanged() const {
  if (!unchanged()) {
    throw FileError(FileFailure::Io,
                    "the file changed on disk while being read: nothing was loaded from it; run "
                    "again once it is no longer being written");
  }
}

void MappedFile::release(std::span<const std::byte> range) const noexcept {
  if (range.empty() || m_bytes.empty()) return;
  const auto base = reinterpret_cast<std::uintptr_t>(m_bytes.data());
  const auto end_of_file = base + m_bytes.size();
  auto first = reinterpret_cast<std::uintptr_t>(range.data());
  auto last = first + range.size();
  if (first < base || last > end_of_file) return;
  // Only whole pages inside the range; the file's last partial page counts
  // as whole, since nothing else shares it.
  const std::uintptr_t page = page_size();
  first = (first + page - 1) & ~(page - 1);
  last = last == end_of_file ? (last + page - 1) & ~(page - 1) : last & ~(page - 1);
  if (last <= first) return;
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the address came from mmap
  ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

}  // namespace pgdatahub
