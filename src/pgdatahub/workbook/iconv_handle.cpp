#include <pgdatahub/workbook/iconv_handle.hpp>

#include <iconv.h>

#include <type_traits>

namespace pgdatahub::workbook {

static_assert(std::is_same_v<iconv_t, void*>, "IconvHandle stores iconv_t as void*");

void IconvCloser::operator()(void* handle) const noexcept { iconv_close(handle); }

IconvHandle open_iconv_to_utf8(const char* from) noexcept {
  iconv_t handle = iconv_open("UTF-8", from);
  // (iconv_t)-1 is how iconv_open reports failure.
  if (handle == reinterpret_cast<iconv_t>(-1)) return nullptr;  // NOLINT(performance-no-int-to-ptr)
  return IconvHandle(handle);
}

}  // namespace pgdatahub::workbook
