#include <pgdatahub/workbook/workbook.hpp>

#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/csv/csv_workbook.hpp>
#include <pgdatahub/workbook/ods/ods_workbook.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>
#include <pgdatahub/workbook/xlsb/xlsb_workbook.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_workbook.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

namespace pgdatahub::workbook {

std::unique_ptr<Workbook> open_workbook(std::span<const std::byte> bytes,
                                        const std::string& name_hint,
                                        const OpenOptions& options) {
  const Format format = detect_format(bytes, name_hint);
  switch (format) {
    case Format::Xlsx:
      return std::make_unique<xlsx::XlsxWorkbook>(bytes, options);
    case Format::Xlsb:
      return xlsb::open_xlsb_workbook(bytes, name_hint, options);
    case Format::Ods:
      return ods::open_ods_workbook(bytes, name_hint, options);
    case Format::Fods:
      return ods::open_fods_workbook(bytes, name_hint);
    case Format::Xls:
      return xls::open_xls_workbook(bytes, name_hint);
    case Format::Csv:
      return csv::open_csv_workbook(bytes, name_hint, options);
    case Format::Encrypted:
      throw FileError(FileFailure::Encrypted,
                      "encrypted (password-protected): remove the password in Excel and save again");
    case Format::XlsLegacy:
      throw FileError(FileFailure::Unsupported,
                      "Excel 2-4 worksheets (BIFF2-4) are not supported: save the file as .xlsx");
    case Format::Zip: {
      // A damaged archive says how it is damaged (truncated, corrupt) before
      // an intact one is called no spreadsheet.
      const ZipArchive probe(bytes);
      throw FileError(FileFailure::NotSpreadsheet, "not a spreadsheet (a zip archive without a workbook)");
    }
    case Format::Numbers:
      throw FileError(FileFailure::Unsupported,
                      "Apple Numbers: export it as .xlsx (File > Export To > Excel)");
    case Format::Html:
      throw FileError(FileFailure::NotSpreadsheet,
                      "not a spreadsheet: an HTML page saved under a spreadsheet name; open it in "
                      "Excel or LibreOffice and save it as .xlsx");
    case Format::Unknown:
      throw FileError(FileFailure::NotSpreadsheet,
                      "not a spreadsheet: its bytes match no spreadsheet format (wrong file?)");
    default:
      throw FileError(FileFailure::Unsupported,
                      "not supported yet: " + std::string(format_name(format)));
  }
}

}  // namespace pgdatahub::workbook
