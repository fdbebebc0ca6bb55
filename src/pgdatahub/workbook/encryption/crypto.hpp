#pragma once
// The few OpenSSL primitives the Office encryption schemes need, over byte
// vectors. Every failure of OpenSSL itself is a FileError: it means the file
// asked for parameters the library refuses (a key of the wrong length).
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook::encryption {

using Bytes = std::vector<std::byte>;

// Key material that is wiped when it goes out of scope.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(Bytes bytes) : m_bytes(std::move(bytes)) {}
  SecretBytes(SecretBytes&& other) noexcept : m_bytes(std::move(other.m_bytes)) {}
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();
  Bytes& bytes() noexcept { return m_bytes; }
  const Bytes& bytes() const noexcept { return m_bytes; }

 private:
  Bytes m_bytes;
};

// Overwrites memory in a way the compiler may not remove.
void wipe(std::span<std::byte> bytes) noexcept;

enum class HashAlgorithm : std::uint8_t { Md5, Sha1, Sha256, Sha384, Sha512 };

// "SHA512", "SHA-1", ... as the Agile XML names them; nullopt-like false when unknown.
bool parse_hash_algorithm(std::string_view name, HashAlgorithm& out) noexcept;
std::size_t hash_size(HashAlgorithm algorithm) noexcept;

// Digest of the concatenation of `parts`.
Bytes hash(HashAlgorithm algorithm, std::initializer_list<std::span<const std::byte>> parts);
// The password hash both ECMA-376 schemes stretch: H0 = hash(salt, password),
// then `spin_count` rounds of H = hash(round number, H).
SecretBytes iterated_hash(HashAlgorithm algorithm, std::span<const std::byte> salt,
                          std::span<const std::byte> password, std::uint32_t spin_count);
Bytes hmac(HashAlgorithm algorithm, std::span<const std::byte> key,
           std::span<const std::byte> data);

// An incremental HMAC, for data that arrives in segments.
class Hmac {
 public:
  Hmac(HashAlgorithm algorithm, std::span<const std::byte> key);
  ~Hmac();
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;
  void update(std::span<const std::byte> data);
  Bytes finish();

 private:
  void* m_context;
};

// AES without padding: `data` is a whole number of 16-byte blocks.
Bytes aes_cbc_decrypt(std::span<const std::byte> key, std::span<const std::byte> iv,
                      std::span<const std::byte> data);
Bytes aes_ecb_decrypt(std::span<const std::byte> key, std::span<const std::byte> data);

// RC4 keystream: each call continues where the previous one stopped.
class Rc4 {
 public:
  explicit Rc4(std::span<const std::byte> key);
  void apply(std::span<std::byte> data) noexcept;
  void skip(std::size_t count) noexcept;

 private:
  std::uint8_t m_state[256]{};
  std::uint8_t m_i = 0;
  std::uint8_t m_j = 0;
};

Bytes base64_decode(std::string_view text);

// The password as Office hashes it: UTF-16LE, no terminator. Invalid UTF-8
// bytes are taken as Latin-1.
SecretBytes utf16le(std::string_view password);

std::span<const std::byte> as_bytes(std::string_view text) noexcept;

// `bytes` cut or padded (with `pad`) to `size`, as the schemes size keys and IVs.
Bytes fit(Bytes bytes, std::size_t size, std::byte pad);

std::array<std::byte, 4> le32(std::uint32_t value) noexcept;

}  // namespace pgdatahub::workbook::encryption
