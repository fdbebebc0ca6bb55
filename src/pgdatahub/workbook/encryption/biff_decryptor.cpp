#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/encryption/biff_decryptor.hpp>
#include <pgdatahub/workbook/little_endian.hpp>

#include <array>
#include <cstring>
#include <optional>

namespace pgdatahub::workbook::encryption {
namespace {

constexpr std::uint16_t bof = 0x0809;
constexpr std::uint16_t file_pass = 0x002F;
constexpr std::uint16_t bound_sheet = 0x0085;
constexpr std::size_t record_header = 4;
constexpr std::size_t rc4_block_size = 1024;  // RC4 is re-keyed every 1024 bytes of the stream
constexpr std::uint64_t max_stream_bytes = 1ULL << 30;

// Records Excel leaves in clear in an encrypted stream (MS-XLS 2.2.10).
bool never_encrypted(std::uint16_t id) {
  switch (id) {
    case bof:
    case file_pass:
    case 0x0194:  // UsrExcl
    case 0x0195:  // FileLock
    case 0x00E1:  // InterfaceHdr
    case 0x0196:  // RRDInfo
    case 0x0138:  // RRDHead
      return true;
    default:
      return false;
  }
}

[[noreturn]] void damaged(const std::string& what) {
  throw FileError(FileFailure::Corrupt, "encrypted .xls with a damaged " + what);
}

// Calls `decrypt(offset, bytes)` for every encrypted range of the stream, in order.
template <typename Decrypt>
void for_each_encrypted_range(Bytes& stream, Decrypt&& decrypt) {
  for (std::size_t at = 0; at + record_header <= stream.size();) {
    const std::uint16_t id = load_le16(stream.data() + at);
    const std::size_t size = load_le16(stream.data() + at + 2);
    const std::size_t body = at + record_header;
    if (size > stream.size() - body) {
      throw FileError(FileFailure::Truncated,
                      "the encrypted .xls stream ends inside a record (truncated download?)");
    }
    if (id == file_pass) {
      // Left in the stream as an unused record id, so the reader sees no FILEPASS.
      std::memset(stream.data() + at, 0, record_header - 2);
    } else if (!never_encrypted(id)) {
      // A BOUNDSHEET's first field (its sheet's stream offset) stays in clear.
      const std::size_t clear = id == bound_sheet ? std::min<std::size_t>(4, size) : 0;
      decrypt(body, std::span(stream).subspan(body + clear, size - clear), body + clear);
    }
    at = body + size;
  }
}

// ------------------------------------------------------------ RC4 and RC4 CryptoAPI

class Rc4Decryptor final : public Decryptor {
 public:
  enum class Kind : std::uint8_t { Office97, CryptoApi };

  Rc4Decryptor(Bytes stream, Kind kind, std::span<const std::byte> info)
      : m_stream(std::move(stream)), m_kind(kind) {
    if (kind == Kind::Office97) {
      // Salt, encrypted verifier, encrypted verifier MD5: 16 bytes each.
      if (info.size() < 48) damaged("FILEPASS record");
      m_salt.assign(info.begin(), info.begin() + 16);
      m_verifier.assign(info.begin() + 16, info.begin() + 48);
      return;
    }
    // Flags, header size, header (algorithm, hash, key size, ...), verifier.
    if (info.size() < 8) damaged("FILEPASS record");
    const std::uint32_t header_size = load_le32(info.data() + 4);
    if (header_size < 32 || info.size() < 8 + std::size_t{header_size} + 4 + 16 + 16 + 4 + 20) {
      damaged("FILEPASS record (CryptoAPI header)");
    }
    const std::byte* header = info.data() + 8;
    const std::uint32_t algorithm = load_le32(header + 8);
    const std::uint32_t key_bits = load_le32(header + 16);
    if (algorithm != 0x6801 && algorithm != 0) {
      throw FileError(FileFailure::Unsupported,
                      "encrypted .xls with a CryptoAPI algorithm other than RC4, which pgdatahub "
                      "does not decrypt");
    }
    m_key_bytes = key_bits == 0 ? 5 : key_bits / 8;
    if (m_key_bytes < 5 || m_key_bytes > 16) damaged("FILEPASS record (key size)");
    const std::byte* verifier = header + header_size;
    if (load_le32(verifier) != 16) damaged("FILEPASS record (salt size)");
    m_salt.assign(verifier + 4, verifier + 20);
    m_verifier.assign(verifier + 20, verifier + 36);
    m_verifier.insert(m_verifier.end(), verifier + 40, verifier + 60);
  }

