#pragma once
// Excel workbooks (.xls): BIFF5 and BIFF8 records in an OLE2 compound file
// (Excel 5.0-2003), and the bare BIFF2-4 streams of Excel 2.x-4.0, read
// straight from memory.
//
// Why not FreeXL: it opens only a path (the bytes would go through a memfd),
// it parses the whole workbook up front and allocates a rows x columns cell
// grid per sheet from the DIMENSION record, which a malformed file such as
// calamine's OOM_alloc.xls turns into a huge allocation; its errors are
// coarse codes we could not map to Corrupt/Truncated/Encrypted. Reading the
// records ourselves streams one row at a time and checks every length.
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>

namespace pgdatahub::workbook::xls {

// Opens an .xls held in memory (an OLE2 file, or a bare BIFF stream).
// Throws FileError: Encrypted (FILEPASS), Unsupported (an .xlw workspace),
// Corrupt, Truncated.
std::unique_ptr<Workbook> open_xls_workbook(std::span<const std::byte> bytes,
                                            const std::string& name_hint,
                                            const OpenOptions& options = {});

// Opens a Workbook stream already taken out of its container (a decrypted one).
std::unique_ptr<Workbook> open_xls_workbook_stream(CompoundStream stream,
                                                   const std::string& name_hint);

}  // namespace pgdatahub::workbook::xls
