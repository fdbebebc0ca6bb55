#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace pgdatahub::workbook {
namespace {

constexpr std::uint32_t local_header_signature = 0x04034b50;
constexpr std::uint32_t central_header_signature = 0x02014b50;
constexpr std::uint32_t end_of_central_dir_signature = 0x06054b50;
constexpr std::uint32_t zip64_end_signature = 0x06064b50;
constexpr std::uint32_t zip64_locator_signature = 0x07064b50;
constexpr std::size_t end_of_central_dir_size = 22;
constexpr std::size_t zip64_locator_size = 20;
constexpr std::size_t zip64_end_size = 56;
constexpr std::size_t central_header_size = 46;
constexpr std::size_t local_header_size = 30;
constexpr std::size_t max_comment_size = 0xFFFF;
constexpr std::uint16_t zip64_extra_id = 0x0001;
constexpr std::uint16_t method_stored = 0;
constexpr std::uint16_t method_deflated = 8;
constexpr std::uint16_t method_aes = 99;
// Ratios are only judged above this size: tiny parts compress absurdly well.
constexpr std::uint64_t ratio_floor_bytes = 1U << 20;
// isal takes 32-bit input lengths.
constexpr std::uint64_t max_inflate_chunk = 1U << 30;
// Consumed input is handed back in steps of this size, not on every read.
constexpr std::uint64_t release_step = 4U << 20;

std::uint16_t le16(std::span<const std::byte> bytes, std::size_t at) {
  return static_cast<std::uint16_t>(std::to_integer<unsigned>(bytes[at]) |
                                    (std::to_integer<unsigned>(bytes[at + 1]) << 8U));
}
std::uint32_t le32(std::span<const std::byte> bytes, std::size_t at) {
  return static_cast<std::uint32_t>(le16(bytes, at)) |
         (static_cast<std::uint32_t>(le16(bytes, at + 2)) << 16U);
}
std::uint64_t le64(std::span<const std::byte> bytes, std::size_t at) {
  return static_cast<std::uint64_t>(le32(bytes, at)) |
         (static_cast<std::uint64_t>(le32(bytes, at + 4)) << 32U);
}

[[noreturn]] void fail(FileFailure failure, const std::string& message) {
  throw FileError(failure, message);
}

std::string normalize_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '\\', '/');
  std::size_t skip = 0;
  while (skip < out.size() && out[skip] == '/') ++skip;
  out.erase(0, skip);
  return out;
}

}  // namespace

