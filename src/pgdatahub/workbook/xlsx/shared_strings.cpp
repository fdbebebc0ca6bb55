#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xlsx/byte_match.hpp>
#include <pgdatahub/workbook/xlsx/ooxml_text.hpp>
#include <pgdatahub/workbook/xlsx/shared_strings.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <algorithm>
#include <limits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pgdatahub::workbook::xlsx {
namespace {

// The common item, taken whole by the fast path; anything else (rich text
// runs, phonetic guides, entities, CDATA, comments, whitespace between the
// tags, an item cut by the end of the scanner's block) is the scanner's.
constexpr char item_open[] = "<si><t>";
constexpr char item_open_preserving[] = "<si><t xml:space=\"preserve\">";
constexpr char item_close[] = "</t></si>";

// The first byte from p on that a plain text may not simply be copied
// past, or end: '<' and '&' end what the fast path can take, '_' (perhaps
// an _xHHHH_ escape) and NUL only send the text through clean_ooxml_text.
// One pass over the text finds all four, 16 bytes at a time (SSE2, which
// every x86-64 has); the last bytes before `end` are looked at one by one,
// so nothing past the block is read.
const char* find_text_stop(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i less = _mm_set1_epi8('<');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i underscore = _mm_set1_epi8('_');
  const __m128i nul = _mm_setzero_si128();
  while (end - p >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, less), _mm_cmpeq_epi8(chunk, amp)),
                     _mm_or_si128(_mm_cmpeq_epi8(chunk, underscore), _mm_cmpeq_epi8(chunk, nul)));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (*p == '<' || *p == '&' || *p == '_' || *p == '\0') return p;
  }
  return end;
}

}  // namespace

void SharedStrings::load(ByteSource& part, bool fast_paths, std::uint64_t part_size) {
  m_chars.clear();
  m_offsets.assign(1, 0);
  // The characters of a UTF-8 part never outnumber its bytes (markup and
  // escapes only shrink), so one allocation holds them all: growing by
  // doubling would copy the table about once more and fault in every copy's
  // pages. (A UTF-16 part decoded to UTF-8 may outgrow it: then it grows as
  // before.) What the strings leave unused is never touched, so never resident.
  m_chars.reserve(static_cast<std::size_t>(
      std::min<std::uint64_t>(part_size, std::numeric_limits<std::uint32_t>::max())));
  m_nuls.clear();
  XmlScanner xml(part);
  bool in_item = false;
  bool in_text = false;
  std::size_t item_start = 0;
  for (;;) {
    if (fast_paths && !in_item && !in_text && xml.depth() != 0) {
      // The same items as the events of <si><t>text</t></si> would make.
      const std::size_t taken = take_plain_items(xml.unscanned());
      if (taken != 0) {
        xml.consume_unscanned(taken);
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

std::size_t SharedStrings::take_plain_items(std::string_view bytes) {
  const char* const begin = bytes.data();
  const char* const end = begin + bytes.size();
  const char* p = begin;
  // Items follow one another with nothing between them: one call takes the
  // whole run of plain items the block holds, not one item per event loop.
  for (;;) {
    const char* text = nullptr;
    if (at(p, end, item_open)) {
      text = p + literal_size(item_open);
    } else if (at(p, end, item_open_preserving)) {
      text = p + literal_size(item_open_preserving);
    } else {
      break;
    }
    const char* stop = find_text_stop(text, end);
    bool needs_cleaning = false;
    while (stop != end && (*stop == '_' || *stop == '\0')) {
      needs_cleaning = true;
      stop = find_text_stop(stop + 1, end);
    }
    if (!at(stop, end, item_close)) break;  // an entity, markup, or the block's end
    const std::size_t item_start = m_chars.size();
    m_chars.append(text, static_cast<std::size_t>(stop - text));
    if (needs_cleaning) {
      finish_item(item_start);
    } else {
      end_item();  // nothing for clean_ooxml_text to change: skip its passes
    }
    p = stop + literal_size(item_close);
  }
  return static_cast<std::size_t>(p - begin);
}

void SharedStrings::finish_item(std::size_t item_start) {
  std::uint64_t nuls = 0;
  const std::size_t size =
      clean_ooxml_text(m_chars.data() + item_start, m_chars.size() - item_start, nuls);
  m_chars.resize(item_start + size);
  if (nuls != 0) {
    m_nuls.emplace_back(static_cast<std::uint32_t>(m_offsets.size() - 1),
                        static_cast<std::uint32_t>(nuls));
  }
  end_item();
}

void SharedStrings::end_item() {
  if (m_chars.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw FileError(FileFailure::ResourceLimit, "shared string table larger than 4 GiB");
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
