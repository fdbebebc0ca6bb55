#pragma once
// Large tables read at random (a workbook's shared strings, looked up by
// index on every text cell) spend much of each lookup on the address
// translation when mapped in 4 kB pages: tens of thousands of pages, far
// beyond what the processor caches. In 2 MB pages the same table takes a few
// dozen. Linux grants them to memory that asks (transparent huge pages in
// "madvise" mode, Debian's default) when it is first touched.
#include <cstddef>

namespace pgdatahub {

// Asks for huge pages over the whole 2 MB pages inside [data, data + size),
// memory not yet touched. Only advice: where the system has none to give, or
// the range holds no whole huge page, nothing changes.
void prefer_huge_pages(void* data, std::size_t size) noexcept;

}  // namespace pgdatahub
