#include <pgdatahub/workbook/utf8.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xls/codepage_decoder.hpp>

#include <iconv.h>

#include <cerrno>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::uint16_t utf16_codepage = 1200;

}  // namespace

const char* iconv_charset(std::uint16_t codepage) noexcept {
  switch (codepage) {
    case 367:
      return "ASCII";
    case 437:
      return "CP437";
    case 737:
      return "CP737";
    case 775:
      return "CP775";
    case 850:
      return "CP850";
    case 852:
      return "CP852";
    case 855:
      return "CP855";
    case 857:
      return "CP857";
    case 858:
      return "CP858";
    case 860:
      return "CP860";
    case 861:
      return "CP861";
    case 862:
      return "CP862";
    case 863:
      return "CP863";
    case 864:
      return "CP864";
    case 865:
      return "CP865";
    case 866:
      return "CP866";
    case 869:
      return "CP869";
    case 874:
      return "CP874";
    case 932:
      return "CP932";
    case 936:
      return "CP936";
    case 949:
      return "CP949";
    case 950:
      return "CP950";
    case 1250:
      return "CP1250";
    case 1251:
      return "CP1251";
    case 1252:
      return "CP1252";
    case 1253:
      return "CP1253";
    case 1254:
      return "CP1254";
    case 1255:
      return "CP1255";
    case 1256:
      return "CP1256";
    case 1257:
      return "CP1257";
    case 1258:
      return "CP1258";
    case 1361:
      return "JOHAB";
    case 10000:
      return "MACINTOSH";
    // Apple's CJK encodings extend these with a few symbols iconv does not know.
    case 10001:
      return "SHIFT_JIS";
    case 10002:
      return "BIG5";
    case 10003:
      return "EUC-KR";
    case 10008:
      return "EUC-CN";
    case 10007:
      return "MAC-CYRILLIC";
    case 10017:
      return "MAC-UK";
    case 10029:
      return "MAC-CENTRALEUROPE";
    case 10079:
      return "MAC-IS";
    case 32768:
      return "MACINTOSH";  // BIFF2-3 files saved on a Mac
    case 32769:
      return "CP1252";  // BIFF2-3 files saved on Windows
    default:
      return nullptr;
  }
}

CodepageDecoder::CodepageDecoder(std::uint16_t codepage) {
  if (codepage == utf16_codepage) return;
  m_table = single_byte_table(codepage);
  if (m_table != nullptr) return;
  const char* charset = iconv_charset(codepage);
  if (charset != nullptr) m_converter = open_iconv_to_utf8(charset);
  if (m_converter == nullptr) m_converter = open_iconv_to_utf8("CP1252");
}

CodepageDecoder::~CodepageDecoder() = default;

void CodepageDecoder::append(std::span<const std::byte> bytes, std::string& out) {
  if (m_table != nullptr) {
    for (const std::byte b : bytes) {
      const auto value = std::to_integer<unsigned>(b);
      append_utf8(value < 0x80 ? value : (*m_table)[value - 0x80], out);
    }
    return;
  }
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

}  // namespace pgdatahub::workbook::xls
