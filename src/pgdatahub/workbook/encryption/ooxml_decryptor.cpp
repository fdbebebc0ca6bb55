#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/encryption/ooxml_decryptor.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace pgdatahub::workbook::encryption {
namespace {

// Agile encryption derives one key per purpose from the password hash, each
// with its own fixed "block key" (MS-OFFCRYPTO 2.3.4.11-14).
constexpr std::byte verifier_input_block[] = {std::byte{0xfe}, std::byte{0xa7}, std::byte{0xd2},
                                              std::byte{0x76}, std::byte{0x3b}, std::byte{0x4b},
                                              std::byte{0x9e}, std::byte{0x79}};
constexpr std::byte verifier_hash_block[] = {std::byte{0xd7}, std::byte{0xaa}, std::byte{0x0f},
                                             std::byte{0x6d}, std::byte{0x30}, std::byte{0x61},
                                             std::byte{0x34}, std::byte{0x4e}};
constexpr std::byte key_value_block[] = {std::byte{0x14}, std::byte{0x6e}, std::byte{0x0b},
                                         std::byte{0xe7}, std::byte{0xab}, std::byte{0xac},
                                         std::byte{0xd0}, std::byte{0xd6}};
constexpr std::byte hmac_key_block[] = {std::byte{0x5f}, std::byte{0xb2}, std::byte{0xad},
                                        std::byte{0x01}, std::byte{0x0c}, std::byte{0xb9},
                                        std::byte{0xe1}, std::byte{0xf6}};
constexpr std::byte hmac_value_block[] = {std::byte{0xa0}, std::byte{0x67}, std::byte{0x7f},
                                          std::byte{0x02}, std::byte{0xb2}, std::byte{0x2c},
                                          std::byte{0x84}, std::byte{0x33}};

constexpr std::size_t segment_size = 4096;  // Agile encrypts the package in segments of this size
constexpr std::uint32_t standard_spin_count = 50000;
constexpr std::uint32_t max_spin_count = 10'000'000;  // the spec's own limit
constexpr std::uint32_t algorithm_aes128 = 0x660E;
constexpr std::uint32_t algorithm_aes192 = 0x660F;
constexpr std::uint32_t algorithm_aes256 = 0x6610;
constexpr std::uint32_t algorithm_sha1 = 0x8004;

[[noreturn]] void damaged(const std::string& what) {
  throw FileError(FileFailure::Corrupt, "encrypted workbook with a damaged " + what);
}

Bytes read_stream(const CompoundStream& stream, std::uint64_t limit, const char* name) {
  if (stream.size() > limit) damaged(std::string(name) + " stream (too large)");
  Bytes out(static_cast<std::size_t>(stream.size()));
  if (stream.read(0, out) != out.size()) damaged(std::string(name) + " stream");
  return out;
}

// The plain package's size, in the first 8 bytes of EncryptedPackage.
std::uint64_t declared_package_size(const CompoundStream& package) {
  std::byte head[8];
  if (package.read(0, head) != sizeof head)
    damaged("EncryptedPackage stream (shorter than its header)");
  const std::uint64_t size = load_le32(head) | static_cast<std::uint64_t>(load_le32(head + 4))
                                                   << 32;
  if (size > package.size() - sizeof head) {
    throw FileError(
        FileFailure::Truncated,
        "the encrypted package is shorter than the size it declares (truncated download?)");
  }
  return size;
}

bool same(std::span<const std::byte> a, std::span<const std::byte> b, std::size_t size) {
  return a.size() >= size && b.size() >= size && std::memcmp(a.data(), b.data(), size) == 0;
}

std::string hash_label(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::Md5:
      return "MD5";
    case HashAlgorithm::Sha1:
      return "SHA-1";
    case HashAlgorithm::Sha256:
      return "SHA-256";
    case HashAlgorithm::Sha384:
      return "SHA-384";
    case HashAlgorithm::Sha512:
      return "SHA-512";
  }
  return "?";
}

// ---------------------------------------------------------------- Agile

struct AgileParameters {
  std::size_t key_bytes = 0;
  std::size_t block_size = 0;
  std::size_t hash_bytes = 0;
  HashAlgorithm hash = HashAlgorithm::Sha1;
  Bytes salt;
};

class AgileDecryptor final : public Decryptor {
 public:
  AgileDecryptor(std::span<const std::byte> xml, CompoundStream package)
      : m_package(std::move(package)) {
    parse(std::string_view(reinterpret_cast<const char*>(xml.data()), xml.size()));
  }

  std::string scheme() const override {
    return "Agile encryption (AES-" + std::to_string(m_data.key_bytes * 8) + ", " +
           hash_label(m_data.hash) + ")";
  }

