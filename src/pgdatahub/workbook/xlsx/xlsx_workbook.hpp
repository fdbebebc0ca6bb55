#pragma once
// An .xlsx/.xlsm/.xltx package (transitional or Strict OOXML): finds the
// workbook part through the package relationships or content types, reads
// sheets, date system, cell styles and shared strings, and opens sheets.
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/number_format.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xlsx/shared_strings.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::workbook::xlsx {

// Everything a sheet reader needs from its workbook.
struct WorkbookContext {
  DateSystem date_system = DateSystem::Excel1900;
  std::vector<NumberFormat> cell_styles;  // by cellXfs index (the s= attribute)
  SharedStrings shared_strings;
  bool fast_paths = true;                              // OpenOptions::fast_paths
  InflateThread inflate_thread = InflateThread::Auto;  // OpenOptions::inflate_thread
};

class XlsxWorkbook final : public Workbook {
 public:
  // Throws FileError when the package is no readable workbook.
  XlsxWorkbook(std::span<const std::byte> bytes, const OpenOptions& options);

  Format format() const override { return Format::Xlsx; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }

  const WorkbookContext& context() const noexcept { return m_context; }

 private:
  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override;
  void read_workbook_part(const std::string& part);
  void read_styles(const std::string& part);

  ZipArchive m_zip;
  WorkbookContext m_context;
  std::vector<SheetInfo> m_sheets;
  std::vector<std::string> m_sheet_parts;  // zip member per sheet, empty if unknown
};

// The same signature as every format's factory; open_workbook dispatches to it.
std::unique_ptr<Workbook> open_xlsx_workbook(std::span<const std::byte> bytes,
                                             const std::string& name_hint,
                                             const OpenOptions& options = {});

// The workbook part of an OOXML package (e.g. "xl/workbook.xml"), found via
// _rels/.rels, then [Content_Types].xml, then the conventional name.
std::optional<std::string> find_workbook_part(const ZipArchive& zip);

// Resolves a relationship target against the folder of its source part.
std::string resolve_part_name(std::string_view source_part, std::string_view target);

}  // namespace pgdatahub::workbook::xlsx
