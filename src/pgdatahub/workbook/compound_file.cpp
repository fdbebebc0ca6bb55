#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/little_endian.hpp>

#include <algorithm>
#include <cstring>
#include <string>

namespace pgdatahub::workbook {

namespace {

constexpr std::uint8_t signature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
constexpr std::size_t header_size = 512;
constexpr std::uint32_t end_of_chain = 0xFFFFFFFE;
constexpr std::uint32_t max_regular_sector = 0xFFFFFFFA;
constexpr std::size_t header_difat_entries = 109;
constexpr std::size_t directory_entry_size = 128;
constexpr std::uint8_t entry_stream = 2;
constexpr std::uint8_t entry_root = 5;

std::uint32_t u32(std::span<const std::byte> bytes, std::size_t offset) {
  return load_le32(bytes.data() + offset);
}

std::uint16_t u16(std::span<const std::byte> bytes, std::size_t offset) {
  return load_le16(bytes.data() + offset);
}

[[noreturn]] void corrupt(const std::string& what) {
  throw FileError(FileFailure::Corrupt, "broken OLE2 container: " + what);
}

std::string fold(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
  return out;
}

}  // namespace

std::size_t CompoundStream::read(std::uint64_t offset, std::span<std::byte> out) const {
  if (offset >= m_size) return 0;
  const std::size_t wanted =
      static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), m_size - offset));
  // An empty span may carry a null pointer, which memcpy must never see.
  if (wanted == 0) return 0;
  if (!m_in_file) {
    const auto source = m_copy.empty() ? m_view : std::span<const std::byte>(m_copy);
    std::memcpy(out.data(), source.data() + offset, wanted);
    return wanted;
  }
  std::size_t done = 0;
  while (done < wanted) {
    const std::uint64_t position = offset + done;
    const std::uint64_t index = position / m_sector_size;
    const std::size_t within = static_cast<std::size_t>(position % m_sector_size);
    // Sectors were checked to start within the file when the chain was
    // built; only the file's last one may be short.
    const std::uint64_t start = (static_cast<std::uint64_t>(m_sectors[index]) + 1) * m_sector_size;
    if (start + within >= m_file.size()) break;
    const std::size_t take =
        std::min<std::size_t>({wanted - done, m_sector_size - within,
                               static_cast<std::size_t>(m_file.size() - start - within)});
    std::memcpy(out.data() + done, m_file.data() + start + within, take);
    done += take;
  }
  return done;
}

CompoundStream CompoundStream::from_bytes(std::span<const std::byte> bytes) {
  CompoundStream stream;
  stream.m_view = bytes;
  stream.m_size = bytes.size();
  return stream;
}

CompoundStream CompoundStream::from_owned(std::vector<std::byte> bytes) {
  CompoundStream stream;
  stream.m_size = bytes.size();
  stream.m_copy = std::move(bytes);
  return stream;
}

bool CompoundFile::has_signature(std::span<const std::byte> bytes) noexcept {
  return bytes.size() >= sizeof signature &&
         std::memcmp(bytes.data(), signature, sizeof signature) == 0;
}

std::span<const std::byte> CompoundFile::sector(std::uint32_t id) const {
  const std::uint64_t start = (static_cast<std::uint64_t>(id) + 1) * m_sector_size;
  // Some writers end the file inside its last sector; what is there is read.
  if (id > max_regular_sector || start >= m_bytes.size()) {
    throw FileError(FileFailure::Truncated,
                    "the file ends before sector " + std::to_string(id) +
                        " that its OLE2 container refers to (truncated download?)");
  }
  return m_bytes.subspan(static_cast<std::size_t>(start),
                         std::min<std::size_t>(m_sector_size, m_bytes.size() - start));
}

std::vector<std::uint32_t> CompoundFile::chain(std::uint32_t start,
                                               const std::vector<std::uint32_t>& fat,
                                               std::size_t limit) const {
  std::vector<std::uint32_t> ids;
  std::uint32_t id = start;
  while (id != end_of_chain) {
    if (id >= fat.size()) corrupt("sector chain points outside the allocation table");
    if (ids.size() >= limit) corrupt("sector chain loops or is longer than its stream");
    ids.push_back(id);
    id = fat[id];
  }
  return ids;
}