  bool unlock(std::string_view password) override {
    const SecretBytes text = utf16le(password);
    const SecretBytes iterated =
        iterated_hash(m_password.hash, m_password.salt, text.bytes(), m_spin_count);
    const auto key_for = [&](std::span<const std::byte> block) {
      return SecretBytes(fit(hash(m_password.hash, {iterated.bytes(), block}), m_password.key_bytes,
                             std::byte{0x36}));
    };
    const Bytes iv = fit(m_password.salt, m_password.block_size, std::byte{0x36});
    const SecretBytes input(
        aes_cbc_decrypt(key_for(verifier_input_block).bytes(), iv, m_verifier_input));
    const SecretBytes expected(
        aes_cbc_decrypt(key_for(verifier_hash_block).bytes(), iv, m_verifier_hash));
    const Bytes actual = hash(
        m_password.hash,
        {std::span(input.bytes()).first(std::min(m_password.salt.size(), input.bytes().size()))});
    if (!same(actual, expected.bytes(), m_password.hash_bytes)) return false;
    Bytes key = aes_cbc_decrypt(key_for(key_value_block).bytes(), iv, m_key_value);
    m_key = SecretBytes(fit(std::move(key), m_data.key_bytes, std::byte{0}));
    return true;
  }

  Bytes decrypt() override {
    verify_integrity();
    const std::uint64_t size = declared_package_size(m_package);
    Bytes plain(static_cast<std::size_t>(size));
    std::vector<std::byte> segment(segment_size);
    for (std::uint64_t done = 0, index = 0; done < size; done += segment_size, ++index) {
      // Segments are whole AES blocks; the last one is padded up to a block.
      const std::size_t wanted =
          static_cast<std::size_t>(std::min<std::uint64_t>(segment_size, size - done));
      const std::size_t padded = (wanted + 15) / 16 * 16;
      if (m_package.read(8 + done, std::span(segment).first(padded)) != padded) {
        throw FileError(FileFailure::Truncated,
                        "the encrypted package ends inside a segment (truncated download?)");
      }
      const auto counter = le32(static_cast<std::uint32_t>(index));
      const Bytes iv =
          fit(hash(m_data.hash, {m_data.salt, counter}), m_data.block_size, std::byte{0x36});
      const Bytes clear = aes_cbc_decrypt(m_key.bytes(), iv, std::span(segment).first(padded));
      std::memcpy(plain.data() + done, clear.data(), wanted);
    }
    return plain;
  }

 private:
  // The HMAC covers the whole EncryptedPackage stream, read in segments.
  void verify_integrity() {
    if (m_hmac_key.empty() || m_hmac_value.empty()) return;  // written without integrity data
    const auto iv_for = [&](std::span<const std::byte> block) {
      return fit(hash(m_data.hash, {m_data.salt, block}), m_data.block_size, std::byte{0x36});
    };
    const SecretBytes key(fit(aes_cbc_decrypt(m_key.bytes(), iv_for(hmac_key_block), m_hmac_key),
                              m_data.hash_bytes, std::byte{0}));
    const Bytes expected =
        fit(aes_cbc_decrypt(m_key.bytes(), iv_for(hmac_value_block), m_hmac_value),
            m_data.hash_bytes, std::byte{0});
    Hmac mac(m_data.hash, key.bytes());
    std::vector<std::byte> block(std::size_t{64} * 1024);
    for (std::uint64_t at = 0; at < m_package.size();) {
      const std::size_t n = m_package.read(at, block);
      if (n == 0) break;
      mac.update(std::span(block).first(n));
      at += n;
    }
    if (!same(mac.finish(), expected, m_data.hash_bytes)) {
      throw FileError(
          FileFailure::Corrupt,
          "the encrypted workbook fails its integrity check (HMAC): the file was altered or "
          "damaged after it was saved; ask for a fresh copy");
    }
  }

