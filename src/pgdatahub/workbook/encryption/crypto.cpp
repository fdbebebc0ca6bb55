#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/encryption/crypto.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <memory>
#include <utility>

namespace pgdatahub::workbook::encryption {
namespace {

[[noreturn]] void refused(const char* what) {
  throw FileError(FileFailure::Unsupported,
                  std::string("encryption parameters the crypto library refuses (") + what + ")");
}

const EVP_MD* digest(HashAlgorithm algorithm) noexcept {
  switch (algorithm) {
    case HashAlgorithm::Md5:
      return EVP_md5();
    case HashAlgorithm::Sha1:
      return EVP_sha1();
    case HashAlgorithm::Sha256:
      return EVP_sha256();
    case HashAlgorithm::Sha384:
      return EVP_sha384();
    case HashAlgorithm::Sha512:
      return EVP_sha512();
  }
  return EVP_sha1();
}

const EVP_CIPHER* aes(std::size_t key_size, bool cbc) {
  switch (key_size) {
    case 16:
      return cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
    case 24:
      return cbc ? EVP_aes_192_cbc() : EVP_aes_192_ecb();
    case 32:
      return cbc ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
    default:
      refused("AES key length");
  }
}

Bytes aes_decrypt(std::span<const std::byte> key, const std::byte* iv,
                  std::span<const std::byte> data) {
  if (data.size() % 16 != 0) {
    throw FileError(FileFailure::Corrupt, "encrypted data is not a whole number of AES blocks");
  }
  const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(
      EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* v = reinterpret_cast<const unsigned char*>(iv);
  if (!context ||
      EVP_DecryptInit_ex(context.get(), aes(key.size(), iv != nullptr), nullptr, k, v) != 1) {
    refused("AES");
  }
  EVP_CIPHER_CTX_set_padding(context.get(), 0);
  Bytes out(data.size());
  if (data.empty()) return out;
  int written = 0;
  if (EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(out.data()), &written,
                        reinterpret_cast<const unsigned char*>(data.data()),
                        static_cast<int>(data.size())) != 1) {
    refused("AES");
  }
  return out;
}

}  // namespace

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    wipe(m_bytes);
    m_bytes = std::move(other.m_bytes);
  }
  return *this;
}

SecretBytes::~SecretBytes() { wipe(m_bytes); }

void wipe(std::span<std::byte> bytes) noexcept {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

bool parse_hash_algorithm(std::string_view name, HashAlgorithm& out) noexcept {
  if (name == "SHA512" || name == "SHA-512")
    out = HashAlgorithm::Sha512;
  else if (name == "SHA384" || name == "SHA-384")
    out = HashAlgorithm::Sha384;
  else if (name == "SHA256" || name == "SHA-256")
    out = HashAlgorithm::Sha256;
  else if (name == "SHA1" || name == "SHA-1")
    out = HashAlgorithm::Sha1;
  else if (name == "MD5")
    out = HashAlgorithm::Md5;
  else
    return false;
  return true;
}

std::size_t hash_size(HashAlgorithm algorithm) noexcept {
  return static_cast<std::size_t>(EVP_MD_get_size(digest(algorithm)));
}

Bytes hash(HashAlgorithm algorithm, std::initializer_list<std::span<const std::byte>> parts) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), digest(algorithm), nullptr) != 1)
    refused("digest");
  for (const auto part : parts) {
    if (!part.empty() && EVP_DigestUpdate(context.get(), part.data(), part.size()) != 1)
      refused("digest");
  }
  Bytes out(hash_size(algorithm));
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context.get(), reinterpret_cast<unsigned char*>(out.data()), &size) != 1) {
    refused("digest");
  }
  return out;
}

// One context and one buffer for all rounds: a spin count of 100,000 is
// what Excel writes, and every password candidate pays it.
SecretBytes iterated_hash(HashAlgorithm algorithm, std::span<const std::byte> salt,
                          std::span<const std::byte> password, std::uint32_t spin_count) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  // Fetched once: OpenSSL 3 looks a legacy EVP_MD up again at every init,
  // which costs more than the hash itself.
  const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> fetched(
      EVP_MD_fetch(nullptr, EVP_MD_get0_name(digest(algorithm)), nullptr), &EVP_MD_free);
  if (!fetched) refused("digest");
  const EVP_MD* md = fetched.get();
  const std::size_t size = hash_size(algorithm);
  Bytes buffer(4 + size);  // round number, then the previous hash
  unsigned int written = 0;
  auto* out = reinterpret_cast<unsigned char*>(buffer.data() + 4);
  if (!context || EVP_DigestInit_ex(context.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), salt.data(), salt.size()) != 1 ||
      EVP_DigestUpdate(context.get(), password.data(), password.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), out, &written) != 1) {
    refused("digest");
  }
  for (std::uint32_t round = 0; round < spin_count; ++round) {
    const auto counter = le32(round);
    std::memcpy(buffer.data(), counter.data(), counter.size());
    if (EVP_DigestInit_ex(context.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), buffer.data(), buffer.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), out, &written) != 1) {
      refused("digest");
    }
  }
  Bytes result(buffer.begin() + 4, buffer.end());
  wipe(buffer);
  return SecretBytes(std::move(result));
}

