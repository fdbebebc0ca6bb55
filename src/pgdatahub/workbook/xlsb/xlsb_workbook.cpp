#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/biff_cell.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/number_format.hpp>
#include <pgdatahub/workbook/serial_cell.hpp>
#include <pgdatahub/workbook/xlsb/record_stream.hpp>
#include <pgdatahub/workbook/xlsb/xlsb_workbook.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

#include <algorithm>
#include <map>

namespace pgdatahub::workbook::xlsb {

namespace {

namespace brt {
constexpr std::uint32_t row_header = 0;
constexpr std::uint32_t cell_blank = 1;
constexpr std::uint32_t cell_rk = 2;
constexpr std::uint32_t cell_error = 3;
constexpr std::uint32_t cell_bool = 4;
constexpr std::uint32_t cell_real = 5;
constexpr std::uint32_t cell_st = 6;
constexpr std::uint32_t cell_isst = 7;
constexpr std::uint32_t fmla_string = 8;
constexpr std::uint32_t fmla_num = 9;
constexpr std::uint32_t fmla_bool = 10;
constexpr std::uint32_t fmla_error = 11;
// The short cell records leave the column out: it is the one after the
// previous cell record of the row (SheetJS writes them).
constexpr std::uint32_t short_blank = 12;
constexpr std::uint32_t short_rk = 13;
constexpr std::uint32_t short_error = 14;
constexpr std::uint32_t short_bool = 15;
constexpr std::uint32_t short_real = 16;
constexpr std::uint32_t short_st = 17;
constexpr std::uint32_t short_isst = 18;
constexpr std::uint32_t sst_item = 19;
constexpr std::uint32_t fmt = 44;
constexpr std::uint32_t xf = 47;
constexpr std::uint32_t wb_prop = 153;
constexpr std::uint32_t bundle_sh = 156;
constexpr std::uint32_t begin_cell_xfs = 617;
constexpr std::uint32_t end_cell_xfs = 618;
}  // namespace brt

constexpr std::uint32_t max_row = 1'048'576;
constexpr std::uint32_t max_column = 16'384;
constexpr std::uint32_t style_mask = 0x00FFFFFF;

// The full cell record a short one stands for.
constexpr std::uint32_t long_cell_type(std::uint32_t short_type) {
  switch (short_type) {
    case brt::short_rk:
      return brt::cell_rk;
    case brt::short_error:
      return brt::cell_error;
    case brt::short_bool:
      return brt::cell_bool;
    case brt::short_real:
      return brt::cell_real;
    case brt::short_st:
      return brt::cell_st;
    case brt::short_isst:
      return brt::cell_isst;
    default:
      return short_type;
  }
}

// "worksheets/sheet1.bin" relative to xl/, or an absolute "/xl/..." target.
std::string resolve_target(std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  std::string path = "xl/";
  path += target;
  return path;
}

struct Globals {
  DateSystem date_system = DateSystem::Excel1900;
  std::vector<NumberFormat> xf_classes;
  std::string strings;
  std::vector<std::pair<std::size_t, std::size_t>> string_spans;
};

class XlsbSheetReader final : public SheetReader {
 public:
  XlsbSheetReader(const Globals& globals, std::unique_ptr<MemberStream> part, std::string sheet)
      : m_globals(globals),
        m_part(std::move(part)),
        m_records(*m_part),
        m_sheet(std::move(sheet)) {}

  bool next_row(RowView& row) override {
    while (m_records.next()) {
      m_stats.bytes_inflated = m_records.bytes_read();
      const std::uint32_t type = m_records.type();
      if (type == brt::row_header) {
        ByteCursor cursor(m_records.body(), ".xlsb");
        const std::uint32_t next_row = cursor.u32();
        if (next_row >= max_row) {
          throw FileError(FileFailure::Corrupt,
                          "malformed .xlsb: sheet \"" + m_sheet + "\" has a row beyond 1048576");
        }
        const bool had_cells = !m_building.empty();
        if (had_cells) finish_row(row);
        m_row = next_row;
        m_next_column = 0;
        if (had_cells) return true;
        continue;
      }
      if (type >= brt::cell_blank && type <= brt::short_isst) add_cell(type, m_records.body());
    }
    if (!m_building.empty()) {
      finish_row(row);
      return true;
    }
    return false;
  }

  const ReadStats& stats() const override { return m_stats; }
  // The shared strings, read whole when the workbook opened.
  std::string_view lasting_texts() const override { return m_globals.strings; }

