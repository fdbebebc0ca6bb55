#pragma once
// A zip reader over a file held entirely in memory: the central directory is
// parsed once, members are inflated on demand through a pull stream, with
// guards against zip bombs, encryption, truncation and corruption.
#include <pgdatahub/workbook/byte_source.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct inflate_state;

namespace pgdatahub::workbook {

struct ZipLimits {
  std::uint64_t max_inflated_bytes = 8ULL << 30;  // per member
  std::uint32_t max_compression_ratio = 1000;     // per member, above a small floor
};

struct ZipEntry {
  std::string name;  // as stored, with '\' turned into '/' and no leading '/'
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t uncompressed_size = 0;
  std::uint64_t local_header_offset = 0;
  bool encrypted() const noexcept { return (flags & 1U) != 0; }
};

// Streams one member's uncompressed bytes; verifies size and CRC-32 at the end.
class MemberStream final : public ByteSource {
 public:
  MemberStream(const ZipEntry& entry, std::span<const std::byte> data, const ZipLimits& limits,
               InputReleaser release_input = {});
  ~MemberStream() override;
  MemberStream(const MemberStream&) = delete;
  MemberStream& operator=(const MemberStream&) = delete;

  std::size_t read(std::span<char> out) override;
  std::uint64_t bytes_out() const noexcept { return m_total_out; }

 private:
  struct InflateDeleter {
    void operator()(inflate_state* state) const noexcept;
  };
  std::size_t read_stored(std::span<char> out);
  std::size_t read_deflated(std::span<char> out);
  void check_growth(std::uint64_t total) const;
  void finish();
  void release_consumed(std::uint64_t consumed);

  std::string m_name;
  std::uint32_t m_expected_crc;
  std::uint64_t m_expected_size;
  std::uint64_t m_compressed_size;
  ZipLimits m_limits;
  std::span<const std::byte> m_data;  // compressed bytes
  std::uint64_t m_in_pos = 0;
  std::uint64_t m_released = 0;  // compressed bytes already handed to m_release_input
  InputReleaser m_release_input;
  std::uint64_t m_total_out = 0;
  std::uint32_t m_crc = 0;
  bool m_stored;
  bool m_done = false;
  std::unique_ptr<inflate_state, InflateDeleter> m_inflate;
};

class ZipArchive {
 public:
  // Parses the end-of-central-directory record (zip64 too) and the central
  // directory. Throws FileError (Truncated, Corrupt) when the bytes are no
  // readable zip. `bytes` must outlive the archive and its streams. Member
  // streams report the compressed input they are done with to `release_input`.
  explicit ZipArchive(std::span<const std::byte> bytes, ZipLimits limits = {},
                      InputReleaser release_input = {});

  const std::vector<ZipEntry>& entries() const noexcept { return m_entries; }
  // Case-insensitive lookup; '\' and '/' are the same separator.
  const ZipEntry* find(std::string_view name) const;
  // Starts inflating a member. Throws FileError (Encrypted, Unsupported,
  // ResourceLimit, Truncated, Corrupt).
  std::unique_ptr<MemberStream> open(const ZipEntry& entry) const;
  std::unique_ptr<MemberStream> open(std::string_view name) const;
  // Reads a whole member into a string, for the small parts of a package.
  std::string read_all(const ZipEntry& entry) const;
  std::optional<std::string> try_read_all(std::string_view name) const;

 private:
  void parse_central_directory(std::uint64_t offset, std::uint64_t size, std::uint64_t count);

  std::span<const std::byte> m_bytes;
  ZipLimits m_limits;
  InputReleaser m_release_input;
  std::vector<ZipEntry> m_entries;
  std::unordered_map<std::string, std::size_t> m_index;  // folded name -> entry
};

// Normalizes a member name for lookups: ASCII lower case, '/' separators, no leading '/'.
std::string fold_member_name(std::string_view name);

// True when the bytes start like a zip (local header or an empty archive).
bool looks_like_zip(std::span<const std::byte> bytes) noexcept;

}  // namespace pgdatahub::workbook
