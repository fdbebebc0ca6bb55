#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/text_decoder.hpp>

#include <iconv.h>

#include <cerrno>

namespace pgdatahub::workbook::csv {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view utf16le_bom = "\xFF\xFE";
constexpr std::string_view utf16be_bom = "\xFE\xFF";

bool names_utf8(const std::string& encoding) {
  std::string lowered;
  for (char c : encoding) {
    if (c != '-' && c != '_') lowered += static_cast<char>(c | 0x20);
  }
  return lowered.empty() || lowered == "utf8";
}

}  // namespace

TextDecoder::TextDecoder(std::span<const std::byte> bytes, const std::string& encoding) {
  m_input = std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (m_input.starts_with(utf8_bom)) {
    m_input.remove_prefix(utf8_bom.size());
    m_encoding = "UTF-8";
  } else if (m_input.starts_with(utf16le_bom)) {
    m_input.remove_prefix(utf16le_bom.size());
    m_encoding = "UTF-16LE";
  } else if (m_input.starts_with(utf16be_bom)) {
    m_input.remove_prefix(utf16be_bom.size());
    m_encoding = "UTF-16BE";
  } else if (!names_utf8(encoding)) {
    m_encoding = encoding;
    m_from_option = true;
  } else {
    m_encoding = "UTF-8";
  }
  if (m_encoding == "UTF-8") return;
  m_converter = open_iconv_to_utf8(m_encoding.c_str());
  if (m_converter == nullptr) {
    throw ConfigError("csv_encoding \"" + m_encoding + "\" is not an encoding iconv knows");
  }
}

TextDecoder::~TextDecoder() = default;

bool TextDecoder::decode_more(std::string& out, std::size_t chunk) {
  if (m_converter == nullptr || m_consumed >= m_input.size()) return false;
  const std::size_t take = std::min(chunk, m_input.size() - m_consumed);
  // Room for the worst expansion: one source byte can become 3 UTF-8 bytes
  // (UTF-16 code units 2 -> 3, single-byte codepages 1 -> 3).
  const std::size_t old_size = out.size();
  out.resize(old_size + take * 3 + 16);
  // iconv's interface is not const-correct; it never writes through inbuf.
  char* in = const_cast<char*>(m_input.data() + m_consumed);
  std::size_t in_left = take;
  char* dst = out.data() + old_size;
  std::size_t out_left = out.size() - old_size;
  const std::size_t rc = iconv(m_converter.get(), &in, &in_left, &dst, &out_left);
  const int error = errno;
  out.resize(out.size() - out_left);
  m_consumed += take - in_left;
  if (rc == static_cast<std::size_t>(-1)) {
    const bool at_end = m_consumed + in_left >= m_input.size();
    if (error == EILSEQ || (error == EINVAL && at_end)) {
      std::string hint = m_from_option ? "the csv_encoding option (\"" + m_encoding + "\")"
                                       : "its byte order mark (" + m_encoding + ")";
      throw FileError(FileFailure::Corrupt,
                      "invalid " + m_encoding + " byte sequence at byte " +
                          std::to_string(m_consumed) + " of the text, which " + hint + " says is " +
                          m_encoding + "; set csv_encoding to the file's real encoding");
    }
    // EINVAL mid-input: a sequence split by the chunk edge; the next call
    // resumes at it. E2BIG cannot happen with the room reserved above.
    if (error == EINVAL && take - in_left == 0) {
      // A split sequence alone in the chunk: take a larger chunk next time.
      return decode_more(out, chunk * 2);
    }
  }
  return true;
}

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra = 0;
    unsigned min = 0;
    unsigned code = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1, min = 0x80, code = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, min = 0x800, code = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000, code = c & 0x07u;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    p += extra + 1;
  }
  return true;
}

}  // namespace pgdatahub::workbook::csv
