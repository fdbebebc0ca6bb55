#include <pgdatahub/workbook/xls/xls_workbook.hpp>

#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xls/biff_stream.hpp>
#include <pgdatahub/workbook/xls/compound_file.hpp>
#include <pgdatahub/workbook/xls/shared_strings.hpp>
#include <pgdatahub/workbook/xls/xls_sheet_reader.hpp>

#include <filesystem>
#include <map>

namespace pgdatahub::workbook::xls {

namespace {

constexpr std::uint16_t biff8_version = 0x0600;
constexpr std::uint16_t substream_globals = 0x0005;
constexpr std::uint16_t substream_workspace = 0x0100;
constexpr std::uint16_t substream_worksheet_only = 0x0010;
constexpr std::size_t max_sst_bytes = 512ULL << 20;

[[noreturn]] void legacy_biff() {
  throw FileError(FileFailure::Unsupported,
                  "not supported: Excel 2.x-4.x worksheet (BIFF2-4); open it in Excel or "
                  "LibreOffice and save as .xlsx");
}

bool starts_with_bof(std::span<const std::byte> bytes) {
  if (bytes.size() < 4) return false;
  const auto id = static_cast<std::uint16_t>(static_cast<unsigned>(bytes[0]) | static_cast<unsigned>(bytes[1]) << 8);
  return id == record::bof || id == record::bof_biff2 || id == record::bof_biff3 ||
         id == record::bof_biff4;
}

class XlsWorkbook final : public Workbook {
public:
  XlsWorkbook(std::span<const std::byte> bytes, const std::string& name_hint)
      : m_name_hint(name_hint) {
    if (CompoundFile::has_signature(bytes)) {
      const CompoundFile container(bytes);
      auto stream = container.open_stream({"Workbook", "Book"});
      if (!stream) {
        if (container.has_stream("EncryptedPackage")) {
          throw FileError(FileFailure::Encrypted, "encrypted (password-protected) workbook: remove the password in Excel and save again");
        }
        throw FileError(FileFailure::NotSpreadsheet,
                        "OLE2 file without a Workbook stream (a Word or other Office document?)");
      }
      m_globals.stream = std::move(*stream);
    } else if (starts_with_bof(bytes)) {
      m_globals.stream = CompoundStream::from_bytes(bytes);
    } else {
      throw FileError(FileFailure::NotSpreadsheet, name_hint + " is not an .xls workbook");
    }
    read_globals();
  }

  Format format() const override { return Format::Xls; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }

