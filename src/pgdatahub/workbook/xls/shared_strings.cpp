#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xls/shared_strings.hpp>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::size_t sst_header = 8;

// Reads across segment boundaries; `chars` additionally re-reads the
// 8/16-bit flag byte that starts each CONTINUE in the middle of a string.
class SegmentCursor {
 public:
  explicit SegmentCursor(const std::vector<std::vector<std::byte>>& segments)
      : m_segments(segments) {}

  bool at_end() {
    while (m_segment < m_segments.size() && m_pos >= m_segments[m_segment].size()) {
      ++m_segment;
      m_pos = 0;
    }
    return m_segment >= m_segments.size();
  }

  std::uint32_t uint(std::size_t width) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      if (at_end()) truncated();
      value |= static_cast<std::uint32_t>(m_segments[m_segment][m_pos++]) << (8 * i);
    }
    return value;
  }

  void skip(std::uint64_t count) {
    while (count > 0) {
      if (at_end()) truncated();
      const std::size_t take = static_cast<std::size_t>(
          std::min<std::uint64_t>(count, m_segments[m_segment].size() - m_pos));
      m_pos += take;
      count -= take;
    }
  }

  // The pieces are gathered as UTF-16 and decoded once: a CONTINUE may fall
  // between the two halves of a surrogate pair (LibreOffice splits them so).
  void chars(std::size_t count, bool wide, std::string& out) {
    m_units.clear();
    while (count > 0) {
      if (m_pos >= current().size()) {
        if (at_end()) truncated();
        wide = (uint(1) & 0x01) != 0;  // a continued string restates its width
      }
      const std::size_t unit = wide ? 2 : 1;
      const std::size_t available = (current().size() - m_pos) / unit;
      if (available == 0) truncated();
      const std::size_t take = std::min(count, available);
      const auto piece = std::span<const std::byte>(current()).subspan(m_pos, take * unit);
      if (wide) {
        m_units.insert(m_units.end(), piece.begin(), piece.end());
      } else {
        for (std::byte latin1 : piece) {
          m_units.push_back(latin1);
          m_units.push_back(std::byte{0});
        }
      }
      m_pos += take * unit;
      count -= take;
    }
    append_utf16le(m_units, out);
  }

 private:
  const std::vector<std::byte>& current() const { return m_segments[m_segment]; }
  [[noreturn]] static void truncated() {
    throw FileError(FileFailure::Corrupt,
                    "malformed .xls: a shared string runs past the string table");
  }
  const std::vector<std::vector<std::byte>>& m_segments;
  std::size_t m_segment = 0;
  std::size_t m_pos = 0;
  std::vector<std::byte> m_units;  // UTF-16LE of the string being read
};

}  // namespace

void SharedStrings::parse(const std::vector<std::vector<std::byte>>& segments) {
  SegmentCursor cursor(segments);
  cursor.skip(std::min<std::size_t>(sst_header, segments.empty() ? 0 : segments[0].size()));
  std::string piece;
  while (!cursor.at_end()) {
    const std::size_t count = cursor.uint(2);
    const std::uint32_t flags = cursor.uint(1);
    const std::uint32_t runs = (flags & 0x08) != 0 ? cursor.uint(2) : 0;
    const std::uint32_t ext = (flags & 0x04) != 0 ? cursor.uint(4) : 0;
    piece.clear();
    cursor.chars(count, (flags & 0x01) != 0, piece);
    cursor.skip(static_cast<std::uint64_t>(runs) * 4 + ext);
    Entry entry{m_text.size(), 0, 0};
    for (char c : piece) {
      if (c == '\0') {
        ++entry.nuls;
      } else {
        m_text += c;
      }
    }
    entry.size = static_cast<std::uint32_t>(m_text.size() - entry.offset);
    m_entries.push_back(entry);
  }
}

std::string_view SharedStrings::at(std::size_t index) const noexcept {
  const auto& entry = m_entries[index];
  return std::string_view(m_text).substr(entry.offset, entry.size);
}

}  // namespace pgdatahub::workbook::xls
