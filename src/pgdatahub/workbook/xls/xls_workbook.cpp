#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xls/cell_formats.hpp>
#include <pgdatahub/workbook/xls/shared_strings.hpp>
#include <pgdatahub/workbook/xls/xls_sheet_reader.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>

#include <filesystem>
#include <limits>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::uint16_t biff8_version = 0x0600;
constexpr std::uint16_t substream_globals = 0x0005;
constexpr std::uint16_t substream_workspace = 0x0100;  // BIFF4W workbook, or a BIFF5-8 workspace
constexpr std::uint16_t substream_worksheet = 0x0010;
constexpr std::size_t max_sst_bytes = 512ULL << 20;

bool starts_with_bof(std::span<const std::byte> bytes) {
  return bytes.size() >= 4 && is_bof(load_le16(bytes.data()));
}

// Records holding a cell value; each starts with the cell's row.
bool is_cell_record(std::uint16_t id) {
  switch (id) {
    case record::number:
    case record::rk:
    case record::mulrk:
    case record::labelsst:
    case record::label:
    case record::rstring:
    case record::boolerr:
    case record::formula:
    case record::formula_biff3:
    case record::formula_biff4:
    case record::integer_biff2:
    case record::number_biff2:
    case record::label_biff2:
    case record::boolerr_biff2:
      return true;
    default:
      return false;
  }
}

BiffVersion version_of(std::uint16_t bof_id, std::uint16_t version_field) {
  switch (bof_id) {
    case record::bof_biff2:
      return BiffVersion::Biff2;
    case record::bof_biff3:
      return BiffVersion::Biff3;
    case record::bof_biff4:
      return BiffVersion::Biff4;
    default:
      return version_field == biff8_version ? BiffVersion::Biff8 : BiffVersion::Biff5;
  }
}

// Where a sheet's substream starts, and what the globals say about it.
struct SheetEntry {
  SheetInfo info;
  std::uint64_t offset = 0;
  std::uint64_t end = std::numeric_limits<std::uint64_t>::max();  // BIFF4W: SHEETHDR's length
};

class XlsWorkbook final : public Workbook {
 public:
  XlsWorkbook(std::span<const std::byte> bytes, const std::string& name_hint)
      : m_name_hint(name_hint) {
    if (CompoundFile::has_signature(bytes)) {
      const CompoundFile container(bytes);
      auto stream = container.open_stream({"Workbook", "Book"});
      if (!stream) {
        if (container.has_stream("EncryptedPackage")) {
          throw FileError(FileFailure::Encrypted,
                          "encrypted (password-protected) workbook: remove the password in Excel "
                          "and save again");
        }
        throw FileError(FileFailure::NotSpreadsheet,
                        "OLE2 file without a Workbook stream (a Word or other Office document?)");
      }
      m_globals.stream = std::move(*stream);
      for (const auto& repair : container.repairs()) add_repair(repair);
    } else if (starts_with_bof(bytes)) {
      // Excel 2-4 worksheets, and some exporters' BIFF5/8, are bare streams.
      m_globals.stream = CompoundStream::from_bytes(bytes);
    } else {
      throw FileError(FileFailure::NotSpreadsheet, name_hint + " is not an .xls workbook");
    }
    read_globals();
  }

  XlsWorkbook(CompoundStream stream, const std::string& name_hint) : m_name_hint(name_hint) {
    m_globals.stream = std::move(stream);
    read_globals();
  }

  Format format() const override { return Format::Xls; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }

  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override {
    const XlsGlobals& globals = m_sheet_globals.empty() ? m_globals : *m_sheet_globals[index];
    return make_xls_sheet_reader(globals, m_offsets[index], m_sheets[index].name);
  }

 private:
  void read_globals() {
    RecordReader records(m_globals.stream, 0);
    if (!records.next())
      throw FileError(FileFailure::Truncated, "the .xls workbook stream is empty");
    if (!is_bof(records.id())) {
      throw FileError(FileFailure::Corrupt,
                      "malformed .xls: the workbook stream does not start with BOF");
    }
    ByteCursor bof(records.body(), ".xls", "BOF");
    const std::uint16_t version_field = bof.u16();
    const std::uint16_t type = bof.u16();
    m_globals.version = version_of(records.id(), version_field);
    const bool biff4_workbook =
        m_globals.version == BiffVersion::Biff4 && type == substream_workspace;
    if (type == substream_workspace && !biff4_workbook) {
      throw FileError(
          FileFailure::Unsupported,
          "not supported: an Excel workspace (.xlw) holds no sheets; open its workbooks instead");
    }
    // A worksheet stream without globals (every BIFF2-3 file, most BIFF4
    // ones, some BIFF5-8 exports) carries its formats itself: scan it whole.
    const bool single_sheet = type != substream_globals && !biff4_workbook;
    std::vector<SheetEntry> entries;
    scan(records, m_globals, single_sheet ? nullptr : &entries);
    if (single_sheet) {
      const bool worksheet = type == substream_worksheet;
      m_sheets.push_back(
          SheetInfo{std::filesystem::path(m_name_hint).stem().string(), true, worksheet});
      m_offsets.push_back(0);
      return;
    }
    if (biff4_workbook) read_biff4_sheet_formats(entries);
    for (auto& entry : entries) {
      m_sheets.push_back(std::move(entry.info));
      m_offsets.push_back(entry.offset);
    }
  }

