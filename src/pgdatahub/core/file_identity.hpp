#pragma once
// Which file discovery saw under a name: its device and inode. The loader
// opens the name again later, and by then it may name something else (a link
// to outside DATA_DIR, a FIFO); comparing the identity of what it opened with
// this one is what keeps it from loading that instead.
#include <cstdint>

namespace pgdatahub {

struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  // The name was a link to a file inside DATA_DIR, so opening it follows the
  // link; the identity is the target's, which the opened file must still be.
  bool via_link = false;
  bool operator==(const FileIdentity&) const = default;
};

}  // namespace pgdatahub
