#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/format.hpp>
#include <pgdatahub/workbook/little_endian.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_workbook.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace pgdatahub::workbook {
namespace {

constexpr std::size_t sniff_size = 4096;

std::string_view as_text(std::span<const std::byte> bytes, std::size_t limit) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()),
                          std::min(bytes.size(), limit));
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view extension(std::string_view name) {
  const auto dot = name.rfind('.');
  const auto slash = name.find_last_of("/\\");
  if (dot == std::string_view::npos || (slash != std::string_view::npos && slash > dot)) return {};
  return name.substr(dot + 1);
}

// Apple Numbers saves a zip of protobuf streams (Index/Document.iwa, ...),
// the same package zipped once more (Index.zip), or, before 2013, a zip with
// a gzipped index.xml.gz.
bool is_apple_numbers(const ZipArchive& zip) {
  return std::any_of(zip.entries().begin(), zip.entries().end(), [](const ZipEntry& entry) {
    const std::string_view name = entry.name;
    return (name.starts_with("Index/") && name.ends_with(".iwa")) || name == "Index.zip" ||
           name == "index.xml.gz";
  });
}

Format detect_zip(std::span<const std::byte> bytes) {
  try {
    const ZipArchive zip(bytes);
    if (zip.find("xl/workbook.bin") != nullptr) return Format::Xlsb;
    if (xlsx::find_workbook_part(zip)) return Format::Xlsx;
    if (const auto mimetype = zip.try_read_all("mimetype")) {
      if (mimetype->starts_with("application/vnd.oasis.opendocument.spreadsheet"))
        return Format::Ods;
    }
    if (zip.find("content.xml") != nullptr && zip.find("META-INF/manifest.xml") != nullptr) {
      return Format::Ods;
    }
    if (is_apple_numbers(zip)) return Format::Numbers;
    return Format::Zip;
  } catch (const FileError&) {
    // A damaged zip is still a zip: the reader reports what is wrong with it.
    return Format::Zip;
  }
}

// An encrypted .xls says so in a FILEPASS record right after its first BOF.
bool starts_with_filepass(const CompoundStream& stream) {
  constexpr std::uint32_t file_pass = 0x002F;
  std::byte header[4];
  if (stream.read(0, header) != sizeof header) return false;
  const std::uint64_t next = sizeof header + load_le16(header + 2);
  return stream.read(next, header) == sizeof header && load_le16(header) == file_pass;
}

bool is_legacy_biff(std::span<const std::byte> bytes) {
  if (bytes.size() < 4) return false;
  const auto b0 = std::to_integer<unsigned>(bytes[0]);
  const auto b1 = std::to_integer<unsigned>(bytes[1]);
  // BOF records of BIFF2 (0x0009), BIFF3 (0x0209) and BIFF4 (0x0409).
  return b0 == 0x09 && (b1 == 0x00 || b1 == 0x02 || b1 == 0x04);
}

// A BIFF5/BIFF8 workbook stream saved without its OLE2 container starts
// with the 0x0809 BOF record (some exporters write such files).
bool is_bare_biff8(std::span<const std::byte> bytes) {
  return bytes.size() >= 8 && std::to_integer<unsigned>(bytes[0]) == 0x09 &&
         std::to_integer<unsigned>(bytes[1]) == 0x08;
}

bool looks_like_text(std::string_view head) {
  std::size_t control = 0;
  for (const char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) {
      // UTF-16 text has NULs; a BOM says so.
      return head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF");
    }
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return control * 100 <= head.size();
}