  // Reads the records a sheet's values depend on, up to the EOF of the
  // substream `records` stands in (or `end`). With `sheets`, BOUNDSHEET
  // (BIFF5-8) and SHEETHDR (BIFF4W) records list the workbook's sheets.
  void scan(RecordReader& records, XlsGlobals& globals, std::vector<SheetEntry>* sheets,
            std::uint64_t end = std::numeric_limits<std::uint64_t>::max()) {
    std::uint16_t codepage = globals.version == BiffVersion::Biff8 ? 1200 : 1252;
    if (globals.codepage) codepage = globals.codepage_id;
    CellFormats formats(globals.version);
    std::vector<std::vector<std::byte>> sst_segments;
    std::size_t sst_bytes = 0;
    bool in_sst = false;
    std::vector<std::vector<std::byte>> boundsheets;
    std::uint16_t last_row = 0;
    while (records.position() < end && records.next()) {
      const std::uint16_t id = records.id();
      const auto body = records.body();
      if (id == record::continuation && in_sst) {
        sst_bytes += body.size();
        if (sst_bytes > max_sst_bytes)
          throw FileError(FileFailure::ResourceLimit, "shared string table too large");
        sst_segments.emplace_back(body.begin(), body.end());
        continue;
      }
      in_sst = false;
      if (id == record::eof) break;
      if (is_cell_record(id) && body.size() >= 2) {
        const std::uint16_t row = load_le16(body.data());
        if (row < last_row) globals.rows_unordered = true;
        last_row = row;
      }
      switch (id) {
        case record::filepass:
          throw FileError(FileFailure::Encrypted,
                          "encrypted (password-protected) .xls workbook: remove the password in "
                          "Excel and save again");
        case record::codepage: {
          ByteCursor cursor(body, ".xls", "CODEPAGE");
          codepage = cursor.u16();
          break;
        }
        case record::datemode: {
          ByteCursor cursor(body, ".xls", "DATEMODE");
          if (cursor.u16() == 1) globals.date_system = DateSystem::Excel1904;
          break;
        }
        case record::format_biff2:
        case record::format_biff4:
          formats.read_format(id, body);
          break;
        case record::xf_biff2:
        case record::xf_biff3:
        case record::xf_biff4:
        case record::xf_biff5:
          formats.read_xf(id, body);
          break;
        case record::boundsheet:
          // BIFF4W lists its sheets by name alone; their SHEETHDRs say where they are.
          if (sheets != nullptr && globals.version != BiffVersion::Biff4) {
            boundsheets.emplace_back(body.begin(), body.end());
          }
          break;
        case record::sheethdr:
          if (sheets != nullptr) records = add_biff4_sheet(records, body, codepage, *sheets);
          break;
        case record::sst:
          in_sst = true;
          sst_bytes = body.size();
          sst_segments.clear();
          sst_segments.emplace_back(body.begin(), body.end());
          break;
        default:
          break;
      }
    }
    globals.codepage_id = codepage;
    globals.codepage = std::make_shared<CodepageDecoder>(codepage);
    globals.strings.parse(sst_segments);
    globals.xf_classes = formats.xf_classes();
    globals.formats = std::move(formats);
    if (sheets == nullptr) return;
    for (const auto& raw : boundsheets) {
      ByteCursor cursor(raw, ".xls", "BOUNDSHEET");
      SheetEntry entry;
      entry.offset = cursor.u32();
      const std::uint8_t state = cursor.u8();
      const std::uint8_t type = cursor.u8();
      if (globals.version == BiffVersion::Biff8) {
        read_biff8_string(cursor, true, entry.info.name);
      } else {
        const std::size_t length = cursor.u8();
        globals.codepage->append(cursor.take(length), entry.info.name);
      }
      entry.info.visible = (state & 0x03) == 0;
      entry.info.is_worksheet = type == 0;
      sheets->push_back(std::move(entry));
    }
    for (std::size_t i = 0; i < sheets->size(); ++i) trust_sheet_bof((*sheets)[i], i);
  }

