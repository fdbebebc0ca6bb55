#pragma once
// Recognizing a file's format from its first bytes (and, for zip containers,
// from the names of their parts).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace pgdatahub::workbook {

enum class Format {
  Unknown,        // not a spreadsheet
  Xlsx,           // OOXML SpreadsheetML (.xlsx, .xlsm, .xltx, Strict)
  Xlsb,           // Excel binary workbook
  Ods,            // OpenDocument spreadsheet (zip)
  Fods,           // flat OpenDocument XML
  SpreadsheetMl,  // Excel 2003 XML (SpreadsheetML 2003), saved as .xml or .xls
  Xls,            // BIFF5 / BIFF8 in an OLE2 compound file
  XlsLegacy,      // Excel 2-4 (BIFF2-4): bare BIFF streams, read by the .xls reader
  Csv,            // delimited text (decided by the name hint and content)
  Html,           // an HTML table saved with a spreadsheet extension
  Encrypted,      // OLE2 container holding an encrypted OOXML package or BIFF with FILEPASS
  Zip,            // a zip that is no spreadsheet (e.g. .docx)
  Numbers,        // Apple Numbers (a zip of Index/*.iwa, or the older index.xml.gz form): not read
};

std::string_view format_name(Format format) noexcept;

// Looks at the bytes (all of them are available, but only a prefix and, for
// zip files, the central directory are read).
Format detect_format(std::span<const std::byte> bytes, std::string_view name_hint);

// True when the (lowercased) head of an XML document says it is an Excel 2003
// XML workbook: its mso-application instruction or its namespace.
bool is_spreadsheetml(std::string_view lowered_head) noexcept;

// True for the extensions a user would call spreadsheets (xlsx, xls, csv, ...).
bool has_spreadsheet_extension(std::string_view file_name) noexcept;

}  // namespace pgdatahub::workbook