  std::string scheme() const override {
    return m_kind == Kind::Office97
               ? "RC4 encryption (Excel 97-2000)"
               : "RC4 CryptoAPI encryption (" + std::to_string(m_key_bytes * 8) + "-bit)";
  }

  bool unlock(std::string_view password) override {
    const SecretBytes text = utf16le(password);
    if (m_kind == Kind::Office97) {
      // MS-OFFCRYPTO 2.3.6.2: the password's MD5 cut to 5 bytes, repeated with the salt 16 times.
      const Bytes digest = hash(HashAlgorithm::Md5, {text.bytes()});
      Bytes repeated;
      for (int i = 0; i < 16; ++i) {
        repeated.insert(repeated.end(), digest.begin(), digest.begin() + 5);
        repeated.insert(repeated.end(), m_salt.begin(), m_salt.end());
      }
      m_base = SecretBytes(fit(hash(HashAlgorithm::Md5, {repeated}), 5, std::byte{0}));
      wipe(repeated);
    } else {
      m_base = SecretBytes(hash(HashAlgorithm::Sha1, {m_salt, text.bytes()}));
    }
    // The verifier and its hash are one RC4 run with the key of block 0.
    Bytes check = m_verifier;
    Rc4 cipher(block_key(0).bytes());
    cipher.apply(check);
    const auto verifier = std::span(check).first(16);
    const Bytes expected = m_kind == Kind::Office97 ? hash(HashAlgorithm::Md5, {verifier})
                                                    : hash(HashAlgorithm::Sha1, {verifier});
    const bool matches = std::memcmp(expected.data(), check.data() + 16, expected.size()) == 0;
    wipe(check);
    return matches;
  }

  Bytes decrypt() override {
    std::uint64_t block = ~0ULL;
    std::size_t position = 0;  // within the current block's keystream
    std::optional<Rc4> cipher;
    for_each_encrypted_range(
        m_stream, [&](std::size_t, std::span<std::byte> bytes, std::size_t offset) {
          // The keystream runs over the whole stream, clear bytes included: position each byte by
          // its offset.
          for (std::size_t i = 0; i < bytes.size();) {
            const std::size_t at = offset + i;
            if (at / rc4_block_size != block) {
              block = at / rc4_block_size;
              cipher.emplace(block_key(static_cast<std::uint32_t>(block)).bytes());
              position = 0;
            }
            cipher->skip(at % rc4_block_size - position);
            const std::size_t n = std::min(bytes.size() - i, rc4_block_size - at % rc4_block_size);
            cipher->apply(bytes.subspan(i, n));
            position = at % rc4_block_size + n;
            i += n;
          }
        });
    return std::move(m_stream);
  }

 private:
  SecretBytes block_key(std::uint32_t block) const {
    const auto counter = le32(block);
    if (m_kind == Kind::Office97)
      return SecretBytes(hash(HashAlgorithm::Md5, {m_base.bytes(), counter}));
    Bytes key =
        fit(hash(HashAlgorithm::Sha1, {m_base.bytes(), counter}), m_key_bytes, std::byte{0});
    // A 40-bit key is used as 128 bits, zero-padded (MS-OFFCRYPTO 2.3.5.2).
    if (m_key_bytes == 5) key.resize(16, std::byte{0});
    return SecretBytes(std::move(key));
  }

