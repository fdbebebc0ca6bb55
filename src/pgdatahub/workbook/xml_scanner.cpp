#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/utf16_source.hpp>
#include <pgdatahub/workbook/utf8.hpp>
#include <pgdatahub/workbook/xml_element_text.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <algorithm>
#include <cstring>
#include <string>

namespace pgdatahub::workbook {
namespace {

constexpr std::string_view cdata_open = "<![CDATA[";
constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";
constexpr std::string_view comment_open = "<!--";

[[noreturn]] void fail(FileFailure failure, const std::string& message) {
  throw FileError(failure, message);
}

inline bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool is_blank(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(), is_space);
}

// Ends a name: whitespace, '/', '>', '=', or the NUL sentinel after the data.
inline bool ends_name(char c) noexcept {
  return c == ' ' || c == '>' || c == '/' || c == '=' || c == '\n' || c == '\r' || c == '\t' ||
         c == '\0';
}

// Names are short and mostly unprefixed: a forward scan beats rfind here.
inline std::string_view local_part(std::string_view qualified) noexcept {
  std::size_t start = 0;
  for (std::size_t i = 0; i < qualified.size(); ++i) {
    if (qualified[i] == ':') start = i + 1;
  }
  return qualified.substr(start);
}

// Decodes one reference between '&' and ';' (exclusive); writes UTF-8 to out.
std::size_t decode_reference(std::string_view body, char* out) noexcept {
  if (body == "amp") {
    *out = '&';
    return 1;
  }
  if (body == "lt") {
    *out = '<';
    return 1;
  }
  if (body == "gt") {
    *out = '>';
    return 1;
  }
  if (body == "quot") {
    *out = '"';
    return 1;
  }
  if (body == "apos") {
    *out = '\'';
    return 1;
  }
  if (body.size() < 2 || body[0] != '#') return 0;
  std::uint32_t cp = 0;
  const bool hex = body[1] == 'x' || body[1] == 'X';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return 0;
  for (char c : digits) {
    std::uint32_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<std::uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return 0;
    }
    cp = cp * (hex ? 16U : 10U) + d;
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  return encode_utf8(cp, out);
}

}  // namespace

std::size_t decode_xml_entities(char* data, std::size_t size) {
  char* amp = static_cast<char*>(std::memchr(data, '&', size));
  if (amp == nullptr) return size;
  char* out = amp;
  const char* in = amp;
  const char* end = data + size;
  constexpr std::size_t longest_reference = 12;  // "&#x0010FFFF;"
  while (in < end) {
    if (*in != '&') {
      *out++ = *in++;
      continue;
    }
    const std::size_t window =
        std::min<std::size_t>(longest_reference, static_cast<std::size_t>(end - in));
    const char* semi = static_cast<const char*>(std::memchr(in + 1, ';', window - 1));
    if (semi != nullptr) {
      // Every reference is at least as long as its UTF-8, so decoding in place is safe.
      char utf8[max_utf8_size];
      const std::size_t n =
          decode_reference(std::string_view(in + 1, static_cast<std::size_t>(semi - in - 1)), utf8);
      if (n != 0) {
        std::memcpy(out, utf8, n);
        out += n;
        in = semi + 1;
        continue;
      }
    }
    *out++ = *in++;
  }
  return static_cast<std::size_t>(out - data);
}

XmlScanner::XmlScanner(ByteSource& source, std::size_t block_size, std::size_t max_token_size)
    : m_source(&source),
      m_block_size(std::max<std::size_t>(block_size, 64)),
      m_max_token_size(max_token_size) {
  m_buffer.resize(m_block_size + 1);
  m_pos = m_end = m_buffer.data();
  *m_end = '\0';
  m_attributes.reserve(16);
}

XmlScanner::XmlScanner(std::string_view document)
    : m_owned_source(std::make_unique<MemorySource>(document)),
      m_source(m_owned_source.get()),
      m_block_size(std::clamp<std::size_t>(document.size(), 64, default_block_size)),
      m_max_token_size(default_max_token_size) {
  m_buffer.resize(m_block_size + 1);
  m_pos = m_end = m_buffer.data();
  *m_end = '\0';
  m_attributes.reserve(16);
}

