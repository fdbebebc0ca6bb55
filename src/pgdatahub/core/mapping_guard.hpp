#pragma once
// Reading a mapped file that another process truncates raises SIGBUS on the
// pages past its new end, which would end the whole run with no word. A
// MappingGuard registers one mapping with a process-wide SIGBUS handler: a
// fault inside it puts a page of zeros where the file's page was and marks the
// mapping, so the reader carries on over zeros (which it treats as it treats
// any bad bytes) and the loader, asking faulted(), fails that file alone.
//
// Chosen over a sigsetjmp guard around each read: jumping out of a reader
// skips its destructors, and the guard costs nothing on the row path (no
// per-read set-up, only the handler, installed once). A fault outside every
// registered mapping goes to the handler that was there before, or kills the
// process as it would have.
#include <cstddef>

namespace pgdatahub {

class MappingGuard {
 public:
  MappingGuard(const std::byte* base, std::size_t size) noexcept;
  ~MappingGuard();
  MappingGuard(const MappingGuard&) = delete;
  MappingGuard& operator=(const MappingGuard&) = delete;

  // True once a read from the mapping went past the file's end on disk.
  bool faulted() const noexcept;

 private:
  int m_slot = -1;  // -1: every slot was taken, the mapping is unguarded
};

}  // namespace pgdatahub
