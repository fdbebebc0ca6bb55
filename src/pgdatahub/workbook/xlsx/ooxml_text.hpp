#pragma once
// OOXML text fix-ups applied to every string a sheet yields.
#include <cstddef>
#include <cstdint>

namespace pgdatahub::workbook::xlsx {

// Decodes "_xHHHH_" escapes (UTF-16 code units, surrogate pairs joined;
// "_x005F_" is an escaped underscore) and then drops NUL characters, in
// place. Returns the new size and adds the NULs dropped to `nul_removed`.
std::size_t clean_ooxml_text(char* data, std::size_t size, std::uint64_t& nul_removed) noexcept;

}  // namespace pgdatahub::workbook::xlsx