XmlScanner::~XmlScanner() = default;

std::optional<std::string_view> XmlScanner::attribute(std::string_view local_name) const noexcept {
  for (const XmlAttribute& a : m_attributes) {
    if (a.name != local_name) continue;
    if (a.qualified_name == "xmlns" || a.qualified_name.starts_with("xmlns:")) continue;
    return a.value;
  }
  return std::nullopt;
}

bool XmlScanner::refill() {
  if (m_eof) return false;
  const std::size_t kept = static_cast<std::size_t>(m_end - m_pos);
  char* base = m_buffer.data();
  if (kept != 0 && m_pos != base) std::memmove(base, m_pos, kept);
  std::size_t capacity = m_buffer.size() - 1;
  if (capacity - kept < m_block_size / 2) {
    // One token (a long text, a huge tag) outgrew the block: grow, within limits.
    if (kept >= m_max_token_size) {
      fail(FileFailure::ResourceLimit,
           "XML token larger than " + std::to_string(m_max_token_size) + " bytes");
    }
    capacity = std::max(capacity * 2, kept + m_block_size);
    m_buffer.resize(capacity + 1);
    base = m_buffer.data();
  }
  m_pos = base;
  m_end = base + kept;
  const std::span<char> room(m_end, capacity - kept);
  std::size_t n = 0;
  // A block can shrink to nothing (a lone LF after a CR): read until bytes arrive or the source
  // ends.
  while (n == 0) {
    std::size_t raw = m_source->read(room);
    m_bytes_read += raw;
    if (raw == 0) break;
    if (!m_started) raw = detect_encoding(room, raw);
    n = normalize_line_ends(room.data(), raw);
  }
  m_end += n;
  *m_end = '\0';
  if (n == 0) m_eof = true;
  return n != 0;
}

std::size_t XmlScanner::detect_encoding(std::span<char> room, std::size_t size) {
  m_started = true;
  constexpr std::size_t sniffed = 4;  // a BOM, or "<?" in UTF-16
  while (size < sniffed) {
    const std::size_t more = m_source->read(room.subspan(size));
    if (more == 0) break;
    m_bytes_read += more;
    size += more;
  }
  const std::string_view head(room.data(), size);
  bool big_endian = false;
  if (looks_like_utf16(head, big_endian)) {
    m_utf16 = std::make_unique<Utf16Source>(*m_source, big_endian, head);
    m_source = m_utf16.get();
    return m_source->read(room);
  }
  if (head.starts_with(utf8_byte_order_mark)) {
    std::memmove(room.data(), room.data() + utf8_byte_order_mark.size(),
                 size - utf8_byte_order_mark.size());
    return size - utf8_byte_order_mark.size();
  }
  return size;
}

std::size_t XmlScanner::normalize_line_ends(char* data, std::size_t size) noexcept {
  char* in = data;
  char* const end = data + size;
  if (m_lf_after_cr_pending) {
    m_lf_after_cr_pending = false;
    if (size != 0 && *in == '\n') ++in;  // the LF of a CR LF split across two reads
  }
  char* cr = static_cast<char*>(std::memchr(in, '\r', static_cast<std::size_t>(end - in)));
  if (cr == nullptr) {
    if (in == data) return size;
    std::memmove(data, in, static_cast<std::size_t>(end - in));
    return static_cast<std::size_t>(end - in);
  }
  char* out = data;
  for (; in < end; ++in) {
    if (*in != '\r') {
      *out++ = *in;
      continue;
    }
    *out++ = '\n';
    if (in + 1 == end) {
      m_lf_after_cr_pending = true;
    } else if (in[1] == '\n') {
      ++in;
    }
  }
  return static_cast<std::size_t>(out - data);
}

const char* XmlScanner::find(const char* from, std::string_view needle) const noexcept {
  const std::string_view hay(from, static_cast<std::size_t>(m_end - from));
  const auto at = hay.find(needle);
  return at == std::string_view::npos ? nullptr : from + at;
}