  std::unique_ptr<SheetReader> open_sheet(std::size_t index) override {
    if (index >= m_sheets.size()) {
      throw FileError(FileFailure::MissingSheet, "sheet index " + std::to_string(index) + " is out of range");
    }
    return make_xls_sheet_reader(m_globals, m_offsets[index], m_sheets[index].name);
  }

private:
  void read_globals() {
    RecordReader records(m_globals.stream, 0);
    if (!records.next()) throw FileError(FileFailure::Truncated, "the .xls workbook stream is empty");
    if (records.id() == record::bof_biff2 || records.id() == record::bof_biff3 ||
        records.id() == record::bof_biff4) {
      legacy_biff();
    }
    if (records.id() != record::bof) {
      throw FileError(FileFailure::Corrupt, "malformed .xls: the workbook stream does not start with BOF");
    }
    {
      ByteCursor bof(records.body(), "BOF");
      const std::uint16_t version = bof.u16();
      const std::uint16_t type = bof.u16();
      if (type == substream_workspace) legacy_biff();
      if (type == substream_worksheet_only) {
        // A bare worksheet stream (no globals): formats live in the sheet itself.
        m_single_sheet = true;
      } else if (type != substream_globals) {
        throw FileError(FileFailure::Unsupported,
                        "not supported: .xls whose first substream is not the workbook globals");
      }
      m_globals.biff8 = version == biff8_version;
    }
    std::uint16_t codepage = m_globals.biff8 ? 1200 : 1252;
    std::map<std::uint16_t, NumberFormat> custom_formats;
    std::vector<std::uint16_t> xf_formats;
    std::vector<std::vector<std::byte>> sst_segments;
    std::size_t sst_bytes = 0;
    bool in_sst = false;
    std::vector<std::vector<std::byte>> boundsheets;
    while (records.next()) {
      const std::uint16_t id = records.id();
      const auto body = records.body();
      if (id == record::continue_ && in_sst) {
        sst_bytes += body.size();
        if (sst_bytes > max_sst_bytes) throw FileError(FileFailure::ResourceLimit, "shared string table too large");
        sst_segments.emplace_back(body.begin(), body.end());
        continue;
      }
      in_sst = false;
      switch (id) {
        case record::eof:
          goto done;
        case record::filepass:
          throw FileError(FileFailure::Encrypted, "encrypted (password-protected) .xls workbook: remove the password in Excel and save again");
        case record::codepage: {
          ByteCursor cursor(body, "CODEPAGE");
          codepage = cursor.u16();
          break;
        }
        case record::datemode: {
          ByteCursor cursor(body, "DATEMODE");
          if (cursor.u16() == 1) m_globals.date_system = DateSystem::Excel1904;
          break;
        }
        case record::format: {
          ByteCursor cursor(body, "FORMAT");
          const std::uint16_t format_id = cursor.u16();
          std::string code;
          try {
            if (m_globals.biff8) {
              read_biff8_string(cursor, false, code);
            } else {
              const std::size_t length = cursor.u8();
              const auto raw = cursor.take(length);
              code.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
            }
          } catch (const FileError&) {
            // Some writers miscount a format's length; the cells still read,
            // only without a date format behind this id.
            break;
          }
          custom_formats[format_id] = NumberFormat::parse(code);
          break;
        }
        case record::xf: {
          ByteCursor cursor(body, "XF");
          cursor.u16();
          xf_formats.push_back(cursor.u16());
          break;
        }
        case record::boundsheet:
          boundsheets.emplace_back(body.begin(), body.end());
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
  done:
    m_globals.codepage = std::make_shared<CodepageDecoder>(codepage);
    m_globals.strings.parse(sst_segments);
    for (std::uint16_t format_id : xf_formats) {
      const auto custom = custom_formats.find(format_id);
      m_globals.xf_classes.push_back(
          custom != custom_formats.end() ? custom->second : NumberFormat::builtin(format_id));
    }
    if (m_single_sheet) {
      m_sheets.push_back(SheetInfo{std::filesystem::path(m_name_hint).stem().string(), true, true});
      m_offsets.push_back(0);
      return;
    }
    for (const auto& raw : boundsheets) {
      ByteCursor cursor(raw, "BOUNDSHEET");
      const std::uint32_t offset = cursor.u32();
      const std::uint8_t state = cursor.u8();
      const std::uint8_t type = cursor.u8();
      SheetInfo info;
      if (m_globals.biff8) {
        read_biff8_string(cursor, true, info.name);
      } else {
        const std::size_t length = cursor.u8();
        m_globals.codepage->append(cursor.take(length), info.name);
      }
      info.visible = (state & 0x03) == 0;
      info.is_worksheet = type == 0;
      m_sheets.push_back(std::move(info));
      m_offsets.push_back(offset);
    }
  }

  std::string m_name_hint;
  bool m_single_sheet = false;
  XlsGlobals m_globals;
  std::vector<SheetInfo> m_sheets;
  std::vector<std::uint32_t> m_offsets;
};

}  // namespace

std::unique_ptr<Workbook> open_xls_workbook(std::span<const std::byte> bytes,
                                            const std::string& name_hint) {
  return std::make_unique<XlsWorkbook>(bytes, name_hint);
}

}  // namespace pgdatahub::workbook::xls
