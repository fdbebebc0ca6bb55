#pragma once
// ECMA-376 (MS-OFFCRYPTO) encryption of OOXML packages: the OLE2 container
// of a password-protected .xlsx/.xlsm/.xlsb holds an EncryptionInfo stream
// (the scheme, salts and password verifier) and an EncryptedPackage stream
// (the zip, encrypted). Agile (Excel 2010 and later: AES, hash chosen by the
// file, 4096-byte segments, HMAC integrity) and Standard (Excel 2007:
// AES-128 in ECB mode, SHA-1) are read.
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/encryption/decryptor.hpp>

#include <memory>

namespace pgdatahub::workbook::encryption {

// Throws FileError: Unsupported (Extensible encryption, a cipher other than
// AES), Corrupt (an unreadable EncryptionInfo).
std::unique_ptr<Decryptor> make_ooxml_decryptor(const CompoundFile& container);

}  // namespace pgdatahub::workbook::encryption
