#pragma once
// Test workbooks written on the fly: a thin wrapper around libxlsxwriter for
// realistic files, and a hand-made zip/package writer for the odd files
// (raw sheet XML, 1904 dates, broken archives) no writer library produces.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace pgdatahub::test {

// A fresh directory removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

struct DateTimeParts {
  int year = 1900, month = 1, day = 1, hour = 0, minute = 0;
  double second = 0;
};

class XlsxBuilder {
 public:
  explicit XlsxBuilder(const std::filesystem::path& file);
  ~XlsxBuilder();  // closes the workbook if close() was not called
  XlsxBuilder(const XlsxBuilder&) = delete;
  XlsxBuilder& operator=(const XlsxBuilder&) = delete;

  // Adds a worksheet and makes it the target of the writes that follow.
  XlsxBuilder& sheet(const std::string& name, bool hidden = false);
  XlsxBuilder& chartsheet(const std::string& name);
  XlsxBuilder& text(std::uint32_t row, std::uint16_t col, const std::string& value);
  XlsxBuilder& number(std::uint32_t row, std::uint16_t col, double value,
                      const std::string& num_format = "");
  XlsxBuilder& datetime(std::uint32_t row, std::uint16_t col, DateTimeParts value,
                        const std::string& num_format);
  XlsxBuilder& boolean(std::uint32_t row, std::uint16_t col, bool value);
  // A cell with a style and no value, as templates formatted to column XFD have.
  XlsxBuilder& blank(std::uint32_t row, std::uint16_t col);
  XlsxBuilder& formula(std::uint32_t row, std::uint16_t col, const std::string& formula,
                       double cached);
  XlsxBuilder& formula(std::uint32_t row, std::uint16_t col, const std::string& formula,
                       const std::string& cached);
  // Writes the file; throws std::runtime_error on failure.
  void close();

 private:
  lxw_format* format(const std::string& num_format);
  lxw_workbook* m_workbook;
  lxw_worksheet* m_sheet = nullptr;
  std::vector<std::pair<std::string, lxw_format*>> m_formats;
  bool m_closed = false;
};

// A zip member for write_zip.
struct ZipMember {
  std::string name;
  std::string data;
  bool deflate = true;
};

// Writes a zip archive (stored or raw-deflated members) and returns its bytes.
std::string make_zip(const std::vector<ZipMember>& members);

struct RawSheet {
  std::string name;
  std::string xml;    // the whole worksheet part
  std::string state;  // "", "hidden" or "veryHidden"
};

struct RawPackage {
  std::vector<RawSheet> sheets;
  std::string shared_strings;  // whole part, or empty for none
  std::string styles;          // whole part, or empty for none
  bool date1904 = false;
  bool strict = false;  // Strict OOXML namespaces and relationship types
  std::string workbook_path = "xl/workbook.xml";
  bool utf16 = false;  // every XML part saved as UTF-16LE with a byte order mark
};

// A minimal but valid .xlsx package around hand-written parts.
std::string make_xlsx(const RawPackage& package);

// A worksheet part around the given <sheetData> content.
std::string sheet_xml(const std::string& sheet_data);
// A styles part whose cellXfs use these numFmtIds; custom formats as (id, code).
std::string styles_xml(const std::vector<int>& xf_num_fmt_ids,
                       const std::vector<std::pair<int, std::string>>& custom_formats = {});

// UTF-8 text as UTF-16LE bytes after a byte order mark.
std::string to_utf16le(const std::string& utf8);

std::vector<std::byte> read_bytes(const std::filesystem::path& file);
std::vector<std::byte> to_bytes(const std::string& data);

}  // namespace pgdatahub::test
