#pragma once
// A file mapped read-only into memory, so that a large workbook is hashed and
// parsed from the very same bytes without a private copy: pages are read in
// on demand and can be handed back once consumed, which keeps the resident
// set flat however large the file is.
#include <pgdatahub/core/file_identity.hpp>
#include <pgdatahub/core/mapping_guard.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>

namespace pgdatahub {

// What identifies a version of a file on disk without reading it.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};

class MappedFile {
 public:
  // Maps the whole file. Throws FileError (Io when it cannot be opened or
  // mapped, is not a regular file or is a link, or is not the file `seen`
  // names; Empty when it has no bytes). Never blocks opening a FIFO.
  explicit MappedFile(const std::filesystem::path& path,
                      const std::optional<FileIdentity>& seen = std::nullopt);

  std::span<const std::byte> bytes() const noexcept { return m_bytes; }
  // The size, modification time and inode seen when the file was opened.
  const FileStamp& stamp() const noexcept { return m_stamp; }
  // True while the file on disk still has the stamp it had when it was
  // opened and no read went past its end (it was not truncated meanwhile).
  bool unchanged() const;
  // Throws FileError (Io) unless unchanged(): the bytes hashed must be the
  // bytes parsed, and bytes read past a truncation are zeros, not the file.
  void require_unchanged() const;

  // Drops the whole pages inside `range` (a part of bytes()) from the resident
  // set. The bytes stay readable: touching them again reads them back from
  // the file, so this is only a hint about memory, never about content.
  void release(std::span<const std::byte> range) const noexcept;

 private:
  struct Unmapper {
    std::size_t size;
    void operator()(std::byte* address) const noexcept;
  };

  std::filesystem::path m_path;
  FileStamp m_stamp;
  std::unique_ptr<std::byte, Unmapper> m_mapping{nullptr, Unmapper{0}};
  std::span<const std::byte> m_bytes;
  // Declared after the mapping: it stops guarding before the unmapping.
  std::unique_ptr<MappingGuard> m_guard;
};

}  // namespace pgdatahub