std::string fold_member_name(std::string_view name) {
  std::string out = normalize_name(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool looks_like_zip(std::span<const std::byte> bytes) noexcept {
  if (bytes.size() < 4) return false;
  const std::uint32_t signature = le32(bytes, 0);
  return signature == local_header_signature || signature == end_of_central_dir_signature;
}

ZipArchive::ZipArchive(std::span<const std::byte> bytes, ZipLimits limits,
                       InputReleaser release_input)
    : m_bytes(bytes), m_limits(limits), m_release_input(std::move(release_input)) {
  if (bytes.size() < end_of_central_dir_size) {
    fail(looks_like_zip(bytes) ? FileFailure::Truncated : FileFailure::Corrupt,
         "zip archive too short to hold a central directory");
  }
  // The end record sits at the very end, followed only by its comment.
  const std::size_t last = bytes.size() - end_of_central_dir_size;
  const std::size_t first = last > max_comment_size ? last - max_comment_size : 0;
  std::optional<std::size_t> eocd;
  for (std::size_t at = last + 1; at-- > first;) {
    if (le32(bytes, at) == end_of_central_dir_signature &&
        at + end_of_central_dir_size + le16(bytes, at + 20) <= bytes.size()) {
      eocd = at;
      break;
    }
  }
  if (!eocd) {
    fail(looks_like_zip(bytes) ? FileFailure::Truncated : FileFailure::Corrupt,
         "zip archive has no end of central directory (the file was cut short)");
  }
  std::uint64_t count = le16(bytes, *eocd + 10);
  std::uint64_t cd_size = le32(bytes, *eocd + 12);
  std::uint64_t cd_offset = le32(bytes, *eocd + 16);
  const bool wants_zip64 = count == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF;
  if (*eocd >= zip64_locator_size &&
      le32(bytes, *eocd - zip64_locator_size) == zip64_locator_signature) {
    const std::uint64_t z64 = le64(bytes, *eocd - zip64_locator_size + 8);
    if (z64 > bytes.size() || bytes.size() - z64 < zip64_end_size ||
        le32(bytes, static_cast<std::size_t>(z64)) != zip64_end_signature) {
      fail(FileFailure::Corrupt, "zip64 end of central directory record is missing or damaged");
    }
    const auto at = static_cast<std::size_t>(z64);
    count = le64(bytes, at + 32);
    cd_size = le64(bytes, at + 40);
    cd_offset = le64(bytes, at + 48);
  } else if (wants_zip64 && count == 0xFFFF && cd_offset == 0xFFFFFFFF) {
    fail(FileFailure::Corrupt, "zip64 archive without its zip64 locator");
  }
  parse_central_directory(cd_offset, cd_size, count);
}

void ZipArchive::parse_central_directory(std::uint64_t offset, std::uint64_t size,
                                         std::uint64_t count) {
  if (offset > m_bytes.size() || size > m_bytes.size() - offset) {
    fail(FileFailure::Truncated, "zip central directory lies beyond the end of the file");
  }
  if (count > size / central_header_size) {
    fail(FileFailure::Corrupt, "zip central directory claims more entries than it can hold");
  }
  m_entries.reserve(static_cast<std::size_t>(count));
  auto at = static_cast<std::size_t>(offset);
  const auto end = static_cast<std::size_t>(offset + size);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (end - at < central_header_size || le32(m_bytes, at) != central_header_signature) {
      fail(FileFailure::Corrupt, "zip central directory entry is damaged");
    }
    ZipEntry entry;
    entry.flags = le16(m_bytes, at + 8);
    entry.method = le16(m_bytes, at + 10);
    entry.crc32 = le32(m_bytes, at + 16);
    entry.compressed_size = le32(m_bytes, at + 20);
    entry.uncompressed_size = le32(m_bytes, at + 24);
    const std::size_t name_len = le16(m_bytes, at + 28);
    const std::size_t extra_len = le16(m_bytes, at + 30);
    const std::size_t comment_len = le16(m_bytes, at + 32);
    entry.local_header_offset = le32(m_bytes, at + 42);
    const std::size_t variable = name_len + extra_len + comment_len;
    if (end - at - central_header_size < variable) {
      fail(FileFailure::Corrupt, "zip central directory entry overruns the directory");
    }
    const char* base = reinterpret_cast<const char*>(m_bytes.data());
    entry.name = normalize_name(std::string_view(base + at + central_header_size, name_len));
    // Zip64 extra field: 64-bit values only for the fields saturated above.
    std::size_t extra = at + central_header_size + name_len;
    const std::size_t extra_end = extra + extra_len;
    while (extra_end - extra >= 4) {
      const std::uint16_t id = le16(m_bytes, extra);
      const std::size_t len = le16(m_bytes, extra + 2);
      if (extra_end - extra - 4 < len) break;
      if (id == zip64_extra_id) {
        std::size_t field = extra + 4;
        const std::size_t field_end = field + len;
        auto take = [&](std::uint64_t& value) {
          if (value != 0xFFFFFFFF) return;
          if (field_end - field < 8) fail(FileFailure::Corrupt, "zip64 extra field too short");
          value = le64(m_bytes, field);
          field += 8;
        };
        take(entry.uncompressed_size);
        take(entry.compressed_size);
        take(entry.local_header_offset);
      }
      extra += 4 + len;
    }
    at += central_header_size + variable;
    m_index.emplace(fold_member_name(entry.name), m_entries.size());
    m_entries.push_back(std::move(entry));
  }
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
  const auto it = m_index.find(fold_member_name(name));
  return it == m_index.end() ? nullptr : &m_entries[it->second];
}

std::unique_ptr<MemberStream> ZipArchive::open(std::string_view name) const {
  const ZipEntry* entry = find(name);
  if (entry == nullptr) fail(FileFailure::Corrupt, "zip member missing: " + std::string(name));
  return open(*entry);
}

std::unique_ptr<MemberStream> ZipArchive::open(const ZipEntry& entry) const {
  if (entry.encrypted() || entry.method == method_aes) {
    fail(FileFailure::Encrypted, "zip member '" + entry.name +
                                     "' is encrypted (password-protected): remove the password "
                                     "and save again");
  }
  if (entry.method != method_stored && entry.method != method_deflated) {
    fail(FileFailure::Unsupported, "zip member '" + entry.name + "' uses compression method " +
                                       std::to_string(entry.method) + ", which is not supported");
  }
  if (entry.uncompressed_size > m_limits.max_inflated_bytes) {
    fail(FileFailure::ResourceLimit,
         "zip member '" + entry.name + "' declares " + std::to_string(entry.uncompressed_size) +
             " bytes, more than the limit of " + std::to_string(m_limits.max_inflated_bytes));
  }
  if (entry.uncompressed_size > ratio_floor_bytes &&
      entry.uncompressed_size / std::max<std::uint64_t>(entry.compressed_size, 1) >
          m_limits.max_compression_ratio) {
    fail(FileFailure::ResourceLimit,
         "zip member '" + entry.name + "' has a compression ratio above " +
             std::to_string(m_limits.max_compression_ratio) + ":1 (zip bomb guard)");
  }
  const std::uint64_t local = entry.local_header_offset;
  if (local > m_bytes.size() || m_bytes.size() - local < local_header_size) {
    fail(FileFailure::Truncated, "zip member '" + entry.name + "' lies beyond the end of the file");
  }
  const auto at = static_cast<std::size_t>(local);
  if (le32(m_bytes, at) != local_header_signature) {
    fail(FileFailure::Corrupt, "zip member '" + entry.name + "' has no local header");
  }
  const std::uint64_t data_start =
      local + local_header_size + le16(m_bytes, at + 26) + le16(m_bytes, at + 28);
  if (data_start > m_bytes.size() || m_bytes.size() - data_start < entry.compressed_size) {
    fail(FileFailure::Truncated, "zip member '" + entry.name + "' is cut short");
  }
  return std::make_unique<MemberStream>(
      entry,
      m_bytes.subspan(static_cast<std::size_t>(data_start),
                      static_cast<std::size_t>(entry.compressed_size)),
      m_limits, m_release_input);
}

std::string ZipArchive::read_all(const ZipEntry& entry) const {
  auto stream = open(entry);
  std::string out;
  // The declared size is only a hint: it is checked, never trusted for allocation.
  out.resize(static_cast<std::size_t>(std::min<std::uint64_t>(entry.uncompressed_size, 1U << 24)) +
             1);
  std::size_t used = 0;
  for (;;) {
    if (used == out.size()) out.resize(out.size() * 2);
    const std::size_t n = stream->read(std::span<char>(out.data() + used, out.size() - used));
    if (n == 0) break;
    used += n;
  }
  out.resize(used);
  return out;
}

std::optional<std::string> ZipArchive::try_read_all(std::string_view name) const {
  const ZipEntry* entry = find(name);
  if (entry == nullptr) return std::nullopt;
  return read_all(*entry);
}

void MemberStream::InflateDeleter::operator()(inflate_state* state) const noexcept { delete state; }

MemberStream::MemberStream(const ZipEntry& entry, std::span<const std::byte> data,
                           const ZipLimits& limits, InputReleaser release_input)
    : m_name(entry.name),
      m_expected_crc(entry.crc32),
      m_expected_size(entry.uncompressed_size),
      m_compressed_size(entry.compressed_size),
      m_limits(limits),
      m_data(data),
      m_release_input(std::move(release_input)),
      m_stored(entry.method == method_stored) {
  if (!m_stored) {
    m_inflate.reset(new inflate_state);
    isal_inflate_init(m_inflate.get());
    m_inflate->crc_flag = ISAL_GZIP_NO_HDR;  // track the CRC-32 zip uses
  }
}

MemberStream::~MemberStream() = default;

std::size_t MemberStream::read(std::span<char> out) {
  if (m_done || out.empty()) return 0;
  const std::size_t n = m_stored ? read_stored(out) : read_deflated(out);
  if (n == 0) finish();
  return n;
}

std::size_t MemberStream::read_stored(std::span<char> out) {
  const std::uint64_t left = m_data.size() - m_in_pos;
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, out.size()));
  if (n == 0) return 0;
  std::memcpy(out.data(), m_data.data() + m_in_pos, n);
  m_crc = static_cast<std::uint32_t>(
      ::crc32(m_crc, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(n)));
  m_in_pos += n;
  m_total_out += n;
  check_growth(m_total_out);
  release_consumed(m_in_pos);
  return n;
}