  static AgileParameters parameters(const XmlScanner& xml, const char* element) {
    const auto number = [&](const char* name) -> std::size_t {
      const auto text = xml.attribute(name);
      std::size_t value = 0;
      if (!text ||
          std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc{}) {
        damaged(std::string("EncryptionInfo (") + element + " " + name + ")");
      }
      return value;
    };
    AgileParameters out;
    const auto cipher = xml.attribute("cipherAlgorithm").value_or("");
    const auto chaining = xml.attribute("cipherChaining").value_or("");
    if (cipher != "AES" || chaining != "ChainingModeCBC") {
      throw FileError(
          FileFailure::Unsupported,
          "encrypted with the " + std::string(cipher) + " cipher (" + std::string(chaining) +
              "), which pgdatahub does not decrypt (it reads AES-CBC, what Excel writes): "
              "save the file again in Excel with a password");
    }
    const auto hash_name = xml.attribute("hashAlgorithm").value_or("");
    if (!parse_hash_algorithm(hash_name, out.hash)) {
      throw FileError(FileFailure::Unsupported, "encrypted with the hash algorithm '" +
                                                    std::string(hash_name) +
                                                    "', which pgdatahub does not support");
    }
    out.key_bytes = number("keyBits") / 8;
    out.block_size = number("blockSize");
    out.hash_bytes = number("hashSize");
    out.salt = base64_decode(xml.attribute("saltValue").value_or(""));
    if ((out.key_bytes != 16 && out.key_bytes != 24 && out.key_bytes != 32) ||
        out.block_size != 16 || out.hash_bytes == 0 || out.hash_bytes > hash_size(out.hash) ||
        out.salt.empty()) {
      damaged(std::string("EncryptionInfo (") + element + ")");
    }
    return out;
  }

  void parse(std::string_view document) {
    XmlScanner xml(document);
    bool have_data = false;
    bool have_password = false;
    for (XmlEvent event = xml.next(); event != XmlEvent::End; event = xml.next()) {
      if (event != XmlEvent::StartElement) continue;
      if (xml.name() == "keyData") {
        m_data = parameters(xml, "keyData");
        have_data = true;
      } else if (xml.name() == "dataIntegrity") {
        m_hmac_key = base64_decode(xml.attribute("encryptedHmacKey").value_or(""));
        m_hmac_value = base64_decode(xml.attribute("encryptedHmacValue").value_or(""));
      } else if (xml.name() == "encryptedKey" && xml.attribute("spinCount") && !have_password) {
        // The password key encryptor; a certificate encryptor has no spin count.
        m_password = parameters(xml, "encryptedKey");
        const auto spin = xml.attribute("spinCount").value_or("");
        if (std::from_chars(spin.data(), spin.data() + spin.size(), m_spin_count).ec !=
                std::errc{} ||
            m_spin_count > max_spin_count) {
          damaged("EncryptionInfo (spinCount)");
        }
        m_verifier_input = base64_decode(xml.attribute("encryptedVerifierHashInput").value_or(""));
        m_verifier_hash = base64_decode(xml.attribute("encryptedVerifierHashValue").value_or(""));
        m_key_value = base64_decode(xml.attribute("encryptedKeyValue").value_or(""));
        have_password = true;
      }
    }
    if (!have_data) damaged("EncryptionInfo (no keyData)");
    if (!have_password) {
      throw FileError(FileFailure::Unsupported,
                      "encrypted for a certificate, not a password: pgdatahub opens "
                      "password-protected files only");
    }
    if (m_verifier_input.empty() || m_verifier_hash.empty() || m_key_value.empty()) {
      damaged("EncryptionInfo (password verifier)");
    }
  }

  CompoundStream m_package;
  AgileParameters m_data;      // keyData: how the package is encrypted
  AgileParameters m_password;  // the password key encryptor
  std::uint32_t m_spin_count = 0;
  Bytes m_verifier_input, m_verifier_hash, m_key_value;
  Bytes m_hmac_key, m_hmac_value;
  SecretBytes m_key;
};

// ---------------------------------------------------------------- Standard

class StandardDecryptor final : public Decryptor {
 public:
  StandardDecryptor(std::span<const std::byte> info, CompoundStream package)
      : m_package(std::move(package)) {
    // After the 8-byte version and flags: the header's size, the header, the verifier.
    if (info.size() < 12) damaged("EncryptionInfo");
    const std::uint32_t header_size = load_le32(info.data() + 8);
    if (header_size < 32 || info.size() < 12 + std::size_t{header_size} + 4 + 16 + 16 + 4 + 32) {
      damaged("EncryptionInfo (Standard header)");
    }
    const std::byte* header = info.data() + 12;
    const std::uint32_t algorithm = load_le32(header + 8);
    const std::uint32_t hash_algorithm = load_le32(header + 12);
    const std::uint32_t key_bits = load_le32(header + 16);
    const std::size_t expected_bits = algorithm == algorithm_aes128   ? 128
                                      : algorithm == algorithm_aes192 ? 192
                                      : algorithm == algorithm_aes256 ? 256
                                                                      : 0;
    if (expected_bits == 0 || (hash_algorithm != algorithm_sha1 && hash_algorithm != 0)) {
      throw FileError(FileFailure::Unsupported,
                      "encrypted with Standard encryption using algorithm 0x" + hex(algorithm) +
                          " and hash 0x" + hex(hash_algorithm) +
                          " (pgdatahub reads AES with SHA-1, what Excel writes)");
    }
    if (key_bits != expected_bits) damaged("EncryptionInfo (key size)");
    m_key_bytes = key_bits / 8;
    const std::byte* verifier = header + header_size;
    const std::uint32_t salt_size = load_le32(verifier);
    if (salt_size != 16) damaged("EncryptionInfo (salt size)");
    m_salt.assign(verifier + 4, verifier + 20);
    m_verifier.assign(verifier + 20, verifier + 36);
    m_verifier_hash.assign(verifier + 40, verifier + 72);
  }

