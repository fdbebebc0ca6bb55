#pragma once
// A fast pull scanner for the XML of spreadsheet parts. It reads its source in
// blocks (memory stays flat), decodes UTF-16 parts to UTF-8 as they stream,
// normalizes line ends as XML 1.0 requires (CR LF and lone CR become LF before
// anything else sees them; a "&#13;" reference stays a CR), decodes entities
// and CDATA, strips namespace prefixes from names, skips comments and
// processing instructions, and refuses DOCTYPE declarations (the XML bomb
// vector) and text before the root element. It checks well-formedness only as
// far as reading needs; it is no validating parser.
#include <pgdatahub/workbook/byte_source.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook {

enum class XmlEvent : std::uint8_t {
  StartElement,  // name(), attributes(); a self-closing tag is followed by EndElement
  EndElement,    // name()
  Text,          // text(): decoded character data or a CDATA section (may come in pieces)
  End,           // the source is exhausted
};

struct XmlAttribute {
  std::string_view qualified_name;  // e.g. "r:id"
  std::string_view name;            // local name, e.g. "id"
  std::string_view value;           // decoded
};

class XmlScanner {
 public:
  static constexpr std::size_t default_block_size = std::size_t{256} * 1024;
  static constexpr std::size_t default_max_token_size = std::size_t{64} * 1024 * 1024;

  // Reads from `source`, which must outlive the scanner.
  explicit XmlScanner(ByteSource& source, std::size_t block_size = default_block_size,
                      std::size_t max_token_size = default_max_token_size);
  // Scans a document already in memory (copied into the scanner's buffer in blocks).
  explicit XmlScanner(std::string_view document);
  ~XmlScanner();
  XmlScanner(const XmlScanner&) = delete;
  XmlScanner& operator=(const XmlScanner&) = delete;

  // Advances to the next event. Views from the previous event become invalid.
  // Throws FileError: Corrupt for broken markup, Truncated when the document
  // ends inside a tag, ResourceLimit for DOCTYPE/ENTITY or oversized tokens.
  XmlEvent next();

  std::string_view name() const noexcept { return m_name; }  // local name
  std::string_view qualified_name() const noexcept { return m_qualified_name; }
  std::string_view text() const noexcept { return m_text; }
  const std::vector<XmlAttribute>& attributes() const noexcept { return m_attributes; }
  // The value of the attribute with this local name (namespace declarations excluded).
  std::optional<std::string_view> attribute(std::string_view local_name) const noexcept;
  // Element nesting depth after the current event (root start element: 1).
  std::size_t depth() const noexcept { return m_depth; }
  // Decompressed bytes consumed so far.
  std::uint64_t bytes_read() const noexcept { return m_bytes_read; }

  // Skips the content of the element just started, through its end tag.
  void skip_element();

  // The bytes read but not yet scanned (line ends already normalized), for a
  // caller's fast path over markup it recognizes whole; empty while a
  // self-closing tag still owes its EndElement. A caller may consume a
  // prefix holding only complete, balanced elements it has handled itself
  // (the depth is then unchanged); anything else is left to next().
  std::string_view unscanned() const noexcept {
    if (m_pending_end) return {};
    return {m_pos, static_cast<std::size_t>(m_end - m_pos)};
  }
  void consume_unscanned(std::size_t size) noexcept { m_pos += size; }
  // The same for one start tag (not self-closing) or one end tag the caller
  // has read whole, which the depth must count as next() would; an end tag
  // only while depth() > 0 (next() reports the stray one).
  void consume_start_tag(std::size_t size) noexcept {
    m_pos += size;
    ++m_depth;
  }
  void consume_end_tag(std::size_t size) noexcept {
    m_pos += size;
    --m_depth;
  }

 private:
  enum class Scan : std::uint8_t { Done, NeedMore };
  bool refill();
  // Called on the first bytes read: switches to UTF-16 decoding or drops a
  // UTF-8 byte order mark; returns how many bytes `room` now holds.
  std::size_t detect_encoding(std::span<char> room, std::size_t size);
  // CR LF and lone CR to LF, in place, across reads; returns the new size.
  std::size_t normalize_line_ends(char* data, std::size_t size) noexcept;
  // Out of line and cold: it runs only before the root element, and inlined
  // it would cost next() registers on every event.
  [[gnu::cold, gnu::noinline]] void check_text_before_root(bool has_text) const;
  Scan scan_start_tag(XmlEvent& event);
  Scan scan_end_tag();
  Scan scan_text();
  Scan scan_markup_declaration(XmlEvent& event);
  Scan scan_processing_instruction();
  const char* find(const char* from, std::string_view needle) const noexcept;

  std::unique_ptr<MemorySource> m_owned_source;
  std::unique_ptr<ByteSource> m_utf16;  // decodes m_owned_source or the caller's source
  ByteSource* m_source;
  std::size_t m_block_size;
  std::size_t m_max_token_size;
  std::vector<char> m_buffer;
  char* m_pos = nullptr;  // next unread byte
  char* m_end = nullptr;  // end of valid bytes
  bool m_eof = false;
  bool m_pending_end = false;  // a self-closing tag owes an EndElement
  bool m_started = false;      // the encoding has been looked at
  bool m_seen_root = false;
  bool m_lf_after_cr_pending = false;  // the last read ended in a CR
  std::size_t m_depth = 0;
  std::uint64_t m_bytes_read = 0;
  std::string_view m_name;
  std::string_view m_qualified_name;
  std::string_view m_text;
  std::vector<XmlAttribute> m_attributes;
};

// Decodes XML entities and character references in place; returns the new length.
// Unknown entities are kept literally.
std::size_t decode_xml_entities(char* data, std::size_t size);

}  // namespace pgdatahub::workbook
