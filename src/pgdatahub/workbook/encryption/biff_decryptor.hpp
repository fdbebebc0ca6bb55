#pragma once
// Encryption of legacy .xls workbooks (MS-XLS 2.4.117 FILEPASS,
// MS-OFFCRYPTO 2.3.6-2.3.7): the records of the Workbook stream are encrypted
// in place, record headers left clear, with RC4 (Excel 97-2000), RC4
// CryptoAPI (Excel 2002-2003) or XOR obfuscation (Excel 95 and the default
// password of write-protected files).
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/encryption/decryptor.hpp>

#include <memory>

namespace pgdatahub::workbook::encryption {

// `stream`: the Workbook (or Book) stream, whose FILEPASS record follows the
// first BOF. decrypt() returns the whole stream with every record in clear
// and FILEPASS blanked to an unused record, so the .xls reader reads it as
// any other workbook. Throws FileError: Unsupported, Corrupt.
std::unique_ptr<Decryptor> make_biff_decryptor(const CompoundStream& stream);

}  // namespace pgdatahub::workbook::encryption