XmlEvent XmlScanner::next() {
  if (m_pending_end) {
    m_pending_end = false;
    --m_depth;
    return XmlEvent::EndElement;
  }
  for (;;) {
    if (m_pos == m_end && !refill()) {
      if (m_depth != 0) fail(FileFailure::Truncated, "XML document ends inside an element");
      return XmlEvent::End;
    }
    Scan scan;
    XmlEvent event = XmlEvent::Text;
    bool emits = true;
    if (*m_pos != '<') {
      scan = scan_text();
      emits = scan == Scan::Done && !m_text.empty();
      if (!m_seen_root) [[unlikely]]
        check_text_before_root(emits);
    } else if (m_end - m_pos < 2) {
      scan = Scan::NeedMore;
    } else if (m_pos[1] == '/') {
      scan = scan_end_tag();
      event = XmlEvent::EndElement;
    } else if (m_pos[1] == '?') {
      scan = scan_processing_instruction();
      emits = false;
    } else if (m_pos[1] == '!') {
      scan = scan_markup_declaration(event);
      emits = scan == Scan::Done && event == XmlEvent::Text;
    } else {
      event = XmlEvent::StartElement;
      scan = scan_start_tag(event);
    }
    if (scan == Scan::NeedMore) {
      if (!refill()) {
        if (*m_pos != '<') {
          // Character data after the root element (or the last block's text).
          m_text = std::string_view(m_pos, static_cast<std::size_t>(m_end - m_pos));
          m_pos = m_end;
          if (!m_seen_root) check_text_before_root(true);
          if (m_depth == 0) continue;
          fail(FileFailure::Truncated, "XML document ends inside an element");
        }
        fail(FileFailure::Truncated, "XML document ends inside a tag");
      }
      continue;
    }
    if (emits) return event;
  }
}

void XmlScanner::check_text_before_root(bool has_text) const {
  if (has_text && !is_blank(m_text)) {
    fail(FileFailure::Corrupt, "XML part has text before its root element (not well-formed XML)");
  }
}

XmlScanner::Scan XmlScanner::scan_text() {
  const char* lt =
      static_cast<const char*>(std::memchr(m_pos, '<', static_cast<std::size_t>(m_end - m_pos)));
  if (lt == nullptr) return Scan::NeedMore;
  char* start = m_pos;
  const std::size_t raw = static_cast<std::size_t>(lt - start);
  m_pos = start + raw;
  const std::size_t size = decode_xml_entities(start, raw);
  m_text = std::string_view(start, size);
  return Scan::Done;
}

XmlScanner::Scan XmlScanner::scan_start_tag(XmlEvent& event) {
  char* p = m_pos + 1;
  char* name_start = p;
  while (!ends_name(*p)) ++p;
  if (p >= m_end) return Scan::NeedMore;
  if (p == name_start) fail(FileFailure::Corrupt, "XML start tag without a name");
  m_qualified_name = std::string_view(name_start, static_cast<std::size_t>(p - name_start));
  m_attributes.clear();
  bool needs_decoding = false;
  bool self_closing = false;
  for (;;) {
    while (is_space(*p)) ++p;
    if (p >= m_end) return Scan::NeedMore;
    if (*p == '>') {
      ++p;
      break;
    }
    if (*p == '/') {
      if (p + 1 >= m_end) return Scan::NeedMore;
      if (p[1] != '>') fail(FileFailure::Corrupt, "XML: '/' inside a start tag");
      self_closing = true;
      p += 2;
      break;
    }
    char* attr_start = p;
    while (!ends_name(*p)) ++p;
    if (p >= m_end) return Scan::NeedMore;
    const std::string_view attr_name(attr_start, static_cast<std::size_t>(p - attr_start));
    while (is_space(*p)) ++p;
    if (p >= m_end) return Scan::NeedMore;
    if (*p != '=' || attr_name.empty()) fail(FileFailure::Corrupt, "XML: malformed attribute");
    ++p;
    while (is_space(*p)) ++p;
    if (p >= m_end) return Scan::NeedMore;
    const char quote = *p;
    if (quote != '"' && quote != '\'') fail(FileFailure::Corrupt, "XML: unquoted attribute value");
    char* value_start = p + 1;
    char* value_end = static_cast<char*>(
        std::memchr(value_start, quote, static_cast<std::size_t>(m_end - value_start)));
    if (value_end == nullptr) return Scan::NeedMore;
    p = value_end + 1;
    const std::string_view value(value_start, static_cast<std::size_t>(value_end - value_start));
    if (!needs_decoding && std::memchr(value.data(), '&', value.size()) != nullptr) {
      needs_decoding = true;
    }
    m_attributes.push_back({attr_name, local_part(attr_name), value});
  }
  // The tag is complete: only now may the buffer be rewritten in place.
  if (needs_decoding) {
    for (XmlAttribute& a : m_attributes) {
      char* data = const_cast<char*>(a.value.data());
      a.value = std::string_view(data, decode_xml_entities(data, a.value.size()));
    }
  }
  m_name = local_part(m_qualified_name);
  m_pos = p;
  ++m_depth;
  m_seen_root = true;
  m_pending_end = self_closing;
  event = XmlEvent::StartElement;
  return Scan::Done;
}

