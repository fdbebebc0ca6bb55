#pragma once
// A pull interface for bytes produced on demand (an inflating zip member, a
// slice of memory), so parsers read in blocks and memory stays flat.
#include <cstddef>
#include <cstring>
#include <functional>
#include <span>
#include <string_view>

namespace pgdatahub::workbook {

// Told about input bytes a reader has consumed and will not read again, so
// the owner of a mapped file can drop their pages from memory.
using InputReleaser = std::function<void(std::span<const std::byte>)>;

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills a prefix of `out`; returns how many bytes were written, 0 only at the end.
  virtual std::size_t read(std::span<char> out) = 0;
};

// Bytes already in memory; `bytes` must outlive the source.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : m_rest(bytes) {}
  std::size_t read(std::span<char> out) override {
    const std::size_t n = out.size() < m_rest.size() ? out.size() : m_rest.size();
    if (n != 0) std::memcpy(out.data(), m_rest.data(), n);
    m_rest.remove_prefix(n);
    return n;
  }

 private:
  std::string_view m_rest;
};

}  // namespace pgdatahub::workbook
