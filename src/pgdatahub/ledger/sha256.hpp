#pragma once
// SHA-256 of a file's bytes: the identity of a file version for dedup.
#include <cstddef>
#include <memory>
#include <span>
#include <string>

struct evp_md_ctx_st;

namespace pgdatahub::ledger {

// Lowercase hex digest of `bytes`.
std::string sha256_hex(std::span<const std::byte> bytes);

// The same digest computed over bytes handed in pieces, so a large file is
// hashed block by block.
class Sha256 {
 public:
  Sha256();
  void update(std::span<const std::byte> bytes);
  // Lowercase hex digest of everything passed to update(); call once.
  std::string hex_digest();

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const noexcept;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> m_context;
};

}  // namespace pgdatahub::ledger