Hmac::Hmac(HashAlgorithm algorithm, std::span<const std::byte> key) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* context = mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr;
  EVP_MAC_free(mac);
  if (context == nullptr) refused("HMAC");
  m_context = context;
  const char* name = EVP_MD_get0_name(digest(algorithm));
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string("digest", const_cast<char*>(name), 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   params) != 1) {
    EVP_MAC_CTX_free(context);
    refused("HMAC");
  }
}

Hmac::~Hmac() { EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(m_context)); }

void Hmac::update(std::span<const std::byte> data) {
  if (data.empty()) return;
  if (EVP_MAC_update(static_cast<EVP_MAC_CTX*>(m_context),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    refused("HMAC");
  }
}

Bytes Hmac::finish() {
  Bytes out(EVP_MAX_MD_SIZE);
  std::size_t size = 0;
  if (EVP_MAC_final(static_cast<EVP_MAC_CTX*>(m_context),
                    reinterpret_cast<unsigned char*>(out.data()), &size, out.size()) != 1) {
    refused("HMAC");
  }
  out.resize(size);
  return out;
}

Bytes hmac(HashAlgorithm algorithm, std::span<const std::byte> key,
           std::span<const std::byte> data) {
  Hmac mac(algorithm, key);
  mac.update(data);
  return mac.finish();
}

Bytes aes_cbc_decrypt(std::span<const std::byte> key, std::span<const std::byte> iv,
                      std::span<const std::byte> data) {
  if (iv.size() != 16) refused("AES initialization vector length");
  return aes_decrypt(key, iv.data(), data);
}

Bytes aes_ecb_decrypt(std::span<const std::byte> key, std::span<const std::byte> data) {
  return aes_decrypt(key, nullptr, data);
}

// OpenSSL 3 keeps RC4 in its optional "legacy" provider, which a minimal
// installation may lack; the cipher itself is a few lines.
Rc4::Rc4(std::span<const std::byte> key) {
  for (int i = 0; i < 256; ++i) m_state[i] = static_cast<std::uint8_t>(i);
  std::uint8_t j = 0;
  for (std::size_t i = 0; i < 256; ++i) {
    j = static_cast<std::uint8_t>(j + m_state[i] +
                                  std::to_integer<std::uint8_t>(key[i % key.size()]));
    std::swap(m_state[i], m_state[j]);
  }
}

void Rc4::apply(std::span<std::byte> data) noexcept {
  for (std::byte& b : data) {
    m_i = static_cast<std::uint8_t>(m_i + 1);
    m_j = static_cast<std::uint8_t>(m_j + m_state[m_i]);
    std::swap(m_state[m_i], m_state[m_j]);
    b ^= std::byte{m_state[static_cast<std::uint8_t>(m_state[m_i] + m_state[m_j])]};
  }
}

void Rc4::skip(std::size_t count) noexcept {
  std::byte scratch[64];
  while (count > 0) {
    const std::size_t n = count < sizeof scratch ? count : sizeof scratch;
    apply(std::span<std::byte>(scratch, n));
    count -= n;
  }
}

Bytes base64_decode(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean.push_back(c);
  }
  if (clean.size() % 4 != 0)
    throw FileError(FileFailure::Corrupt, "malformed base64 in the encryption info");
  Bytes out(clean.size() / 4 * 3);
  const int size = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                   reinterpret_cast<const unsigned char*>(clean.data()),
                                   static_cast<int>(clean.size()));
  if (size < 0) throw FileError(FileFailure::Corrupt, "malformed base64 in the encryption info");
  // EVP_DecodeBlock counts the '=' padding as zero bytes.
  std::size_t length = static_cast<std::size_t>(size);
  for (std::size_t i = clean.size(); i > 0 && clean[i - 1] == '=' && length > 0; --i) --length;
  out.resize(length);
  return out;
}

SecretBytes utf16le(std::string_view password) {
  Bytes out;
  out.reserve(password.size() * 2);
  const auto push = [&](std::uint32_t unit) {
    out.push_back(static_cast<std::byte>(unit & 0xFF));
    out.push_back(static_cast<std::byte>(unit >> 8));
  };
  for (std::size_t i = 0; i < password.size();) {
    const auto c = static_cast<unsigned char>(password[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xE  ? 3
                         : (c >> 3) == 0x1E ? 4
                                            : 0;
    bool valid = length != 0 && i + length <= password.size();
    std::uint32_t code = length == 1   ? c
                         : length == 2 ? (c & 0x1F)
                         : length == 3 ? (c & 0x0F)
                                       : (c & 0x07);
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(password[i + k]);
      valid = (next & 0xC0) == 0x80;
      code = (code << 6) | (next & 0x3F);
    }
    if (!valid) {
      push(c);
      ++i;
      continue;
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      push(0xD800 + (code >> 10));
      push(0xDC00 + (code & 0x3FF));
    } else {
      push(code);
    }
    i += length;
  }
  return SecretBytes(std::move(out));
}

std::span<const std::byte> as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

Bytes fit(Bytes bytes, std::size_t size, std::byte pad) {
  bytes.resize(size, pad);
  return bytes;
}

std::array<std::byte, 4> le32(std::uint32_t value) noexcept {
  return {static_cast<std::byte>(value), static_cast<std::byte>(value >> 8),
          static_cast<std::byte>(value >> 16), static_cast<std::byte>(value >> 24)};
}

}  // namespace pgdatahub::workbook::encryption
