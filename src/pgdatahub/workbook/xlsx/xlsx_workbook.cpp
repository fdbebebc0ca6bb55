#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_sheet_reader.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_workbook.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <charconv>
#include <unordered_map>
#include <utility>

namespace pgdatahub::workbook::xlsx {
namespace {

struct Relationship {
  std::string type;    // full type URI
  std::string target;  // resolved part name
};

bool ends_with(std::string_view text, std::string_view suffix) noexcept {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string rels_part_for(std::string_view part) {
  const auto slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

// Relationship id -> (type, resolved target) for one part; empty when it has none.
std::unordered_map<std::string, Relationship> read_relationships(const ZipArchive& zip,
                                                                 std::string_view part) {
  std::unordered_map<std::string, Relationship> rels;
  const auto xml = zip.try_read_all(rels_part_for(part));
  if (!xml) return rels;
  XmlScanner scanner(*xml);
  for (XmlEvent event; (event = scanner.next()) != XmlEvent::End;) {
    if (event != XmlEvent::StartElement || scanner.name() != "Relationship") continue;
    if (scanner.attribute("TargetMode") == "External") continue;
    const auto id = scanner.attribute("Id");
    const auto type = scanner.attribute("Type");
    const auto target = scanner.attribute("Target");
    if (!id || !type || !target) continue;
    rels.emplace(std::string(*id),
                 Relationship{std::string(*type), resolve_part_name(part, *target)});
  }
  return rels;
}

// A shared string table this large (inflated) loads behind the sheets that
// use it, which start reading at once: a table of a million strings takes
// about 50 ms to load, a thread about 50 us to start.
constexpr std::uint64_t shared_strings_behind_from = 1 << 20;

bool is_true(std::optional<std::string_view> value) noexcept {
  return value && (*value == "1" || *value == "true" || *value == "on");
}

std::uint32_t to_uint(std::string_view text, std::uint32_t fallback) noexcept {
  std::uint32_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() ? value : fallback;
}

bool is_workbook_content_type(std::string_view type) noexcept {
  // sheet.main+xml, template.main+xml, sheet.macroEnabled.main+xml, ...
  return ends_with(type, ".main+xml") && (type.find("spreadsheetml") != std::string_view::npos ||
                                          type.find("ms-excel") != std::string_view::npos);
}

}  // namespace

std::string resolve_part_name(std::string_view source_part, std::string_view target) {
  std::string path;
  if (!target.empty() && (target.front() == '/' || target.front() == '\\')) {
    path = std::string(target.substr(1));
  } else {
    const auto slash = source_part.rfind('/');
    const std::string_view rels_dir =
        source_part.substr(0, slash == std::string_view::npos ? 0 : slash + 1);
    path = std::string(rels_dir) + std::string(target);
  }
  // Collapse "." and ".." segments.
  std::vector<std::string_view> segments;
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto slash = rest.find_first_of("/\\");
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string out;
  for (const auto& segment : segments) {
    if (!out.empty()) out += '/';
    out += segment;
  }
  return out;
}

std::optional<std::string> find_workbook_part(const ZipArchive& zip) {
  for (const auto& [id, rel] : read_relationships(zip, "")) {
    if (ends_with(rel.type, "/officeDocument") && zip.find(rel.target) != nullptr &&
        ends_with(rel.target, ".xml")) {
      return rel.target;
    }
  }
  if (const auto types = zip.try_read_all("[Content_Types].xml")) {
    XmlScanner scanner(*types);
    for (XmlEvent event; (event = scanner.next()) != XmlEvent::End;) {
      if (event != XmlEvent::StartElement || scanner.name() != "Override") continue;
      const auto type = scanner.attribute("ContentType");
      const auto part = scanner.attribute("PartName");
      if (type && part && is_workbook_content_type(*type)) {
        std::string name = resolve_part_name("", *part);
        if (zip.find(name) != nullptr) return name;
      }
    }
  }
  if (zip.find("xl/workbook.xml") != nullptr) return std::string("xl/workbook.xml");
  return std::nullopt;
}

XlsxWorkbook::XlsxWorkbook(std::span<const std::byte> bytes, const OpenOptions& options)
    : m_zip(bytes, ZipLimits{options.max_inflated_bytes, options.max_compression_ratio},
            options.release_input) {
  m_context.fast_paths = options.fast_paths;
  m_context.inflate_thread = options.inflate_thread;
  const auto part = find_workbook_part(m_zip);
  if (!part) throw FileError(FileFailure::Corrupt, "xlsx package has no workbook part");
  read_workbook_part(*part);
}

void XlsxWorkbook::read_workbook_part(const std::string& part) {
  const auto rels = read_relationships(m_zip, part);
  const auto xml_text = m_zip.read_all(*m_zip.find(part));
  XmlScanner xml(xml_text);
  for (XmlEvent event; (event = xml.next()) != XmlEvent::End;) {
    if (event != XmlEvent::StartElement) continue;
    const std::string_view name = xml.name();
    if (name == "workbookPr") {
      if (is_true(xml.attribute("date1904"))) m_context.date_system = DateSystem::Excel1904;
    } else if (name == "sheet") {
      SheetInfo info;
      info.name = std::string(xml.attribute("name").value_or(""));
      const auto state = xml.attribute("state");
      info.visible = !(state == "hidden" || state == "veryHidden");
      std::string target;
      if (const auto id = xml.attribute("id")) {
        const auto it = rels.find(std::string(*id));
        if (it != rels.end()) {
          target = it->second.target;
          info.is_worksheet = ends_with(it->second.type, "/worksheet");
        }
      }
      m_sheets.push_back(std::move(info));
      m_sheet_parts.push_back(std::move(target));
    }
  }
  for (const auto& [id, rel] : rels) {
    if (ends_with(rel.type, "/styles") && m_zip.find(rel.target) != nullptr) {
      read_styles(rel.target);
    } else if (ends_with(rel.type, "/sharedStrings") && m_zip.find(rel.target) != nullptr) {
      const ZipEntry& strings = *m_zip.find(rel.target);
      auto stream = m_zip.open(strings);
      if (strings.uncompressed_size >= shared_strings_behind_from) {
        m_context.shared_strings.load_behind(std::move(stream), m_context.fast_paths,
                                             strings.uncompressed_size);
      } else {
        m_context.shared_strings.load(*stream, m_context.fast_paths, strings.uncompressed_size);
      }
    }
  }
}

void XlsxWorkbook::read_styles(const std::string& part) {
  const auto text = m_zip.read_all(*m_zip.find(part));
  XmlScanner xml(text);
  std::unordered_map<std::uint32_t, NumberFormat> custom;
  bool in_cell_xfs = false;
  for (XmlEvent event; (event = xml.next()) != XmlEvent::End;) {
    const std::string_view name = xml.name();
    if (event == XmlEvent::EndElement) {
      if (name == "cellXfs") in_cell_xfs = false;
      continue;
    }
    if (event != XmlEvent::StartElement) continue;
    if (name == "numFmt") {
      const auto id = xml.attribute("numFmtId");
      const auto code = xml.attribute("formatCode");
      if (id && code) custom[to_uint(*id, 0)] = NumberFormat::parse(*code);
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const std::uint32_t id = to_uint(xml.attribute("numFmtId").value_or("0"), 0);
      const auto it = custom.find(id);
      m_context.cell_styles.push_back(it != custom.end() ? it->second : NumberFormat::builtin(id));
      xml.skip_element();
    }
  }
}

std::unique_ptr<SheetReader> XlsxWorkbook::open_valid_sheet(std::size_t index) {
  std::string part = m_sheet_parts[index];
  if (part.empty() || m_zip.find(part) == nullptr) {
    if (!m_sheets[index].is_worksheet)
      return std::make_unique<XlsxSheetReader>(m_context, m_sheets[index].name);
    throw FileError(FileFailure::Corrupt,
                    "sheet '" + m_sheets[index].name + "' has no worksheet part");
  }
  if (!m_sheets[index].is_worksheet) {
    return std::make_unique<XlsxSheetReader>(m_context, m_sheets[index].name);
  }
  const ZipEntry& entry = *m_zip.find(part);
  return std::make_unique<XlsxSheetReader>(
      m_context, m_sheets[index].name,
      read_ahead_when_it_pays(m_zip.open(entry), entry.uncompressed_size,
                              m_context.inflate_thread));
}

// Here rather than with the rest of the reader: it is a promise about the
// workbook's shared string table, whose characters, loaded before any sheet
// is opened or behind it, never move and are never written again.
std::string_view XlsxSheetReader::lasting_texts() const { return m_context.shared_strings.chars(); }

std::unique_ptr<Workbook> open_xlsx_workbook(std::span<const std::byte> bytes,
                                             const std::string& /*name_hint*/,
                                             const OpenOptions& options) {
  return std::make_unique<XlsxWorkbook>(bytes, options);
}

}  // namespace pgdatahub::workbook::xlsx