// True when one of , ; TAB | appears the same, non-zero number of times on
// each of the first few complete lines (quotes are rare enough in a head to ignore).
bool looks_delimited(std::string_view head) {
  std::vector<std::string_view> lines;
  while (lines.size() < 5) {
    const auto end = head.find('\n');
    if (end == std::string_view::npos) break;
    std::string_view line = head.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    head.remove_prefix(end + 1);
  }
  if (lines.size() < 2) return false;
  for (const char delimiter : {',', ';', '\t', '|'}) {
    const auto first = std::count(lines[0].begin(), lines[0].end(), delimiter);
    if (first == 0) continue;
    if (std::all_of(lines.begin(), lines.end(), [&](std::string_view line) {
          return std::count(line.begin(), line.end(), delimiter) == first;
        })) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool is_spreadsheetml(std::string_view head) noexcept {
  // The processing instruction Excel writes, or the workbook's namespace.
  return head.find("progid=\"excel.sheet\"") != std::string_view::npos ||
         head.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string_view::npos;
}

std::string_view format_name(Format format) noexcept {
  switch (format) {
    case Format::Unknown:
      return "unknown";
    case Format::Xlsx:
      return "xlsx";
    case Format::Xlsb:
      return "xlsb";
    case Format::Ods:
      return "ods";
    case Format::Fods:
      return "fods";
    case Format::SpreadsheetMl:
      return "Excel 2003 XML";
    case Format::Xls:
      return "xls";
    case Format::XlsLegacy:
      return "xls (BIFF2-4)";
    case Format::Csv:
      return "csv";
    case Format::Html:
      return "html";
    case Format::Encrypted:
      return "encrypted";
    case Format::Zip:
      return "zip";
    case Format::Numbers:
      return "Apple Numbers";
  }
  return "unknown";
}

Format detect_format(std::span<const std::byte> bytes, std::string_view name_hint) {
  if (looks_like_zip(bytes)) return detect_zip(bytes);
  if (CompoundFile::has_signature(bytes)) {
    try {
      const CompoundFile container(bytes);
      if (container.has_stream("EncryptionInfo") || container.has_stream("EncryptedPackage")) {
        return Format::Encrypted;
      }
      if (const auto stream = container.open_stream({"Workbook", "Book"});
          stream && starts_with_filepass(*stream)) {
        return Format::Encrypted;
      }
    } catch (const FileError&) {
      // A damaged container is still OLE2: the .xls reader says what is wrong with it.
    }
    return Format::Xls;
  }
  if (is_legacy_biff(bytes)) return Format::XlsLegacy;
  if (is_bare_biff8(bytes)) return Format::Xls;

  std::string_view head = as_text(bytes, sniff_size);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  const std::string lowered = lower_ascii(head);
  std::string_view trimmed = lowered;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n' ||
                              trimmed.front() == '\r' || trimmed.front() == '\t')) {
    trimmed.remove_prefix(1);
  }
  if (trimmed.starts_with("<?xml") && lowered.find("office:document") != std::string::npos) {
    return Format::Fods;
  }
  if ((trimmed.starts_with("<?xml") || trimmed.starts_with("<workbook")) &&
      is_spreadsheetml(lowered)) {
    return Format::SpreadsheetMl;
  }
  if (trimmed.starts_with("<html") || trimmed.starts_with("<!doctype html") ||
      trimmed.starts_with("<table") ||
      (trimmed.starts_with("<?xml") && lowered.find("<html") != std::string::npos)) {
    return Format::Html;
  }
  const std::string ext = lower_ascii(extension(name_hint));
  if ((ext == "csv" || ext == "tsv" || ext == "txt") && looks_like_text(head)) return Format::Csv;
  // Exports often save delimited text under a spreadsheet name (report.xls):
  // read it as what it is.
  if (has_spreadsheet_extension(name_hint) && looks_like_text(head) && looks_delimited(head)) {
    return Format::Csv;
  }
  return Format::Unknown;
}

bool has_spreadsheet_extension(std::string_view file_name) noexcept {
  static constexpr std::array<std::string_view, 10> extensions = {
      "xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls", "xlt", "ods", "fods", "csv"};
  const std::string_view ext = extension(file_name);
  if (ext.size() > 4) return false;
  char lowered[4] = {};
  for (std::size_t i = 0; i < ext.size(); ++i) {
    const char c = ext[i];
    lowered[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view key(lowered, ext.size());
  return key == "tsv" || std::find(extensions.begin(), extensions.end(), key) != extensions.end();
}

}  // namespace pgdatahub::workbook