  Bytes m_stream;
  Kind m_kind;
  std::size_t m_key_bytes = 16;
  Bytes m_salt, m_verifier;
  SecretBytes m_base;
};

// ------------------------------------------------------------ XOR obfuscation (method 1)

// The tables of MS-OFFCRYPTO 2.3.7.2.
constexpr std::array<std::uint16_t, 15> initial_code = {0xE1F0, 0x1D0F, 0xCC9C, 0x84C0, 0x110C,
                                                        0x0E10, 0xF1CE, 0x313E, 0x1872, 0xE139,
                                                        0xD40F, 0x84F9, 0x280C, 0xA96A, 0x4EC3};
constexpr std::array<std::uint16_t, 105> xor_matrix = {
    0xAEFC, 0x4DD9, 0x9BB2, 0x2745, 0x4E8A, 0x9D14, 0x2A09, 0x7B61, 0xF6C2, 0xFDA5, 0xEB6B, 0xC6F7,
    0x9DCF, 0x2BBF, 0x4563, 0x8AC6, 0x05AD, 0x0B5A, 0x16B4, 0x2D68, 0x5AD0, 0x0375, 0x06EA, 0x0DD4,
    0x1BA8, 0x3750, 0x6EA0, 0xDD40, 0xD849, 0xA0B3, 0x5147, 0xA28E, 0x553D, 0xAA7A, 0x44D5, 0x6F45,
    0xDE8A, 0xAD35, 0x4A4B, 0x9496, 0x390D, 0x721A, 0xEB23, 0xC667, 0x9CEF, 0x29FF, 0x53FE, 0xA7FC,
    0x5FD9, 0x47D3, 0x8FA6, 0x0F6D, 0x1EDA, 0x3DB4, 0x7B68, 0xF6D0, 0xB861, 0x60E3, 0xC1C6, 0x93AD,
    0x377B, 0x6EF6, 0xDDEC, 0x45A0, 0x8B40, 0x06A1, 0x0D42, 0x1A84, 0x3508, 0x6A10, 0xAA51, 0x4483,
    0x8906, 0x022D, 0x045A, 0x08B4, 0x1168, 0x76B4, 0xED68, 0xCAF1, 0x85C3, 0x1BA7, 0x374E, 0x6E9C,
    0x3730, 0x6E60, 0xDCC0, 0xA9A1, 0x4363, 0x86C6, 0x1DAD, 0x3331, 0x6662, 0xCCC4, 0x89A9, 0x0373,
    0x06E6, 0x0DCC, 0x1021, 0x2042, 0x4084, 0x8108, 0x1231, 0x2462, 0x48C4};
constexpr std::array<std::uint8_t, 15> pad_array = {0xBB, 0xFF, 0xFF, 0xBA, 0xFF, 0xFF, 0xB9, 0x80,
                                                    0x00, 0xBE, 0x0F, 0x00, 0xBF, 0x0F, 0x00};

std::uint8_t rotate_left(std::uint8_t value, int bits) {
  return static_cast<std::uint8_t>((value << bits) | (value >> (8 - bits)));
}

class XorDecryptor final : public Decryptor {
 public:
  XorDecryptor(Bytes stream, std::span<const std::byte> info) : m_stream(std::move(stream)) {
    if (info.size() < 4) damaged("FILEPASS record");
    m_key = static_cast<std::uint16_t>(load_le16(info.data()));
    m_verifier = static_cast<std::uint16_t>(load_le16(info.data() + 2));
  }

  std::string scheme() const override { return "XOR obfuscation (Excel 95 and earlier)"; }

  bool unlock(std::string_view password) override {
    // Method 1 works on at most 15 single-byte characters; a password outside
    // that range cannot be this file's.
    if (password.empty() || password.size() > 15) return false;
    std::vector<std::uint8_t> bytes(password.begin(), password.end());
    if (verifier_of(bytes) != m_verifier || key_of(bytes) != m_key) return false;
    // The 16-byte obfuscation array: the password padded, mixed with the key.
    for (std::size_t i = 0; i < 16; ++i) {
      const std::uint8_t base = i < bytes.size() ? bytes[i] : pad_array[i - bytes.size()];
      const std::uint8_t key_byte =
          static_cast<std::uint8_t>(i % 2 == 0 ? m_key & 0xFF : m_key >> 8);
      m_array[i] = rotate_left(static_cast<std::uint8_t>(base ^ key_byte), 2);
    }
    return true;
  }

