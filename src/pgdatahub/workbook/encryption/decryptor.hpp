#pragma once
// One encryption scheme of one file: tries passwords against the file's
// verifier, then decrypts with the key of the one that matched. Nothing is
// decrypted before a password is verified, and decrypted bytes live only in
// memory.
#include <pgdatahub/workbook/encryption/crypto.hpp>

#include <string>
#include <string_view>

namespace pgdatahub::workbook::encryption {

class Decryptor {
 public:
  virtual ~Decryptor() = default;
  // The scheme as a user can look it up, e.g. "Agile encryption (AES-256, SHA-512)".
  virtual std::string scheme() const = 0;
  // True when `password` matches the file's verifier; the key is kept for decrypt().
  virtual bool unlock(std::string_view password) = 0;
  // The plain bytes (an OOXML package, or a BIFF workbook stream). Call
  // after unlock() returned true. Throws FileError when the data fails its
  // integrity check or is damaged.
  virtual Bytes decrypt() = 0;
};

}  // namespace pgdatahub::workbook::encryption
