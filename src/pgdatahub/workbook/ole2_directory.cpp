#include <pgdatahub/workbook/ole2_directory.hpp>

#include <pgdatahub/workbook/little_endian.hpp>

#include <cstdint>
#include <unordered_set>

namespace pgdatahub::workbook {
namespace {

constexpr std::size_t kHeaderSize = 512;
constexpr std::size_t kHeaderDifatEntries = 109;
constexpr std::size_t kDirectoryEntrySize = 128;
constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr std::uint32_t kMaxRegularSector = 0xFFFFFFFA;

class Reader {
public:
  explicit Reader(std::span<const std::byte> bytes) : m_bytes(bytes) {}
  bool has(std::size_t at, std::size_t size) const noexcept {
    return at <= m_bytes.size() && m_bytes.size() - at >= size;
  }
  std::uint32_t u16(std::size_t at) const noexcept { return load_le16(m_bytes.data() + at); }
  std::uint32_t u32(std::size_t at) const noexcept { return load_le32(m_bytes.data() + at); }

private:
  std::span<const std::byte> m_bytes;
};

}  // namespace

std::vector<std::string> ole2_stream_names(std::span<const std::byte> bytes) {
  std::vector<std::string> names;
  const Reader in(bytes);
  if (!in.has(0, kHeaderSize)) return names;
  const std::uint32_t shift = in.u16(0x1E);
  if (shift < 7 || shift > 16) return names;
  const std::size_t sector_size = std::size_t{1} << shift;
  const auto sector_offset = [&](std::uint32_t sector) { return (std::size_t{sector} + 1) << shift; };
  const std::size_t max_sectors = bytes.size() / sector_size + 1;

  // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
  std::vector<std::uint32_t> fat_sectors;
  for (std::size_t i = 0; i < kHeaderDifatEntries; ++i) {
    const std::uint32_t s = in.u32(0x4C + 4 * i);
    if (s <= kMaxRegularSector) fat_sectors.push_back(s);
  }
  std::uint32_t difat = in.u32(0x44);
  for (std::size_t guard = 0; difat <= kMaxRegularSector && guard < max_sectors; ++guard) {
    const std::size_t at = sector_offset(difat);
    if (!in.has(at, sector_size)) break;
    const std::size_t per_sector = sector_size / 4 - 1;
    for (std::size_t i = 0; i < per_sector; ++i) {
      const std::uint32_t s = in.u32(at + 4 * i);
      if (s <= kMaxRegularSector) fat_sectors.push_back(s);
    }
    difat = in.u32(at + 4 * per_sector);
  }
  const auto next_sector = [&](std::uint32_t sector) -> std::uint32_t {
    const std::size_t per_sector = sector_size / 4;
    const std::size_t index = sector / per_sector;
    if (index >= fat_sectors.size()) return kEndOfChain;
    const std::size_t at = sector_offset(fat_sectors[index]) + 4 * (sector % per_sector);
    return in.has(at, 4) ? in.u32(at) : kEndOfChain;
  };

  std::unordered_set<std::uint32_t> seen;
  std::uint32_t sector = in.u32(0x30);
  while (sector <= kMaxRegularSector && seen.insert(sector).second && seen.size() <= max_sectors) {
    const std::size_t at = sector_offset(sector);
    if (!in.has(at, sector_size)) break;
    for (std::size_t entry = at; entry + kDirectoryEntrySize <= at + sector_size; entry += kDirectoryEntrySize) {
      const std::uint32_t name_bytes = in.u16(entry + 0x40);
      const std::uint32_t type = std::to_integer<std::uint32_t>(bytes[entry + 0x42]);
      if (type == 0 || name_bytes < 2 || name_bytes > 64) continue;
      std::string name;
      for (std::size_t i = 0; i + 2 < name_bytes; i += 2) {
        const std::uint32_t unit = in.u16(entry + i);
        name.push_back(unit < 0x80 ? static_cast<char>(unit) : '?');
      }
      names.push_back(std::move(name));
    }
    sector = next_sector(sector);
  }
  return names;
}

}  // namespace pgdatahub::workbook