  // An Excel chart embedded in another document (POI bug 64130) lists its
  // data sheet as a chart without a name, while the sheet's own BOF says it
  // holds cells. The BOF is what the records are, so the sheet is read as a
  // worksheet, named by its position as LibreOffice does, and both repairs
  // noted.
  void trust_sheet_bof(SheetEntry& entry, std::size_t index) {
    if (entry.info.is_worksheet) return;
    // A chart's substream was never read before this check: if it is
    // damaged, the sheet stays a chart rather than failing the file.
    try {
      RecordReader records(m_globals.stream, entry.offset);
      if (!records.next() || !is_bof(records.id()) || records.body().size() < 4) return;
      if (!substream_holds_cells(load_le16(records.body().data() + 2))) return;
    } catch (const FileError&) {
      return;
    }
    entry.info.is_worksheet = true;
    if (entry.info.name.empty()) {
      entry.info.name = "Sheet" + std::to_string(index + 1);
      add_repair("sheet " + std::to_string(index + 1) + " has no name: named " + entry.info.name);
    }
    add_repair("sheet '" + entry.info.name +
               "' is listed as a chart but its records are cells: read as a worksheet");
  }

  void add_repair(const std::string& repair) {
    if (!m_globals.repairs.empty()) m_globals.repairs += "; ";
    m_globals.repairs += repair;
  }

  // SHEETHDR (BIFF4W): the sheet's length and name; its BOF follows at once.
  // Returns a reader positioned after the sheet, so the globals scan goes on.
  RecordReader add_biff4_sheet(const RecordReader& records, std::span<const std::byte> body,
                               std::uint16_t codepage, std::vector<SheetEntry>& sheets) {
    ByteCursor cursor(body, ".xls", "SHEETHDR");
    const std::uint32_t length = cursor.u32();
    SheetEntry entry;
    const auto name = cursor.take(cursor.u8());
    CodepageDecoder(codepage).append(name, entry.info.name);
    entry.offset = records.position();
    RecordReader peek(m_globals.stream, entry.offset);
    if (!peek.next() || !is_bof(peek.id())) {
      throw FileError(FileFailure::Corrupt,
                      "malformed .xls: an Excel 4 workbook sheet does not start with BOF");
    }
    ByteCursor bof(peek.body(), ".xls", "BOF");
    bof.u16();
    entry.info.visible = true;
    entry.info.is_worksheet = bof.u16() == substream_worksheet;
    entry.end = entry.offset + length;
    sheets.push_back(std::move(entry));
    return RecordReader(m_globals.stream, records.position() + length);
  }

  // Each sheet of an Excel 4 workbook has its own FORMAT and XF records;
  // each scan stops at its sheet's end, so hostile lengths cost one pass.
  void read_biff4_sheet_formats(const std::vector<SheetEntry>& entries) {
    for (const auto& entry : entries) {
      auto globals = std::make_unique<XlsGlobals>();
      globals->stream = m_globals.stream;
      globals->version = BiffVersion::Biff4;
      globals->date_system = m_globals.date_system;
      globals->codepage = m_globals.codepage;
      globals->codepage_id = m_globals.codepage_id;
      globals->repairs = m_globals.repairs;
      RecordReader records(globals->stream, entry.offset);
      records.next();  // the sheet's BOF, checked when it was listed
      scan(records, *globals, nullptr, entry.end);
      m_sheet_globals.push_back(std::move(globals));
    }
  }

  std::string m_name_hint;
  XlsGlobals m_globals;
  std::vector<std::unique_ptr<XlsGlobals>> m_sheet_globals;  // BIFF4W only
  std::vector<SheetInfo> m_sheets;
  std::vector<std::uint64_t> m_offsets;
};

}  // namespace

std::unique_ptr<Workbook> open_xls_workbook(std::span<const std::byte> bytes,
                                            const std::string& name_hint,
                                            const OpenOptions& /*options: none apply to BIFF*/) {
  return std::make_unique<XlsWorkbook>(bytes, name_hint);
}

std::unique_ptr<Workbook> open_xls_workbook_stream(CompoundStream stream,
                                                   const std::string& name_hint) {
  return std::make_unique<XlsWorkbook>(std::move(stream), name_hint);
}

}  // namespace pgdatahub::workbook::xls