XmlScanner::Scan XmlScanner::scan_end_tag() {
  char* name_start = m_pos + 2;
  const char* gt = static_cast<const char*>(
      std::memchr(name_start, '>', static_cast<std::size_t>(m_end - name_start)));
  if (gt == nullptr) return Scan::NeedMore;
  const char* name_end = gt;
  while (name_end > name_start && is_space(name_end[-1])) --name_end;
  m_qualified_name = std::string_view(name_start, static_cast<std::size_t>(name_end - name_start));
  m_name = local_part(m_qualified_name);
  if (m_depth == 0) fail(FileFailure::Corrupt, "XML end tag without a matching start tag");
  --m_depth;
  m_pos = const_cast<char*>(gt) + 1;
  return Scan::Done;
}

XmlScanner::Scan XmlScanner::scan_processing_instruction() {
  const char* close = find(m_pos + 2, "?>");
  if (close == nullptr) return Scan::NeedMore;
  m_pos = const_cast<char*>(close) + 2;
  return Scan::Done;
}

XmlScanner::Scan XmlScanner::scan_markup_declaration(XmlEvent& event) {
  const auto available = static_cast<std::size_t>(m_end - m_pos);
  const std::string_view head(m_pos, std::min(available, cdata_open.size()));
  if (head.starts_with(comment_open)) {
    const char* close = find(m_pos + comment_open.size(), "-->");
    if (close == nullptr) return Scan::NeedMore;
    m_pos = const_cast<char*>(close) + 3;
    event = XmlEvent::End;  // nothing to report
    return Scan::Done;
  }
  if (head == cdata_open) {
    char* start = m_pos + cdata_open.size();
    const char* close = find(start, "]]>");
    if (close == nullptr) return Scan::NeedMore;
    m_text = std::string_view(start, static_cast<std::size_t>(close - start));
    m_pos = const_cast<char*>(close) + 3;
    event = XmlEvent::Text;
    return Scan::Done;
  }
  if (available < cdata_open.size() &&
      (cdata_open.starts_with(head) || comment_open.starts_with(head))) {
    return Scan::NeedMore;
  }
  fail(FileFailure::ResourceLimit,
       "XML DOCTYPE or ENTITY declarations are refused (XML bomb guard)");
}

void XmlScanner::skip_element() {
  const std::size_t target = m_depth - 1;
  for (;;) {
    const XmlEvent event = next();
    if (event == XmlEvent::End) fail(FileFailure::Truncated, "XML document ends inside an element");
    if (event == XmlEvent::EndElement && m_depth == target) return;
  }
}

[[noreturn]] void throw_ended_inside(std::string_view message) {
  throw FileError(FileFailure::Truncated, std::string(message));
}

}  // namespace pgdatahub::workbook