std::vector<std::uint32_t> CompoundFile::stream_chain(const Entry& entry,
                                                      const std::vector<std::uint32_t>& fat,
                                                      std::size_t needed) const {
  std::vector<std::uint32_t> ids;
  std::vector<bool> seen(fat.size());
  std::uint32_t id = entry.start;
  while (id != end_of_chain && ids.size() < needed) {
    if (id >= fat.size()) corrupt("sector chain points outside the allocation table");
    // A sector twice in one stream would repeat data: which copy is right is
    // ambiguous, so a loop is refused rather than cut.
    if (seen[id]) corrupt("sector chain loops");
    seen[id] = true;
    ids.push_back(id);
    id = fat[id];
  }
  // Writers that leave the chain running past the stream's size (POI bug
  // 45290) lose nothing: the size says where the data ends, as LibreOffice
  // and Gnumeric read it.
  if (ids.size() == needed && id != end_of_chain) {
    m_repairs.push_back("the OLE2 stream '" + entry.name +
                        "' has a sector chain longer than its size: read up to its size");
  }
  return ids;
}

CompoundFile::CompoundFile(std::span<const std::byte> bytes) : m_bytes(bytes) {
  if (!has_signature(bytes)) corrupt("missing signature");
  if (bytes.size() < header_size) {
    throw FileError(FileFailure::Truncated, "the file ends inside its OLE2 header");
  }
  const std::uint16_t sector_shift = u16(bytes, 0x1E);
  const std::uint16_t mini_shift = u16(bytes, 0x20);
  if (sector_shift != 9 && sector_shift != 12) corrupt("unknown sector size");
  if (mini_shift != 6) corrupt("unknown mini sector size");
  m_sector_size = 1u << sector_shift;
  m_mini_sector_size = 1u << mini_shift;
  const std::uint32_t fat_sectors = u32(bytes, 0x2C);
  const std::uint32_t first_directory = u32(bytes, 0x30);
  m_mini_cutoff = u32(bytes, 0x38);
  m_first_mini_fat = u32(bytes, 0x3C);
  m_mini_fat_sectors = u32(bytes, 0x40);
  std::uint32_t difat_sector = u32(bytes, 0x44);
  const std::uint32_t difat_sectors = u32(bytes, 0x48);

  const std::size_t file_sectors = bytes.size() / m_sector_size + 1;
  if (fat_sectors > file_sectors) corrupt("more allocation-table sectors than the file holds");

  // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
  std::vector<std::uint32_t> fat_ids;
  for (std::size_t i = 0; i < header_difat_entries && fat_ids.size() < fat_sectors; ++i) {
    fat_ids.push_back(u32(bytes, 0x4C + i * 4));
  }
  const std::size_t per_difat = m_sector_size / 4 - 1;
  for (std::uint32_t n = 0; fat_ids.size() < fat_sectors; ++n) {
    if (n >= difat_sectors || n > file_sectors) corrupt("allocation table index (DIFAT) is short");
    const auto block = sector(difat_sector);
    if (block.size() < m_sector_size) {
      throw FileError(FileFailure::Truncated,
                      "the file ends inside its OLE2 allocation table index");
    }
    for (std::size_t i = 0; i < per_difat && fat_ids.size() < fat_sectors; ++i) {
      fat_ids.push_back(u32(block, i * 4));
    }
    difat_sector = u32(block, per_difat * 4);
  }
  m_fat.reserve(fat_ids.size() * (m_sector_size / 4));
  for (std::uint32_t id : fat_ids) {
    const auto block = sector(id);
    for (std::size_t i = 0; i < block.size() / 4; ++i) m_fat.push_back(u32(block, i * 4));
  }

  for (std::uint32_t id : chain(first_directory, m_fat, file_sectors)) {
    const auto block = sector(id);
    for (std::size_t offset = 0; offset + directory_entry_size <= block.size();
         offset += directory_entry_size) {
      const auto raw = block.subspan(offset, directory_entry_size);
      Entry entry;
      const std::size_t name_bytes = std::min<std::size_t>(u16(raw, 0x40), 64);
      for (std::size_t i = 0; i + 1 < name_bytes; i += 2) {
        const std::uint16_t unit = u16(raw, i);
        if (unit == 0) break;
        entry.name += unit < 0x80 ? static_cast<char>(unit) : '?';
      }
      entry.name = fold(entry.name);
      entry.type = static_cast<std::uint8_t>(raw[0x42]);
      entry.start = u32(raw, 0x74);
      entry.size = u32(raw, 0x78);
      if (sector_shift == 12) entry.size |= static_cast<std::uint64_t>(u32(raw, 0x7C)) << 32;
      m_entries.push_back(std::move(entry));
    }
  }
  if (m_entries.empty() || m_entries.front().type != entry_root) corrupt("no root directory entry");
}

