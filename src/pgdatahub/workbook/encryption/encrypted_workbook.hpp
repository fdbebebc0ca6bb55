#pragma once
// Opening a password-protected workbook: the scheme is read from the OLE2
// container (an encrypted OOXML package, or an .xls whose Workbook stream
// starts with FILEPASS), the candidate passwords are tried against the file's
// verifier, and the decrypted bytes (held in memory only, never written
// anywhere) are handed to the format's own reader.
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>

namespace pgdatahub::workbook::encryption {

// Excel's built-in password: a file saved "write-protected" is encrypted
// with it, and Excel opens it without asking. Always tried first.
inline constexpr std::string_view default_password = "VelvetSweatshop";

// Throws FileError(Encrypted) when no candidate opens the file (naming the
// scheme, and what to configure when nothing is), Unsupported for schemes
// not read, Corrupt when the data fails its integrity check.
std::unique_ptr<Workbook> open_encrypted_workbook(std::span<const std::byte> bytes,
                                                  const std::string& name_hint,
                                                  const OpenOptions& options);

}  // namespace pgdatahub::workbook::encryption