  Bytes decrypt() override {
    for_each_encrypted_range(
        m_stream, [&](std::size_t body, std::span<std::byte> bytes, std::size_t offset) {
          // The array index of a byte starts at (record data offset + record size), MS-XLS 2.2.10.
          const std::size_t record_size = load_le16(m_stream.data() + body - 2);
          std::size_t index = offset + record_size;
          for (std::byte& b : bytes) {
            const auto value = rotate_left(std::to_integer<std::uint8_t>(b), 3);
            b = static_cast<std::byte>(value ^ m_array[index++ % 16]);
          }
        });
    return std::move(m_stream);
  }

 private:
  static std::uint16_t verifier_of(const std::vector<std::uint8_t>& password) {
    std::uint16_t verifier = 0;
    const auto step = [&](std::uint8_t c) {
      verifier = static_cast<std::uint16_t>(((verifier >> 14) & 1) | ((verifier << 1) & 0x7FFF));
      verifier ^= c;
    };
    for (auto it = password.rbegin(); it != password.rend(); ++it) step(*it);
    step(static_cast<std::uint8_t>(password.size()));
    return static_cast<std::uint16_t>(verifier ^ 0xCE4B);
  }

  static std::uint16_t key_of(const std::vector<std::uint8_t>& password) {
    std::uint16_t key = initial_code[password.size() - 1];
    std::size_t element = xor_matrix.size() - 1;
    for (auto it = password.rbegin(); it != password.rend(); ++it) {
      std::uint8_t c = *it;
      for (int bit = 0; bit < 7; ++bit, --element) {
        if ((c & 0x40) != 0) key ^= xor_matrix[element];
        c = static_cast<std::uint8_t>(c << 1);
      }
    }
    return key;
  }

  Bytes m_stream;
  std::uint16_t m_key = 0;
  std::uint16_t m_verifier = 0;
  std::array<std::uint8_t, 16> m_array{};
};

}  // namespace

std::unique_ptr<Decryptor> make_biff_decryptor(const CompoundStream& stream) {
  if (stream.size() > max_stream_bytes) {
    throw FileError(FileFailure::ResourceLimit,
                    "the encrypted .xls workbook stream is larger than 1 GiB");
  }
  Bytes bytes(static_cast<std::size_t>(stream.size()));
  if (stream.read(0, bytes) != bytes.size()) damaged("Workbook stream");
  // BOF, then FILEPASS.
  if (bytes.size() < record_header || load_le16(bytes.data()) != bof)
    damaged("Workbook stream (no BOF)");
  const std::size_t at = record_header + load_le16(bytes.data() + 2);
  if (at + record_header > bytes.size() || load_le16(bytes.data() + at) != file_pass) {
    damaged("Workbook stream (no FILEPASS after BOF)");
  }
  const std::size_t size = load_le16(bytes.data() + at + 2);
  if (at + record_header + size > bytes.size()) damaged("FILEPASS record");
  const Bytes info(bytes.begin() + static_cast<std::ptrdiff_t>(at + record_header),
                   bytes.begin() + static_cast<std::ptrdiff_t>(at + record_header + size));
  // BIFF5 FILEPASS is the XOR key and verifier alone; BIFF8 starts with the encryption type.
  if (size == 4) return std::make_unique<XorDecryptor>(std::move(bytes), info);
  if (size < 2) damaged("FILEPASS record");
  const std::uint16_t type = load_le16(info.data());
  if (type == 0)
    return std::make_unique<XorDecryptor>(std::move(bytes), std::span(info).subspan(2));
  if (type != 1 || size < 6) {
    throw FileError(FileFailure::Unsupported,
                    "encrypted .xls with an unknown encryption type " + std::to_string(type));
  }
  const std::uint16_t major = load_le16(info.data() + 2);
  const std::uint16_t minor = load_le16(info.data() + 4);
  const auto rest = std::span(info).subspan(6);
  if (major == 1 && minor == 1) {
    return std::make_unique<Rc4Decryptor>(std::move(bytes), Rc4Decryptor::Kind::Office97, rest);
  }
  if ((major == 2 || major == 3 || major == 4) && minor == 2) {
    return std::make_unique<Rc4Decryptor>(std::move(bytes), Rc4Decryptor::Kind::CryptoApi, rest);
  }
  throw FileError(FileFailure::Unsupported, "encrypted .xls with an unknown RC4 version " +
                                                std::to_string(major) + "." +
                                                std::to_string(minor));
}

}  // namespace pgdatahub::workbook::encryption