bool CompoundFile::has_stream(std::string_view name) const {
  const std::string wanted = fold(name);
  return std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry& entry) {
    return entry.type == entry_stream && entry.name == wanted;
  });
}

std::optional<CompoundStream> CompoundFile::open_stream(
    std::initializer_list<std::string_view> names) const {
  const Entry* found = nullptr;
  for (std::string_view name : names) {
    const std::string wanted = fold(name);
    for (const auto& entry : m_entries) {
      if (entry.type == entry_stream && entry.name == wanted) {
        found = &entry;
        break;
      }
    }
    if (found != nullptr) break;
  }
  if (found == nullptr) return std::nullopt;
  const std::size_t file_sectors = m_bytes.size() / m_sector_size + 1;
  CompoundStream stream;
  stream.m_file = m_bytes;
  stream.m_sector_size = m_sector_size;
  stream.m_size = found->size;
  if (found->size >= m_mini_cutoff) {
    const std::uint64_t needed = (found->size + m_sector_size - 1) / m_sector_size;
    if (needed > file_sectors) {
      throw FileError(FileFailure::Truncated,
                      "an OLE2 stream is larger than the file (truncated download?)");
    }
    stream.m_sectors = stream_chain(*found, m_fat, static_cast<std::size_t>(needed));
    if (stream.m_sectors.size() < needed)
      corrupt("stream's sector chain is shorter than the stream");
    for (std::uint32_t id : stream.m_sectors) sector(id);  // every sector within the file
    stream.m_in_file = true;
    return stream;
  }
  // A mini stream: 64-byte sectors inside the root entry's stream.
  const auto& root = m_entries.front();
  const auto root_sectors = chain(root.start, m_fat, file_sectors);
  std::vector<std::uint32_t> mini_fat;
  for (std::uint32_t id : chain(m_first_mini_fat, m_fat, file_sectors)) {
    const auto block = sector(id);
    for (std::size_t i = 0; i < block.size() / 4; ++i) mini_fat.push_back(u32(block, i * 4));
  }
  const std::size_t needed =
      static_cast<std::size_t>((found->size + m_mini_sector_size - 1) / m_mini_sector_size);
  const auto mini_ids = stream_chain(*found, mini_fat, needed);
  if (mini_ids.size() < needed) corrupt("mini stream chain is shorter than the stream");
  stream.m_copy.resize(static_cast<std::size_t>(found->size));
  std::size_t done = 0;
  for (std::uint32_t mini : mini_ids) {
    const std::uint64_t position = static_cast<std::uint64_t>(mini) * m_mini_sector_size;
    const std::uint64_t index = position / m_sector_size;
    if (index >= root_sectors.size()) corrupt("mini sector outside the mini stream");
    const auto block = sector(root_sectors[index]);
    const std::size_t within = static_cast<std::size_t>(position % m_sector_size);
    const std::size_t take = std::min<std::size_t>(m_mini_sector_size, stream.m_copy.size() - done);
    if (within + take > block.size()) {
      throw FileError(FileFailure::Truncated,
                      "the file ends inside a small OLE2 stream (truncated download?)");
    }
    std::memcpy(stream.m_copy.data() + done, block.data() + within, take);
    done += take;
  }
  return stream;
}

}  // namespace pgdatahub::workbook
