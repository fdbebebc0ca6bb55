#pragma once
// One owner for iconv conversion descriptors, shared by the CSV text decoder
// and the .xls codepage decoder; keeps <iconv.h> out of their headers.
#include <memory>

namespace pgdatahub::workbook {

struct IconvCloser {
  void operator()(void* handle) const noexcept;
};

// An open iconv_t (a pointer where we build: checked in the source); null when none.
using IconvHandle = std::unique_ptr<void, IconvCloser>;

// A conversion from the encoding `from` to UTF-8; null when iconv does not know it.
IconvHandle open_iconv_to_utf8(const char* from) noexcept;

}  // namespace pgdatahub::workbook
