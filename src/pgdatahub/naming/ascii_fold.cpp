#include <pgdatahub/naming/ascii_fold.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>

namespace pgdatahub::naming {
namespace {

struct Range {
  char32_t first;
  char32_t last;
  std::string_view ascii;  // empty: a separator
};

// Sorted, non-overlapping. Latin-1 Supplement, Latin Extended-A and the
// common letters of Latin Extended-B fold to their base letters, as a reader
// would spell them without accents (so ü -> u, not ue).
constexpr std::array ranges = {
    Range{0x00A0, 0x00A9, ""},
    Range{0x00AA, 0x00AA, "a"},
    Range{0x00AB, 0x00B1, ""},
    Range{0x00B2, 0x00B2, "2"},
    Range{0x00B3, 0x00B3, "3"},
    Range{0x00B4, 0x00B8, ""},
    Range{0x00B9, 0x00B9, "1"},
    Range{0x00BA, 0x00BA, "o"},
    Range{0x00BB, 0x00BF, ""},
    Range{0x00C0, 0x00C5, "a"},
    Range{0x00C6, 0x00C6, "ae"},
    Range{0x00C7, 0x00C7, "c"},
    Range{0x00C8, 0x00CB, "e"},
    Range{0x00CC, 0x00CF, "i"},
    Range{0x00D0, 0x00D0, "d"},
    Range{0x00D1, 0x00D1, "n"},
    Range{0x00D2, 0x00D6, "o"},
    Range{0x00D7, 0x00D7, ""},
    Range{0x00D8, 0x00D8, "o"},
    Range{0x00D9, 0x00DC, "u"},
    Range{0x00DD, 0x00DD, "y"},
    Range{0x00DE, 0x00DE, "th"},
    Range{0x00DF, 0x00DF, "ss"},
    Range{0x00E0, 0x00E5, "a"},
    Range{0x00E6, 0x00E6, "ae"},
    Range{0x00E7, 0x00E7, "c"},
    Range{0x00E8, 0x00EB, "e"},
    Range{0x00EC, 0x00EF, "i"},
    Range{0x00F0, 0x00F0, "d"},
    Range{0x00F1, 0x00F1, "n"},
    Range{0x00F2, 0x00F6, "o"},
    Range{0x00F7, 0x00F7, ""},
    Range{0x00F8, 0x00F8, "o"},
    Range{0x00F9, 0x00FC, "u"},
    Range{0x00FD, 0x00FD, "y"},
    Range{0x00FE, 0x00FE, "th"},
    Range{0x00FF, 0x00FF, "y"},
    // Latin Extended-A
    Range{0x0100, 0x0105, "a"},
    Range{0x0106, 0x010D, "c"},
    Range{0x010E, 0x0111, "d"},
    Range{0x0112, 0x011B, "e"},
    Range{0x011C, 0x0123, "g"},
    Range{0x0124, 0x0127, "h"},
    Range{0x0128, 0x0131, "i"},
    Range{0x0132, 0x0133, "ij"},
    Range{0x0134, 0x0135, "j"},
    Range{0x0136, 0x0138, "k"},
    Range{0x0139, 0x0142, "l"},
    Range{0x0143, 0x014B, "n"},
    Range{0x014C, 0x0151, "o"},
    Range{0x0152, 0x0153, "oe"},
    Range{0x0154, 0x0159, "r"},
    Range{0x015A, 0x0161, "s"},
    Range{0x0162, 0x0167, "t"},
    Range{0x0168, 0x0173, "u"},
    Range{0x0174, 0x0175, "w"},
    Range{0x0176, 0x0178, "y"},
    Range{0x0179, 0x017E, "z"},
    Range{0x017F, 0x017F, "s"},
    // Latin Extended-B, the letters in everyday use
    Range{0x0180, 0x0183, "b"},
    Range{0x0186, 0x0186, "o"},
    Range{0x0187, 0x0188, "c"},
    Range{0x0189, 0x018C, "d"},
    Range{0x018E, 0x018E, "e"},
    Range{0x0190, 0x0190, "e"},
    Range{0x0191, 0x0192, "f"},
    Range{0x0193, 0x0193, "g"},
    Range{0x0197, 0x0197, "i"},
    Range{0x0198, 0x0199, "k"},
    Range{0x019A, 0x019A, "l"},
    Range{0x019D, 0x019E, "n"},
    Range{0x019F, 0x01A1, "o"},
    Range{0x01A4, 0x01A5, "p"},
    Range{0x01AB, 0x01AE, "t"},
    Range{0x01AF, 0x01B0, "u"},
    Range{0x01B2, 0x01B2, "v"},
    Range{0x01B3, 0x01B4, "y"},
    Range{0x01B5, 0x01B6, "z"},
    Range{0x01C4, 0x01C6, "dz"},
    Range{0x01C7, 0x01C9, "lj"},
    Range{0x01CA, 0x01CC, "nj"},
    Range{0x01CD, 0x01CE, "a"},
    Range{0x01CF, 0x01D0, "i"},
    Range{0x01D1, 0x01D2, "o"},
    Range{0x01D3, 0x01DC, "u"},
    Range{0x01DD, 0x01DD, "e"},
    Range{0x01DE, 0x01E1, "a"},
    Range{0x01E2, 0x01E3, "ae"},
    Range{0x01E4, 0x01E7, "g"},
    Range{0x01E8, 0x01E9, "k"},
    Range{0x01EA, 0x01ED, "o"},
    Range{0x01F0, 0x01F0, "j"},
    Range{0x01F1, 0x01F3, "dz"},
    Range{0x01F4, 0x01F5, "g"},
    Range{0x01F8, 0x01F9, "n"},
    Range{0x01FA, 0x01FB, "a"},
    Range{0x01FC, 0x01FD, "ae"},
    Range{0x01FE, 0x01FF, "o"},
    Range{0x0200, 0x0203, "a"},
    Range{0x0204, 0x0207, "e"},
    Range{0x0208, 0x020B, "i"},
    Range{0x020C, 0x020F, "o"},
    Range{0x0210, 0x0213, "r"},
    Range{0x0214, 0x0217, "u"},
    Range{0x0218, 0x0219, "s"},
    Range{0x021A, 0x021B, "t"},
    Range{0x021E, 0x021F, "h"},
    Range{0x0226, 0x0227, "a"},
    Range{0x0228, 0x0229, "e"},
    Range{0x022A, 0x0231, "o"},
    Range{0x0232, 0x0233, "y"},
    // Spaces, dashes, quotes and other general punctuation
    Range{0x2000, 0x206F, ""},
    // Ideographic space and CJK punctuation
    Range{0x3000, 0x303F, ""},
};

// Full-width ASCII (U+FF01..U+FF5E) is ASCII shifted by 0xFEE0.
constexpr char32_t fullwidth_first = 0xFF01;
constexpr char32_t fullwidth_last = 0xFF5E;
constexpr char32_t fullwidth_shift = 0xFEE0;

// One-character strings for the folded full-width letters and digits.
constexpr std::string_view alphanumerics = "0123456789abcdefghijklmnopqrstuvwxyz";

}  // namespace

Folding fold_code_point(char32_t code_point) noexcept {
  if (code_point >= fullwidth_first && code_point <= fullwidth_last) {
    const char32_t ascii = code_point - fullwidth_shift;
    if (ascii >= '0' && ascii <= '9') {
      return {Folding::Kind::Letters, alphanumerics.substr(ascii - U'0', 1)};
    }
    if (ascii >= 'A' && ascii <= 'Z') {
      return {Folding::Kind::Letters, alphanumerics.substr(10 + ascii - U'A', 1)};
    }
    if (ascii >= 'a' && ascii <= 'z') {
      return {Folding::Kind::Letters, alphanumerics.substr(10 + ascii - U'a', 1)};
    }
    return {Folding::Kind::Separator, {}};
  }
  const auto* it =
      std::upper_bound(ranges.begin(), ranges.end(), code_point,
                       [](char32_t value, const Range& range) { return value < range.first; });
  if (it == ranges.begin()) return {};
  const Range& range = *std::prev(it);
  if (code_point > range.last) return {};
  if (range.ascii.empty()) return {Folding::Kind::Separator, {}};
  return {Folding::Kind::Letters, range.ascii};
}

char32_t take_code_point(std::string_view& text) noexcept {
  const auto lead = static_cast<unsigned char>(text.front());
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;  // rejects overlong encodings
  if (lead < 0x80U) {
    text.remove_prefix(1);
    return lead;
  } else if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    value = lead & 0x1FU;
    minimum = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    value = lead & 0x0FU;
    minimum = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    value = lead & 0x07U;
    minimum = 0x10000;
  } else {
    text.remove_prefix(1);
    return invalid_code_point;
  }
  if (text.size() < length) {
    text.remove_prefix(1);
    return invalid_code_point;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0U) != 0x80U) {
      text.remove_prefix(1);
      return invalid_code_point;
    }
    value = (value << 6) | (byte & 0x3FU);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    text.remove_prefix(1);
    return invalid_code_point;
  }
  text.remove_prefix(length);
  return value;
}

}  // namespace pgdatahub::naming
