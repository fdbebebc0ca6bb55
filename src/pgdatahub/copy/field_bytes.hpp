#pragma once
// The bytes of binary COPY fields written through a raw cursor: each writer
// puts its field at `at`, which the caller has made room for, and returns
// the end. A row is encoded into space reserved once for it, so a field costs
// a few stores instead of a call to std::string::append with its capacity
// check (a fifth of the encoding thread's time when every field appended).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

namespace pgdatahub::copy::field_bytes {

// The length word every field starts with.
constexpr std::size_t length_bytes = 4;
// A NULL is its length word alone (-1).
constexpr std::size_t null_bytes = length_bytes;
// The most any fixed-width field takes: an interval's 16-byte value.
constexpr std::size_t max_fixed_bytes = length_bytes + 16;

// `value`'s bytes in network order (big-endian) at `at`.
template <typename Unsigned>
inline char* put_big_endian(char* at, Unsigned value) {
  static_assert(std::is_unsigned_v<Unsigned>);
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(Unsigned) == 2) value = __builtin_bswap16(value);
    if constexpr (sizeof(Unsigned) == 4) value = __builtin_bswap32(value);
    if constexpr (sizeof(Unsigned) == 8) value = __builtin_bswap64(value);
  }
  std::memcpy(at, &value, sizeof value);
  return at + sizeof value;
}

inline char* put_null(char* at) { return put_big_endian(at, ~std::uint32_t{0}); }

// A 4- or 8-byte value with its length word.
inline char* put_fixed(char* at, std::uint32_t value) {
  return put_big_endian(put_big_endian(at, std::uint32_t{4}), value);
}
inline char* put_fixed(char* at, std::uint64_t value) {
  return put_big_endian(put_big_endian(at, std::uint32_t{8}), value);
}

inline char* put_bool(char* at, bool value) {
  at = put_big_endian(at, std::uint32_t{1});
  *at = value ? '\1' : '\0';
  return at + 1;
}

// An interval of only microseconds: days and months stay 0.
inline char* put_interval(char* at, std::int64_t micros) {
  at = put_big_endian(at, std::uint32_t{16});
  at = put_big_endian(at, static_cast<std::uint64_t>(micros));
  std::memset(at, 0, 8);
  return at + 8;
}

// The caller has checked that the size fits the length word (int32).
inline char* put_text(char* at, std::string_view text) {
  at = put_big_endian(at, static_cast<std::uint32_t>(text.size()));
  if (text.empty()) return at;  // an empty view's data may be null, which memcpy may not take
  std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

}  // namespace pgdatahub::copy::field_bytes
