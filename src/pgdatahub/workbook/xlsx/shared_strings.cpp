#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/huge_pages.hpp>
#include <pgdatahub/workbook/xlsx/byte_match.hpp>
#include <pgdatahub/workbook/xlsx/ooxml_text.hpp>
#include <pgdatahub/workbook/xlsx/shared_strings.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <algorithm>
#include <limits>
#include <utility>
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

// The largest part a load behind takes: its buffers, sized from the part,
// must stay within the 32-bit offsets.
constexpr std::uint64_t max_part_behind = std::uint64_t{2} << 30;

// Thrown out of the parse of a load behind whose table is going away.
struct LoadCancelled {};

}  // namespace

SharedStrings::~SharedStrings() {
  if (!m_loader.joinable()) return;
  m_cancelled.store(true, std::memory_order_relaxed);
  m_loader.join();
}

void SharedStrings::start(std::uint64_t part_size, bool behind) {
  m_chars.clear();
  m_offsets.assign(1, 0);
  m_nuls.clear();
  m_ready.store(0, std::memory_order_relaxed);
  m_any_nuls.store(false, std::memory_order_relaxed);
  m_behind = behind;
  // The characters of a UTF-8 part never outnumber its bytes (markup and
  // escapes only shrink), so one allocation holds them all: growing by
  // doubling would copy the table about once more and fault in every copy's
  // pages. A UTF-16 part decoded to UTF-8 grows by half at most (two bytes
  // make at most three): a load behind reserves that much, so that nothing
  // it has handed out moves; load() grows as before in that rare case.
  // What the strings leave unused is never touched, so never resident.
  const std::uint64_t chars = behind ? part_size + part_size / 2 : part_size;
  m_chars.reserve(static_cast<std::size_t>(
      std::min<std::uint64_t>(chars, std::numeric_limits<std::uint32_t>::max())));
  // The smallest item, <si/>, takes five bytes of the part.
  if (behind) m_offsets.reserve(static_cast<std::size_t>(part_size / 5 + 2));
  // Every text cell looks its string up at random in both.
  prefer_huge_pages(m_chars.data(), m_chars.capacity());
  prefer_huge_pages(m_offsets.data(), m_offsets.capacity() * sizeof(std::uint32_t));
}

void SharedStrings::load(ByteSource& part, bool fast_paths, std::uint64_t part_size) {
  start(part_size, false);
  parse(part, fast_paths);
  m_ready.store(m_offsets.size() - 1, std::memory_order_release);
}

void SharedStrings::load_behind(std::unique_ptr<ByteSource> part, bool fast_paths,
                                std::uint64_t part_size) {
  if (part_size > max_part_behind) {  // the buffers could not be sized for it
    load(*part, fast_paths, part_size);
    return;
  }
  start(part_size, true);
  m_loading.store(true, std::memory_order_release);
  m_loader = std::thread([this, source = std::move(part), fast_paths] {
    std::exception_ptr failure;
    try {
      parse(*source, fast_paths);  // which publishes each item as it ends
    } catch (const LoadCancelled&) {
      // the table is being destroyed: nobody reads it any more
    } catch (...) {
      failure = std::current_exception();
    }
    const std::lock_guard lock(m_mutex);
    m_failure = failure;
    m_loading.store(false, std::memory_order_release);
    m_changed.notify_all();
  });
}

void SharedStrings::parse(ByteSource& part, bool fast_paths) {
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
        publish();
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
      if (in_text) append_text(xml.text());
    } else if (name == "t") {
      in_text = false;
    } else if (name == "si") {
      in_item = false;
      finish_item(item_start);
      publish();
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
    append_text(std::string_view(text, static_cast<std::size_t>(stop - text)));
    if (needs_cleaning) {
      finish_item(item_start);
    } else {
      end_item();  // nothing for clean_ooxml_text to change: skip its passes
    }
    p = stop + literal_size(item_close);
  }
  return static_cast<std::size_t>(p - begin);
}

void SharedStrings::append_text(std::string_view text) {
  if (m_behind && text.size() > m_chars.capacity() - m_chars.size()) {
    // Not reached while the sizing in start() holds: moving the buffer now
    // would leave the strings already handed out pointing at freed memory.
    throw FileError(FileFailure::Corrupt,
                    "shared strings longer than their part allows: the package is corrupt");
  }
  m_chars.append(text);
}

void SharedStrings::finish_item(std::size_t item_start) {
  std::uint64_t nuls = 0;
  const std::size_t size =
      clean_ooxml_text(m_chars.data() + item_start, m_chars.size() - item_start, nuls);
  m_chars.resize(item_start + size);
  if (nuls != 0) {
    std::unique_lock lock(m_mutex, std::defer_lock);
    if (m_behind) lock.lock();  // readers of the strings loaded so far look here
    m_nuls.emplace_back(static_cast<std::uint32_t>(m_offsets.size() - 1),
                        static_cast<std::uint32_t>(nuls));
    m_any_nuls.store(true, std::memory_order_release);
  }
  end_item();
}

void SharedStrings::end_item() {
  if (m_chars.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw FileError(FileFailure::ResourceLimit, "shared string table larger than 4 GiB");
  }
  if (m_behind && m_offsets.size() == m_offsets.capacity()) {
    // As in append_text: the sizing in start() keeps this from happening.
    throw FileError(FileFailure::Corrupt,
                    "more shared strings than their part allows: the package is corrupt");
  }
  m_offsets.push_back(static_cast<std::uint32_t>(m_chars.size()));
}

void SharedStrings::publish() {
  if (!m_behind) return;  // load(): the strings are usable once it returns
  if (m_cancelled.load(std::memory_order_relaxed)) throw LoadCancelled{};
  // Sequentially consistent, with the count of waiters read after it: a
  // reader either sees the new count or is counted, and then woken.
  m_ready.store(m_offsets.size() - 1, std::memory_order_seq_cst);
  if (m_waiting.load(std::memory_order_seq_cst) == 0) return;
  { const std::lock_guard lock(m_mutex); }  // a counted reader is now waiting
  m_changed.notify_all();
}

bool SharedStrings::wait_for(std::size_t index) const {
  std::unique_lock lock(m_mutex);
  m_waiting.fetch_add(1, std::memory_order_seq_cst);
  m_changed.wait(lock, [&] {
    return index < m_ready.load(std::memory_order_seq_cst) ||
           !m_loading.load(std::memory_order_seq_cst);
  });
  m_waiting.fetch_sub(1, std::memory_order_seq_cst);
  if (index < m_ready.load(std::memory_order_acquire)) return true;
  if (m_failure) std::rethrow_exception(m_failure);
  return false;
}

void SharedStrings::finish_loading() const {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return !m_loading.load(std::memory_order_acquire); });
  if (m_failure) std::rethrow_exception(m_failure);
}

std::uint32_t SharedStrings::nul_removed(std::size_t index) const noexcept {
  if (!m_any_nuls.load(std::memory_order_acquire)) return 0;
  std::unique_lock lock(m_mutex, std::defer_lock);
  if (m_behind) lock.lock();  // a load behind may be adding to m_nuls
  const auto it =
      std::lower_bound(m_nuls.begin(), m_nuls.end(), index,
                       [](const auto& entry, std::size_t i) { return entry.first < i; });
  return it != m_nuls.end() && it->first == index ? it->second : 0;
}

}  // namespace pgdatahub::workbook::xlsx
