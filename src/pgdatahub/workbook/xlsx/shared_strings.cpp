#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xlsx/ooxml_text.hpp>
#include <pgdatahub/workbook/xlsx/shared_strings.hpp>
#include <pgdatahub/workbook/xlsx/simple_cell.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <algorithm>
#include <limits>

namespace pgdatahub::workbook::xlsx {

void SharedStrings::load(ByteSource& part, bool fast_paths) {
  m_chars.clear();
  m_offsets.assign(1, 0);
  m_nuls.clear();
  XmlScanner xml(part);
  bool in_item = false;
  bool in_text = false;
  std::size_t item_start = 0;
  for (;;) {
    if (fast_paths && !in_item && !in_text && xml.depth() != 0) {
      // The same steps as the events of <si><t>text</t></si> would take.
      const SimpleSharedString simple = match_simple_shared_string(xml.unscanned());
      if (simple.size != 0) {
        item_start = m_chars.size();
        m_chars.append(simple.text);
        finish_item(item_start);
        xml.consume_unscanned(simple.size);
        continue;
      }
    }
    const XmlEvent event = xml.next();
    if (event == XmlEvent::End) break;
    const std::string_view name = xml.name();
    if (event == XmlEvent::StartElement) {
      if (name == "si") {
        in_item = true;
        item_start = m_chars.size();
      } else if (in_item && name == "t") {
        in_text = true;
      } else if (in_item && name == "rPh") {
        xml.skip_element();  // phonetic guide (furigana), not part of the value
      }
    } else if (event == XmlEvent::Text) {
      if (in_text) m_chars.append(xml.text());
    } else if (name == "t") {
      in_text = false;
    } else if (name == "si") {
      in_item = false;
      finish_item(item_start);
    }
  }
  // No shrink_to_fit: the copy it makes would double the peak, and the unused
  // tail of a large buffer is never touched, so it takes no resident memory.
}

void SharedStrings::finish_item(std::size_t item_start) {
  std::uint64_t nuls = 0;
  const std::size_t size =
      clean_ooxml_text(m_chars.data() + item_start, m_chars.size() - item_start, nuls);
  m_chars.resize(item_start + size);
  if (m_chars.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw FileError(FileFailure::ResourceLimit, "shared string table larger than 4 GiB");
  }
  if (nuls != 0) {
    m_nuls.emplace_back(static_cast<std::uint32_t>(m_offsets.size() - 1),
                        static_cast<std::uint32_t>(nuls));
  }
  m_offsets.push_back(static_cast<std::uint32_t>(m_chars.size()));
}

std::uint32_t SharedStrings::nul_removed(std::size_t index) const noexcept {
  if (m_nuls.empty()) return 0;
  const auto it =
      std::lower_bound(m_nuls.begin(), m_nuls.end(), index,
                       [](const auto& entry, std::size_t i) { return entry.first < i; });
  return it != m_nuls.end() && it->first == index ? it->second : 0;
}

}  // namespace pgdatahub::workbook::xlsx