 private:
  // Reads any cell record, blank ones included: they place the short records after them.
  void add_cell(std::uint32_t type, std::span<const std::byte> body) {
    ByteCursor cursor(body, ".xlsb");
    Cell cell;
    const bool is_short = type >= brt::short_blank;
    cell.column = is_short ? m_next_column : cursor.u32();
    if (cell.column >= max_column) {
      throw FileError(FileFailure::Corrupt,
                      "malformed .xlsb: sheet \"" + m_sheet + "\" has a column beyond XFD");
    }
    m_next_column = cell.column + 1;
    const std::uint32_t style = cursor.u32() & style_mask;
    std::size_t text_offset = no_text;
    switch (long_cell_type(type)) {
      case brt::cell_rk:
        set_number(cell, style, rk_value(cursor.u32()));
        break;
      case brt::cell_real:
      case brt::fmla_num:
        set_number(cell, style, cursor.f64());
        break;
      case brt::cell_bool:
      case brt::fmla_bool:
        cell.kind = CellKind::Boolean;
        cell.boolean = cursor.u8() != 0;
        break;
      case brt::cell_error:
      case brt::fmla_error:
        cell.kind = CellKind::Error;
        cell.text = error_literal(cursor.u8());
        ++m_stats.error_cells;
        break;
      case brt::cell_st:
      case brt::fmla_string: {
        m_text.clear();
        read_wide_string(cursor, m_text);
        const auto before = m_text.size();
        m_text.erase(std::remove(m_text.begin(), m_text.end(), '\0'), m_text.end());
        m_stats.nul_removed += before - m_text.size();
        if (m_text.empty()) return;
        cell.kind = CellKind::Text;
        text_offset = m_store.size();
        m_store += m_text;
        cell.number = static_cast<double>(m_text.size());  // length until the view is fixed
        break;
      }
      case brt::cell_isst: {
        const std::uint32_t index = cursor.u32();
        if (index >= m_globals.string_spans.size()) {
          throw FileError(FileFailure::Corrupt,
                          "malformed .xlsb: sheet \"" + m_sheet +
                              "\" refers to a shared string that does not exist");
        }
        const auto [offset, size] = m_globals.string_spans[index];
        if (size == 0) return;
        cell.kind = CellKind::Text;
        cell.text = std::string_view(m_globals.strings).substr(offset, size);
        break;
      }
      default:
        return;
    }
    m_building.push_back(cell);
    m_offsets.push_back(text_offset);
  }

  void set_number(Cell& cell, std::uint32_t style, double value) const {
    const auto number_class = style < m_globals.xf_classes.size()
                                  ? m_globals.xf_classes[style].class_for(value)
                                  : NumberClass::Plain;
    apply_serial(value, number_class, m_globals.date_system, cell);
  }

  void finish_row(RowView& row) {
    std::swap(m_cells, m_building);
    std::swap(m_emitted_store, m_store);
    m_building.clear();
    m_store.clear();
    for (std::size_t i = 0; i < m_cells.size(); ++i) {
      if (m_offsets[i] == no_text) continue;
      const auto size = static_cast<std::size_t>(m_cells[i].number);
      m_cells[i].text = std::string_view(m_emitted_store).substr(m_offsets[i], size);
      m_cells[i].number = 0;
    }
    m_offsets.clear();
    std::stable_sort(m_cells.begin(), m_cells.end(),
                     [](const Cell& a, const Cell& b) { return a.column < b.column; });
    row.number = m_row + 1;
    row.cells = m_cells;
  }

  static constexpr std::size_t no_text = static_cast<std::size_t>(-1);

  const Globals& m_globals;
  std::unique_ptr<MemberStream> m_part;
  RecordStream m_records;
  std::string m_sheet;
  std::uint32_t m_row = 0;
  std::uint32_t m_next_column = 0;  // where a short cell record goes
  std::vector<Cell> m_building;
  std::vector<std::size_t> m_offsets;
  std::string m_store;
  std::vector<Cell> m_cells;
  std::string m_emitted_store;
  std::string m_text;
  ReadStats m_stats;
};

class XlsbWorkbook final : public Workbook {
 public:
  XlsbWorkbook(std::span<const std::byte> bytes, const OpenOptions& options)
      : m_zip(bytes, ZipLimits{options.max_inflated_bytes, options.max_compression_ratio},
              options.release_input) {
    read_workbook();
    read_styles();
    read_shared_strings();
  }

  Format format() const override { return Format::Xlsb; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }

  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override {
    const ZipEntry* part = m_zip.find(m_parts[index]);
    if (part == nullptr) {
      throw FileError(FileFailure::Corrupt, "the .xlsb package lacks the part of sheet \"" +
                                                m_sheets[index].name + "\" (" + m_parts[index] +
                                                ")");
    }
    return std::make_unique<XlsbSheetReader>(m_globals, m_zip.open(*part), m_sheets[index].name);
  }

