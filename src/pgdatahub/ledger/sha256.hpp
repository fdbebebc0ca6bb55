#pragma once
// SHA-256 of a file's bytes: the identity of a file version for dedup.
#include <cstddef>
#include <span>
#include <string>

namespace pgdatahub::ledger {

// Lowercase hex digest of `bytes`.
std::string sha256_hex(std::span<const std::byte> bytes);

}  // namespace pgdatahub::ledger
