#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/ods/ods_sheet_reader.hpp>
#include <pgdatahub/workbook/ods/ods_workbook.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

namespace pgdatahub::workbook::ods {

namespace {

constexpr std::string_view content_part = "content.xml";
constexpr std::string_view manifest_part = "META-INF/manifest.xml";

class OdsWorkbook final : public Workbook {
 public:
  OdsWorkbook(std::span<const std::byte> bytes, const OpenOptions& options)
      : m_zip(bytes, ZipLimits{options.max_inflated_bytes, options.max_compression_ratio},
              options.release_input),
        m_inflate_thread(options.inflate_thread) {
    if (const auto manifest = m_zip.try_read_all(manifest_part)) {
      if (manifest->find("encryption-data") != std::string::npos) {
        throw FileError(FileFailure::Encrypted,
                        "encrypted (password-protected) OpenDocument spreadsheet: remove the "
                        "password in LibreOffice and save again");
      }
    }
    m_content = m_zip.find(content_part);
    if (m_content == nullptr) {
      throw FileError(FileFailure::Corrupt, "the OpenDocument package has no content.xml");
    }
    auto stream = m_zip.open(*m_content);
    m_sheets = scan_sheet_names(*stream);
  }

  Format format() const override { return Format::Ods; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }
  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override {
    return make_ods_sheet_reader(
        read_ahead_when_it_pays(m_zip.open(*m_content), m_content->uncompressed_size,
                                m_inflate_thread),
        index);
  }

 private:
  ZipArchive m_zip;
  InflateThread m_inflate_thread;
  const ZipEntry* m_content = nullptr;
  std::vector<SheetInfo> m_sheets;
};

class FodsWorkbook final : public Workbook {
 public:
  explicit FodsWorkbook(std::span<const std::byte> bytes)
      : m_document(reinterpret_cast<const char*>(bytes.data()), bytes.size()) {
    MemorySource source(m_document);
    m_sheets = scan_sheet_names(source);
  }

  Format format() const override { return Format::Fods; }
  const std::vector<SheetInfo>& sheets() const override { return m_sheets; }
  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override {
    return make_ods_sheet_reader(std::make_unique<MemorySource>(m_document), index);
  }

 private:
  std::string_view m_document;
  std::vector<SheetInfo> m_sheets;
};

}  // namespace

std::unique_ptr<Workbook> open_ods_workbook(std::span<const std::byte> bytes,
                                            const std::string& /*name_hint*/,
                                            const OpenOptions& options) {
  return std::make_unique<OdsWorkbook>(bytes, options);
}

std::unique_ptr<Workbook> open_fods_workbook(std::span<const std::byte> bytes,
                                             const std::string& /*name_hint*/,
                                             const OpenOptions& /*options: plain XML, no zip*/) {
  return std::make_unique<FodsWorkbook>(bytes);
}

}  // namespace pgdatahub::workbook::ods
