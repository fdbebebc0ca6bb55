#include <pgdatahub/workbook/xls/biff_stream.hpp>

#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/utf8.hpp>

#include <cerrno>
#include <iconv.h>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::size_t record_header = 4;

const char* iconv_name(std::uint16_t codepage) {
  switch (codepage) {
    case 367: return "ASCII";
    case 437: return "CP437";
    case 737: return "CP737";
    case 775: return "CP775";
    case 850: return "CP850";
    case 852: return "CP852";
    case 855: return "CP855";
    case 857: return "CP857";
    case 860: return "CP860";
    case 861: return "CP861";
    case 862: return "CP862";
    case 863: return "CP863";
    case 864: return "CP864";
    case 865: return "CP865";
    case 866: return "CP866";
    case 869: return "CP869";
    case 874: return "CP874";
    case 932: return "CP932";
    case 936: return "CP936";
    case 949: return "CP949";
    case 950: return "CP950";
    case 1250: return "CP1250";
    case 1251: return "CP1251";
    case 1253: return "CP1253";
    case 1254: return "CP1254";
    case 1255: return "CP1255";
    case 1256: return "CP1256";
    case 1257: return "CP1257";
    case 1258: return "CP1258";
    case 10000: return "MACINTOSH";
    case 32768: return "MACINTOSH";
    default: return "CP1252";  // 1252, 32769 and the unknown
  }
}

}  // namespace

bool RecordReader::next() {
  std::byte header[record_header];
  const std::size_t got = m_stream->read(m_next, header);
  if (got < record_header) return false;  // end of stream (trailing padding included)
  m_id = load_le16(header);
  const std::size_t size = load_le16(header + 2);
  m_buffer.resize(size);
  if (m_stream->read(m_next + record_header, m_buffer) < size) {
    throw FileError(FileFailure::Truncated,
                    "the .xls workbook stream ends inside a record (truncated file?)");
  }
  m_next += record_header + size;
  m_bytes_read += record_header + size;
  m_body = m_buffer;
  return true;
}

void append_utf16le(std::span<const std::byte> bytes, std::string& out) {
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::uint32_t unit = static_cast<unsigned>(bytes[i]) | static_cast<unsigned>(bytes[i + 1]) << 8;
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < bytes.size()) {
      const std::uint32_t low = static_cast<unsigned>(bytes[i + 2]) | static_cast<unsigned>(bytes[i + 3]) << 8;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
        i += 2;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) unit = 0xFFFD;
    append_utf8(unit, out);
  }
}

void append_latin1(std::span<const std::byte> bytes, std::string& out) {
  for (std::byte b : bytes) append_utf8(static_cast<std::uint32_t>(b), out);
}

CodepageDecoder::CodepageDecoder(std::uint16_t codepage) {
  if (codepage == 1200) return;
  m_converter = open_iconv_to_utf8(iconv_name(codepage));
  if (m_converter == nullptr) m_converter = open_iconv_to_utf8("CP1252");
}

CodepageDecoder::~CodepageDecoder() = default;

void CodepageDecoder::append(std::span<const std::byte> bytes, std::string& out) {
  if (m_converter == nullptr) {
    append_utf16le(bytes, out);
    return;
  }
  iconv(m_converter.get(), nullptr, nullptr, nullptr, nullptr);
  // iconv never writes through its input pointer.
  char* in = const_cast<char*>(reinterpret_cast<const char*>(bytes.data()));
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    const std::size_t old_size = out.size();
    out.resize(old_size + in_left * 4 + 8);
    char* dst = out.data() + old_size;
    std::size_t out_left = out.size() - old_size;
    const std::size_t rc = iconv(m_converter.get(), &in, &in_left, &dst, &out_left);
    out.resize(out.size() - out_left);
    if (rc == static_cast<std::size_t>(-1) && (errno == EILSEQ || errno == EINVAL)) {
      // A byte the codepage does not define: show it as U+FFFD, go on.
      out += "\xEF\xBF\xBD";
      ++in;
      --in_left;
    }
  }
}

void read_biff8_string(ByteCursor& cursor, bool short_count, std::string& out) {
  const std::size_t count = short_count ? cursor.u8() : cursor.u16();
  const std::uint8_t flags = cursor.u8();
  const bool wide = (flags & 0x01) != 0;
  // Only SST strings carry rich-text runs and phonetic blocks; here any
  // trailing formatting bytes are simply left unread.
  if (wide) {
    append_utf16le(cursor.take(count * 2), out);
  } else {
    append_latin1(cursor.take(count), out);
  }
}

}  // namespace pgdatahub::workbook::xls
