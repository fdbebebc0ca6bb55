#pragma once
// Little-endian loads for the binary formats (OLE2, BIFF, BIFF12). Built from
// bytes, so they read the same from any alignment on any host; compilers turn
// them into single loads. Callers check bounds first.
#include <bit>
#include <cstddef>
#include <cstdint>

namespace pgdatahub::workbook {

inline std::uint16_t load_le16(const std::byte* p) noexcept {
  return static_cast<std::uint16_t>(std::to_integer<unsigned>(p[0]) |
                                    (std::to_integer<unsigned>(p[1]) << 8U));
}

inline std::uint32_t load_le32(const std::byte* p) noexcept {
  return static_cast<std::uint32_t>(load_le16(p)) |
         (static_cast<std::uint32_t>(load_le16(p + 2)) << 16U);
}

inline std::uint64_t load_le64(const std::byte* p) noexcept {
  return static_cast<std::uint64_t>(load_le32(p)) |
         (static_cast<std::uint64_t>(load_le32(p + 4)) << 32U);
}

// An IEEE 754 double stored little-endian.
inline double load_le_f64(const std::byte* p) noexcept {
  return std::bit_cast<double>(load_le64(p));
}

}  // namespace pgdatahub::workbook
