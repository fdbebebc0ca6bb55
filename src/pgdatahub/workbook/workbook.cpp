#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/csv_workbook.hpp>
#include <pgdatahub/workbook/encryption/encrypted_workbook.hpp>
#include <pgdatahub/workbook/html/html_workbook.hpp>
#include <pgdatahub/workbook/ods/ods_workbook.hpp>
#include <pgdatahub/workbook/spreadsheetml/spreadsheetml_workbook.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>
#include <pgdatahub/workbook/xlsb/xlsb_workbook.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_workbook.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

namespace pgdatahub::workbook {

std::unique_ptr<SheetReader> Workbook::open_sheet(std::size_t index) {
  if (index >= sheets().size()) {
    throw FileError(FileFailure::MissingSheet,
                    "sheet index " + std::to_string(index) + " is out of range");
  }
  return open_valid_sheet(index);
}

std::unique_ptr<Workbook> open_workbook(std::span<const std::byte> bytes,
                                        const std::string& name_hint, const OpenOptions& options) {
  const Format format = detect_format(bytes, name_hint);
  switch (format) {
    case Format::Xlsx:
      return xlsx::open_xlsx_workbook(bytes, name_hint, options);
    case Format::Xlsb:
      return xlsb::open_xlsb_workbook(bytes, name_hint, options);
    case Format::Ods:
      return ods::open_ods_workbook(bytes, name_hint, options);
    case Format::Fods:
      return ods::open_fods_workbook(bytes, name_hint, options);
    case Format::SpreadsheetMl:
      return spreadsheetml::open_spreadsheetml_workbook(bytes, name_hint, options);
    case Format::Xls:
    case Format::XlsLegacy:
      return xls::open_xls_workbook(bytes, name_hint, options);
    case Format::Csv:
      return csv::open_csv_workbook(bytes, name_hint, options);
    case Format::Encrypted:
      return encryption::open_encrypted_workbook(bytes, name_hint, options);
    case Format::Zip: {
      // A damaged archive says how it is damaged (truncated, corrupt) before
      // an intact one is called no spreadsheet.
      const ZipArchive probe(bytes);
      throw FileError(FileFailure::NotSpreadsheet,
                      "not a spreadsheet (a zip archive without a workbook)");
    }
    case Format::Numbers:
      throw FileError(FileFailure::Unsupported,
                      "Apple Numbers: export it as .xlsx (File > Export To > Excel)");
    case Format::Html:
      return html::open_html_workbook(bytes, name_hint, options);
    case Format::Unknown:
      throw FileError(FileFailure::NotSpreadsheet,
                      "not a spreadsheet: its bytes match no spreadsheet format (wrong file?)");
    default:
      throw FileError(FileFailure::Unsupported,
                      "not supported yet: " + std::string(format_name(format)));
  }
}

}  // namespace pgdatahub::workbook
