#pragma once
// The OLE2 compound file (CFB) container, read in place from memory: a stream
// is a list of sectors, never a copy of the file. The one reader of the
// container: the format probe, the .xls reader (its Workbook stream) and the
// .xlsb reader (an encrypted package inside it) all use it.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook {

// A stream inside the container: regular streams map offsets onto the
// file's sectors; small (mini) streams are copied, being at most 4 KiB.
class CompoundStream {
 public:
  CompoundStream() = default;
  std::uint64_t size() const noexcept { return m_size; }
  // Copies up to `out.size()` bytes from `offset`; returns how many were copied.
  std::size_t read(std::uint64_t offset, std::span<std::byte> out) const;

  static CompoundStream from_bytes(std::span<const std::byte> bytes);
  // A stream that owns its bytes (a decrypted Workbook stream).
  static CompoundStream from_owned(std::vector<std::byte> bytes);

 private:
  friend class CompoundFile;
  std::span<const std::byte> m_file;
  std::vector<std::uint32_t> m_sectors;
  std::uint32_t m_sector_size = 512;
  std::uint64_t m_size = 0;
  std::vector<std::byte> m_copy;      // mini streams, owned streams
  std::span<const std::byte> m_view;  // raw BIFF (no container)
  bool m_in_file = false;
};

class CompoundFile {
 public:
  // Parses header, FAT and directory. Throws FileError(Corrupt/Truncated).
  explicit CompoundFile(std::span<const std::byte> bytes);

  static bool has_signature(std::span<const std::byte> bytes) noexcept;

  // The stream whose name matches one of `names` (case-insensitive ASCII).
  std::optional<CompoundStream> open_stream(std::initializer_list<std::string_view> names) const;
  bool has_stream(std::string_view name) const;

  // What open_stream read leniently, one sentence each (for the ledger's
  // message column); empty when the container was read as written.
  const std::vector<std::string>& repairs() const noexcept { return m_repairs; }

 private:
  struct Entry {
    std::string name;  // ASCII-folded UTF-8 of the UTF-16 name
    std::uint8_t type = 0;
    std::uint32_t start = 0;
    std::uint64_t size = 0;
  };
  std::vector<std::uint32_t> chain(std::uint32_t start, const std::vector<std::uint32_t>& fat,
                                   std::size_t limit) const;
  // A stream's first `needed` sectors; a chain that goes on past them is cut
  // there and noted in repairs().
  std::vector<std::uint32_t> stream_chain(const Entry& entry, const std::vector<std::uint32_t>& fat,
                                          std::size_t needed) const;
  std::span<const std::byte> sector(std::uint32_t id) const;

  std::span<const std::byte> m_bytes;
  std::uint32_t m_sector_size = 512;
  std::uint32_t m_mini_sector_size = 64;
  std::uint32_t m_mini_cutoff = 4096;
  std::uint32_t m_first_mini_fat = 0;
  std::uint32_t m_mini_fat_sectors = 0;
  std::vector<std::uint32_t> m_fat;
  std::vector<Entry> m_entries;
  mutable std::vector<std::string> m_repairs;
};

}  // namespace pgdatahub::workbook
