#pragma once
// FNV-1a (64-bit): a short, stable, non-cryptographic name for a string. It
// names the things a string must always map to the same way, across runs and
// versions (a cut identifier's suffix, the embedded cluster's socket folder),
// so the constants and the digit order must never change.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pgdatahub {

constexpr std::uint64_t fnv1a(std::string_view text) noexcept {
  constexpr std::uint64_t offset_basis = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t prime = 0x100000001b3ULL;
  std::uint64_t hash = offset_basis;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= prime;
  }
  return hash;
}

// The lowest `digits` hex digits (at most 16) of fnv1a(text), most
// significant first, in lower case.
inline std::string fnv1a_hex(std::string_view text, std::size_t digits) {
  constexpr std::string_view hex = "0123456789abcdef";
  std::uint64_t hash = fnv1a(text);
  std::string out(digits, '0');
  for (std::size_t i = digits; i-- > 0; hash >>= 4U) out[i] = hex[hash & 0xFU];
  return out;
}

}  // namespace pgdatahub