  std::string scheme() const override {
    return "Standard encryption (AES-" + std::to_string(m_key_bytes * 8) + ", SHA-1)";
  }

  bool unlock(std::string_view password) override {
    const SecretBytes text = utf16le(password);
    const SecretBytes iterated =
        iterated_hash(HashAlgorithm::Sha1, m_salt, text.bytes(), standard_spin_count);
    const auto block = le32(0);
    const SecretBytes final_hash(hash(HashAlgorithm::Sha1, {iterated.bytes(), block}));
    // The key is stretched to two hash lengths through the HMAC pads (2.3.4.7).
    const auto derive = [&](std::byte pad) {
      Bytes buffer(64, pad);
      for (std::size_t i = 0; i < final_hash.bytes().size(); ++i)
        buffer[i] ^= final_hash.bytes()[i];
      Bytes out = hash(HashAlgorithm::Sha1, {buffer});
      wipe(buffer);
      return out;
    };
    Bytes key = derive(std::byte{0x36});
    const Bytes second = derive(std::byte{0x5c});
    key.insert(key.end(), second.begin(), second.end());
    SecretBytes candidate(fit(std::move(key), m_key_bytes, std::byte{0}));
    const SecretBytes verifier(aes_ecb_decrypt(candidate.bytes(), m_verifier));
    const SecretBytes expected(aes_ecb_decrypt(candidate.bytes(), m_verifier_hash));
    if (!same(hash(HashAlgorithm::Sha1, {verifier.bytes()}), expected.bytes(), 20)) return false;
    m_key = std::move(candidate);
    return true;
  }

  // Standard encryption has no integrity data: the verifier is all there is.
  Bytes decrypt() override {
    const std::uint64_t size = declared_package_size(m_package);
    Bytes plain(static_cast<std::size_t>(size));
    std::vector<std::byte> segment(segment_size);
    for (std::uint64_t done = 0; done < size; done += segment_size) {
      const std::size_t wanted =
          static_cast<std::size_t>(std::min<std::uint64_t>(segment_size, size - done));
      const std::size_t padded = (wanted + 15) / 16 * 16;
      if (m_package.read(8 + done, std::span(segment).first(padded)) != padded) {
        throw FileError(FileFailure::Truncated,
                        "the encrypted package ends early (truncated download?)");
      }
      const Bytes clear = aes_ecb_decrypt(m_key.bytes(), std::span(segment).first(padded));
      std::memcpy(plain.data() + done, clear.data(), wanted);
    }
    return plain;
  }

 private:
  static std::string hex(std::uint32_t value) {
    char text[9];
    const auto end = std::to_chars(text, text + sizeof text, value, 16).ptr;
    return std::string(text, end);
  }

  CompoundStream m_package;
  std::size_t m_key_bytes = 16;
  Bytes m_salt, m_verifier, m_verifier_hash;
  SecretBytes m_key;
};

}  // namespace

std::unique_ptr<Decryptor> make_ooxml_decryptor(const CompoundFile& container) {
  auto info_stream = container.open_stream({"EncryptionInfo"});
  auto package = container.open_stream({"EncryptedPackage"});
  if (!info_stream || !package) damaged("container (EncryptionInfo or EncryptedPackage missing)");
  const Bytes info = read_stream(*info_stream, 1 << 20, "EncryptionInfo");
  if (info.size() < 8) damaged("EncryptionInfo");
  const std::uint32_t major = load_le16(info.data());
  const std::uint32_t minor = load_le16(info.data() + 2);
  if (major == 4 && minor == 4) {
    return std::make_unique<AgileDecryptor>(std::span(info).subspan(8), std::move(*package));
  }
  if ((major == 2 || major == 3 || major == 4) && minor == 2) {
    return std::make_unique<StandardDecryptor>(info, std::move(*package));
  }
  if ((major == 3 || major == 4) && minor == 3) {
    throw FileError(
        FileFailure::Unsupported,
        "encrypted with Extensible encryption (a third-party cryptographic module), which "
        "pgdatahub does not decrypt: save the file again in Excel with a password");
  }
  throw FileError(FileFailure::Unsupported, "encrypted with an unknown encryption version " +
                                                std::to_string(major) + "." +
                                                std::to_string(minor));
}

}  // namespace pgdatahub::workbook::encryption
