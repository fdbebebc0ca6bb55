#pragma once
// The ASCII form of a Unicode code point, for turning names into identifiers.
#include <string_view>

namespace pgdatahub::naming {

// What a code point contributes to a name.
struct Folding {
  enum class Kind : unsigned char {
    Letters,    // `ascii` holds its ASCII letters or digits: ü -> "u", ß -> "ss"
    Separator,  // breaks words like a space: NBSP, dashes, ×, CJK punctuation
    Dropped,    // no ASCII form (Greek, Cyrillic, CJK, emoji, combining marks)
  };
  Kind kind = Kind::Dropped;
  std::string_view ascii;
};

// Folds a non-ASCII code point (>= 0x80); ASCII is the caller's business.
Folding fold_code_point(char32_t code_point) noexcept;

constexpr char32_t invalid_code_point = 0xFFFFFFFF;

// Decodes the UTF-8 sequence at the front of non-empty `text` and removes it.
// An invalid byte (stray continuation, overlong form, surrogate, truncated
// sequence) is removed alone and yields invalid_code_point.
char32_t take_code_point(std::string_view& text) noexcept;

}  // namespace pgdatahub::naming