std::size_t MemberStream::read_deflated(std::span<char> out) {
  inflate_state& state = *m_inflate;
  const auto want = static_cast<std::uint32_t>(
      std::min<std::size_t>(out.size(), std::numeric_limits<std::uint32_t>::max()));
  std::uint32_t produced = 0;
  while (produced == 0 && state.block_state != ISAL_BLOCK_FINISH) {
    if (state.avail_in == 0 && m_in_pos < m_data.size()) {
      const std::uint64_t chunk =
          std::min<std::uint64_t>(m_data.size() - m_in_pos, max_inflate_chunk);
      // isal never writes through next_in; its API just lacks const.
      state.next_in = const_cast<std::uint8_t*>(
          reinterpret_cast<const std::uint8_t*>(m_data.data() + m_in_pos));
      state.avail_in = static_cast<std::uint32_t>(chunk);
      m_in_pos += chunk;
    }
    const bool input_left = state.avail_in != 0;
    state.next_out = reinterpret_cast<std::uint8_t*>(out.data());
    state.avail_out = want;
    const int rc = isal_inflate(&state);
    if (rc < 0) {
      fail(FileFailure::Corrupt, "zip member '" + m_name + "' holds damaged compressed data");
    }
    produced = want - state.avail_out;
    if (produced == 0 && !input_left && m_in_pos >= m_data.size() &&
        state.block_state != ISAL_BLOCK_FINISH) {
      fail(FileFailure::Truncated, "zip member '" + m_name + "' ends in the middle of its data");
    }
  }
  m_total_out += produced;
  check_growth(m_total_out);
  release_consumed(m_in_pos - state.avail_in);
  return produced;
}

