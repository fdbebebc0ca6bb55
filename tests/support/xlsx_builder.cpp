#include <support/xlsx_builder.hpp>

#include <fmt/format.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

namespace pgdatahub::test {

TempDir::TempDir() {
  std::random_device random;
  const auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = base / ("pgdatahub-test-" + std::to_string(random()));
    if (std::filesystem::create_directory(candidate)) {
      m_path = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

XlsxBuilder::XlsxBuilder(const std::filesystem::path& file)
    : m_workbook(workbook_new(file.string().c_str())) {
  if (m_workbook == nullptr) throw std::runtime_error("cannot create " + file.string());
}

XlsxBuilder::~XlsxBuilder() {
  if (!m_closed) workbook_close(m_workbook);
}

XlsxBuilder& XlsxBuilder::sheet(const std::string& name, bool hidden) {
  m_sheet = workbook_add_worksheet(m_workbook, name.c_str());
  if (m_sheet == nullptr) throw std::runtime_error("cannot add sheet " + name);
  if (hidden) worksheet_hide(m_sheet);
  return *this;
}

XlsxBuilder& XlsxBuilder::chartsheet(const std::string& name) {
  lxw_chartsheet* chartsheet = workbook_add_chartsheet(m_workbook, name.c_str());
  lxw_chart* chart = workbook_add_chart(m_workbook, LXW_CHART_COLUMN);
  lxw_chart_series* series = chart_add_series(chart, nullptr, "=Sheet1!$A$1:$A$2");
  (void)series;
  chartsheet_set_chart(chartsheet, chart);
  return *this;
}

lxw_format* XlsxBuilder::format(const std::string& num_format) {
  if (num_format.empty()) return nullptr;
  for (auto& [code, fmt] : m_formats) {
    if (code == num_format) return fmt;
  }
  lxw_format* fmt = workbook_add_format(m_workbook);
  format_set_num_format(fmt, num_format.c_str());
  m_formats.emplace_back(num_format, fmt);
  return fmt;
}

XlsxBuilder& XlsxBuilder::text(std::uint32_t row, std::uint16_t col, const std::string& value) {
  worksheet_write_string(m_sheet, row, col, value.c_str(), nullptr);
  return *this;
}

XlsxBuilder& XlsxBuilder::number(std::uint32_t row, std::uint16_t col, double value,
                                 const std::string& num_format) {
  worksheet_write_number(m_sheet, row, col, value, format(num_format));
  return *this;
}

XlsxBuilder& XlsxBuilder::blank(std::uint32_t row, std::uint16_t col) {
  // libxlsxwriter writes a blank cell only when it has a format.
  worksheet_write_blank(m_sheet, row, col, format("0.00"));
  return *this;
}

XlsxBuilder& XlsxBuilder::datetime(std::uint32_t row, std::uint16_t col, DateTimeParts value,
                                   const std::string& num_format) {
  lxw_datetime dt{value.year, value.month, value.day, value.hour, value.minute, value.second};
  worksheet_write_datetime(m_sheet, row, col, &dt, format(num_format));
  return *this;
}

XlsxBuilder& XlsxBuilder::boolean(std::uint32_t row, std::uint16_t col, bool value) {
  worksheet_write_boolean(m_sheet, row, col, value ? 1 : 0, nullptr);
  return *this;
}

XlsxBuilder& XlsxBuilder::formula(std::uint32_t row, std::uint16_t col, const std::string& formula,
                                  double cached) {
  worksheet_write_formula_num(m_sheet, row, col, formula.c_str(), nullptr, cached);
  return *this;
}

XlsxBuilder& XlsxBuilder::formula(std::uint32_t row, std::uint16_t col, const std::string& formula,
                                  const std::string& cached) {
  worksheet_write_formula_str(m_sheet, row, col, formula.c_str(), nullptr, cached.c_str());
  return *this;
}

void XlsxBuilder::close() {
  m_closed = true;
  if (workbook_close(m_workbook) != LXW_NO_ERROR) throw std::runtime_error("workbook_close failed");
}

namespace {

void put16(std::string& out, unsigned value) {
  out.push_back(static_cast<char>(value & 0xFF));
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
}
void put32(std::string& out, unsigned long value) {
  put16(out, static_cast<unsigned>(value & 0xFFFF));
  put16(out, static_cast<unsigned>((value >> 16) & 0xFFFF));
}

std::string raw_deflate(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

std::string make_zip(const std::vector<ZipMember>& members) {
  std::string out;
  std::string central;
  for (const ZipMember& m : members) {
    const auto crc =
        crc32(0, reinterpret_cast<const Bytef*>(m.data.data()), static_cast<uInt>(m.data.size()));
    const std::string body = m.deflate ? raw_deflate(m.data) : m.data;
    const auto offset = out.size();
    put32(out, 0x04034b50);
    put16(out, 20);
    put16(out, 0);
    put16(out, m.deflate ? 8 : 0);
    put16(out, 0);
    put16(out, 0x21);
    put32(out, crc);
    put32(out, body.size());
    put32(out, m.data.size());
    put16(out, static_cast<unsigned>(m.name.size()));
    put16(out, 0);
    out += m.name;
    out += body;
    put32(central, 0x02014b50);
    put16(central, 20);
    put16(central, 20);
    put16(central, 0);
    put16(central, m.deflate ? 8 : 0);
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, body.size());
    put32(central, m.data.size());
    put16(central, static_cast<unsigned>(m.name.size()));
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += m.name;
  }
  const auto cd_offset = out.size();
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<unsigned>(members.size()));
  put16(out, static_cast<unsigned>(members.size()));
  put32(out, central.size());
  put32(out, cd_offset);
  put16(out, 0);
  return out;
}

std::string sheet_xml(const std::string& sheet_data) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
         R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
         "<sheetData>" +
         sheet_data + "</sheetData></worksheet>";
}

std::string styles_xml(const std::vector<int>& xf_num_fmt_ids,
                       const std::vector<std::pair<int, std::string>>& custom_formats) {
  std::string xml =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  if (!custom_formats.empty()) {
    xml += "<numFmts count=\"" + std::to_string(custom_formats.size()) + "\">";
    for (const auto& [id, code] : custom_formats) {
      std::string escaped;
      for (char c : code) {
        if (c == '"')
          escaped += "&quot;";
        else if (c == '&')
          escaped += "&amp;";
        else if (c == '<')
          escaped += "&lt;";
        else
          escaped += c;
      }
      xml += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + escaped + "\"/>";
    }
    xml += "</numFmts>";
  }
  xml += R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs>)";
  for (int id : xf_num_fmt_ids)
    xml += "<xf numFmtId=\"" + std::to_string(id) + "\" applyNumberFormat=\"1\"/>";
  xml += "</cellXfs></styleSheet>";
  return xml;
}

std::string make_xlsx(const RawPackage& package) {
  const std::string main_ns = package.strict
                                  ? "http://purl.oclc.org/ooxml/spreadsheetml/main"
                                  : "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel_ns =
      package.strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships"
                     : "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string wb = package.workbook_path;
  const auto slash = wb.rfind('/');
  const std::string wb_dir = slash == std::string::npos ? "" : wb.substr(0, slash + 1);
  const std::string wb_file = slash == std::string::npos ? wb : wb.substr(slash + 1);

  std::vector<ZipMember> members;
  std::string types =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/)" +
      wb +
      R"(" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)";
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  std::string sheets;
  for (std::size_t i = 0; i < package.sheets.size(); ++i) {
    const auto& s = package.sheets[i];
    const std::string n = std::to_string(i + 1);
    members.push_back({fmt::format("{}worksheets/sheet{}.xml", wb_dir, n), s.xml, true});
    types += fmt::format(
        R"(<Override PartName="/{}worksheets/sheet{}.xml" )"
        R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)",
        wb_dir, n);
    rels += fmt::format(
        R"(<Relationship Id="rId{0}" Type="{1}/worksheet" Target="worksheets/sheet{0}.xml"/>)", n,
        rel_ns);
    const std::string state = s.state.empty() ? "" : fmt::format(R"( state="{}")", s.state);
    sheets +=
        fmt::format(R"(<sheet name="{0}" sheetId="{1}"{2} r:id="rId{1}"/>)", s.name, n, state);
  }
  if (!package.shared_strings.empty()) {
    members.push_back({wb_dir + "sharedStrings.xml", package.shared_strings, true});
    rels += R"(<Relationship Id="rIdS" Type=")" + rel_ns +
            R"(/sharedStrings" Target="sharedStrings.xml"/>)";
  }
  if (!package.styles.empty()) {
    members.push_back({wb_dir + "styles.xml", package.styles, true});
    rels += R"(<Relationship Id="rIdT" Type=")" + rel_ns + R"(/styles" Target="styles.xml"/>)";
  }
  rels += "</Relationships>";
  types += "</Types>";
  std::string workbook = R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns=")" + main_ns +
                         R"(" xmlns:r=")" + rel_ns + R"(">)" +
                         (package.date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>") +
                         "<sheets>" + sheets + "</sheets></workbook>";
  const std::string office_rel =
      package.strict
          ? "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
          : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
  std::string root_rels =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type=")" +
      office_rel + R"(" Target=")" + wb + R"("/></Relationships>)";
  members.insert(members.begin(), {"[Content_Types].xml", types, true});
  members.push_back({"_rels/.rels", root_rels, true});
  members.push_back({wb, workbook, true});
  members.push_back({wb_dir + "_rels/" + wb_file + ".rels", rels, true});
  if (package.utf16) {
    for (auto& member : members) member.data = to_utf16le(member.data);
  }
  return make_zip(members);
}

std::string to_utf16le(const std::string& utf8) {
  std::string out = "\xFF\xFE";
  auto put = [&out](std::uint32_t unit) {
    out += static_cast<char>(unit & 0xFF);
    out += static_cast<char>(unit >> 8);
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::uint32_t cp = length == 1 ? lead : lead & (0x7FU >> length);
    for (std::size_t k = 1; k < length && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3FU);
    }
    i += length;
    if (cp >= 0x10000) {
      put(0xD800 + ((cp - 0x10000) >> 10));
      put(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      put(cp);
    }
  }
  return out;
}

std::vector<std::byte> read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return to_bytes(data);
}

std::vector<std::byte> to_bytes(const std::string& data) {
  std::vector<std::byte> out(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) out[i] = static_cast<std::byte>(data[i]);
  return out;
}

}  // namespace pgdatahub::test
