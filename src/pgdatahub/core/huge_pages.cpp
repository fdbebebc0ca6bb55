#include <pgdatahub/core/huge_pages.hpp>

#include <sys/mman.h>

#include <cstdint>

namespace pgdatahub {
namespace {

constexpr std::uintptr_t huge_page_size = std::uintptr_t{2} << 20;

}  // namespace

void prefer_huge_pages(void* data, std::size_t size) noexcept {
#ifdef MADV_HUGEPAGE
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + huge_page_size - 1) & ~(huge_page_size - 1);
  const std::uintptr_t last = (begin + size) & ~(huge_page_size - 1);
  if (data == nullptr || last <= first) return;
  // NOLINTNEXTLINE(performance-no-int-to-ptr): inside the caller's allocation
  ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)data;
  (void)size;
#endif
}

}  // namespace pgdatahub