void MemberStream::release_consumed(std::uint64_t consumed) {
  if (!m_release_input || consumed - m_released < release_step) return;
  m_release_input(m_data.subspan(static_cast<std::size_t>(m_released),
                                 static_cast<std::size_t>(consumed - m_released)));
  m_released = consumed;
}

void MemberStream::check_growth(std::uint64_t total) const {
  if (total > m_limits.max_inflated_bytes) {
    fail(FileFailure::ResourceLimit, "zip member '" + m_name + "' inflates beyond the limit of " +
                                         std::to_string(m_limits.max_inflated_bytes) + " bytes");
  }
  if (total > m_expected_size) {
    // Declared sizes may lie; the bytes actually produced are what counts.
    if (total > ratio_floor_bytes &&
        total / std::max<std::uint64_t>(m_compressed_size, 1) > m_limits.max_compression_ratio) {
      fail(FileFailure::ResourceLimit, "zip member '" + m_name +
                                           "' inflates beyond its declared size at a ratio above " +
                                           std::to_string(m_limits.max_compression_ratio) + ":1");
    }
    fail(FileFailure::Corrupt, "zip member '" + m_name + "' inflates beyond its declared size");
  }
}

void MemberStream::finish() {
  m_done = true;
  if (!m_stored) m_crc = m_inflate->crc;
  if (m_total_out != m_expected_size) {
    fail(FileFailure::Corrupt, "zip member '" + m_name + "' inflated to " +
                                   std::to_string(m_total_out) + " bytes instead of the declared " +
                                   std::to_string(m_expected_size));
  }
  if (m_crc != m_expected_crc) {
    fail(FileFailure::Corrupt, "zip member '" + m_name + "' fails its CRC-32 check");
  }
}

}  // namespace pgdatahub::workbook