 private:
  void read_workbook() {
    std::map<std::string, std::string> targets;  // relationship id -> part
    if (const auto rels = m_zip.try_read_all("xl/_rels/workbook.bin.rels")) {
      XmlScanner xml(*rels);
      while (xml.next() != XmlEvent::End) {
        if (xml.name() != "Relationship") continue;
        const auto id = xml.attribute("Id");
        const auto target = xml.attribute("Target");
        if (id && target) targets[std::string(*id)] = resolve_target(*target);
      }
    }
    const ZipEntry* workbook = m_zip.find("xl/workbook.bin");
    if (workbook == nullptr)
      throw FileError(FileFailure::Corrupt, "the .xlsb package has no xl/workbook.bin");
    auto stream = m_zip.open(*workbook);
    RecordStream records(*stream);
    while (records.next()) {
      if (records.type() == brt::wb_prop) {
        ByteCursor cursor(records.body(), ".xlsb");
        if ((cursor.u32() & 0x01) != 0) m_globals.date_system = DateSystem::Excel1904;
      } else if (records.type() == brt::bundle_sh) {
        ByteCursor cursor(records.body(), ".xlsb");
        const std::uint32_t state = cursor.u32();
        cursor.u32();  // tab id
        std::string rel_id;
        read_wide_string(cursor, rel_id);
        SheetInfo info;
        read_wide_string(cursor, info.name);
        info.visible = state == 0;
        const auto target = targets.find(rel_id);
        std::string part = target != targets.end() ? target->second : std::string();
        info.is_worksheet = part.find("chartsheets/") == std::string::npos &&
                            part.find("dialogsheets/") == std::string::npos &&
                            part.find("macrosheets/") == std::string::npos;
        m_sheets.push_back(std::move(info));
        m_parts.push_back(std::move(part));
      }
    }
  }

  void read_styles() {
    const ZipEntry* styles = m_zip.find("xl/styles.bin");
    if (styles == nullptr) return;
    auto stream = m_zip.open(*styles);
    RecordStream records(*stream);
    std::map<std::uint16_t, NumberFormat> custom;
    bool in_cell_xfs = false;
    std::vector<std::uint16_t> xf_formats;
    while (records.next()) {
      switch (records.type()) {
        case brt::fmt: {
          ByteCursor cursor(records.body(), ".xlsb");
          const std::uint16_t id = cursor.u16();
          std::string code;
          read_wide_string(cursor, code);
          custom[id] = NumberFormat::parse(code);
          break;
        }
        case brt::begin_cell_xfs:
          in_cell_xfs = true;
          break;
        case brt::end_cell_xfs:
          in_cell_xfs = false;
          break;
        case brt::xf:
          if (in_cell_xfs) {
            ByteCursor cursor(records.body(), ".xlsb");
            cursor.u16();  // parent
            xf_formats.push_back(cursor.u16());
          }
          break;
        default:
          break;
      }
    }
    for (std::uint16_t id : xf_formats) {
      const auto found = custom.find(id);
      m_globals.xf_classes.push_back(found != custom.end() ? found->second
                                                           : NumberFormat::builtin(id));
    }
  }

  void read_shared_strings() {
    const ZipEntry* strings = m_zip.find("xl/sharedStrings.bin");
    if (strings == nullptr) return;
    auto stream = m_zip.open(*strings);
    RecordStream records(*stream);
    std::string text;
    while (records.next()) {
      if (records.type() != brt::sst_item) continue;
      ByteCursor cursor(records.body(), ".xlsb");
      cursor.u8();  // rich / phonetic flags: only the plain text matters
      text.clear();
      read_wide_string(cursor, text);
      text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
      m_globals.string_spans.emplace_back(m_globals.strings.size(), text.size());
      m_globals.strings += text;
    }
  }

  ZipArchive m_zip;
  Globals m_globals;
  std::vector<SheetInfo> m_sheets;
  std::vector<std::string> m_parts;
};

}  // namespace

std::unique_ptr<Workbook> open_xlsb_workbook(std::span<const std::byte> bytes,
                                             const std::string& /*name_hint*/,
                                             const OpenOptions& options) {
  if (CompoundFile::has_signature(bytes)) {
    // Excel saves a password-protected .xlsb as an OLE2 file holding the encrypted package.
    const CompoundFile container(bytes);
    if (container.has_stream("EncryptedPackage")) {
      throw FileError(FileFailure::Encrypted,
                      "encrypted (password-protected) .xlsb workbook: remove the password in Excel "
                      "and save again");
    }
    throw FileError(FileFailure::NotSpreadsheet, "an OLE2 file, not an .xlsb package");
  }
  return std::make_unique<XlsbWorkbook>(bytes, options);
}

}  // namespace pgdatahub::workbook::xlsb
