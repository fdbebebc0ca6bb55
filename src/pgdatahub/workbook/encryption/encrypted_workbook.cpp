#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/encryption/biff_decryptor.hpp>
#include <pgdatahub/workbook/encryption/encrypted_workbook.hpp>
#include <pgdatahub/workbook/encryption/ooxml_decryptor.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>

namespace pgdatahub::workbook::encryption {
namespace {

// A decrypted OOXML package and the reader over it: the bytes live as long
// as the workbook and are wiped when it goes.
class DecryptedWorkbook final : public Workbook {
 public:
  explicit DecryptedWorkbook(SecretBytes package) : m_package(std::move(package)) {}
  void open(const std::string& name_hint, const OpenOptions& outer) {
    OpenOptions options;
    options.csv_delimiter = outer.csv_delimiter;
    options.csv_encoding = outer.csv_encoding;
    options.max_inflated_bytes = outer.max_inflated_bytes;
    options.max_compression_ratio = outer.max_compression_ratio;
    // Not the mapped file's bytes: nothing to release, and no password for a package inside a
    // package.
    const Format format = detect_format(m_package.bytes(), name_hint);
    if (format != Format::Xlsx && format != Format::Xlsb) {
      throw FileError(FileFailure::Corrupt, "the decrypted content is not an Excel workbook (" +
                                                std::string(format_name(format)) + ")");
    }
    m_book = open_workbook(m_package.bytes(), name_hint, options);
  }
  Format format() const override { return m_book->format(); }
  const std::vector<SheetInfo>& sheets() const override { return m_book->sheets(); }
  std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) override {
    return m_book->open_sheet(index);
  }

 private:
  SecretBytes m_package;
  std::unique_ptr<Workbook> m_book;  // declared after the bytes: destroyed first
};

std::unique_ptr<Decryptor> make_decryptor(const CompoundFile& container) {
  if (container.has_stream("EncryptionInfo")) return make_ooxml_decryptor(container);
  auto stream = container.open_stream({"Workbook", "Book"});
  if (!stream) {
    throw FileError(FileFailure::Corrupt,
                    "an encrypted OLE2 file with neither EncryptionInfo nor a Workbook stream");
  }
  return make_biff_decryptor(*stream);
}

}  // namespace

std::unique_ptr<Workbook> open_encrypted_workbook(std::span<const std::byte> bytes,
                                                  const std::string& name_hint,
                                                  const OpenOptions& options) {
  const CompoundFile container(bytes);
  const auto decryptor = make_decryptor(container);
  bool unlocked = decryptor->unlock(default_password);
  std::size_t configured = 0;
  if (!unlocked && options.passwords) {
    std::vector<std::string> candidates = options.passwords();
    configured = candidates.size();
    for (const auto& candidate : candidates) {
      if (!unlocked) unlocked = decryptor->unlock(candidate);
    }
    for (auto& candidate : candidates)
      wipe(std::as_writable_bytes(std::span(candidate.data(), candidate.size())));
  }
  if (!unlocked && configured == 0) {
    throw FileError(
        FileFailure::Encrypted,
        "password-protected (" + decryptor->scheme() +
            ") and no password is configured for its folder: set `password_env` or "
            "`password_file` for the folder in the config, or PGDATAHUB_PASSWORDS_FILE");
  }
  if (!unlocked) {
    throw FileError(FileFailure::Encrypted,
                    "wrong password: none of the " + std::to_string(configured) +
                        " configured password" + (configured == 1 ? "" : "s") +
                        " opens this file (" + decryptor->scheme() + ")");
  }
  // The plain bytes are the one copy held while the file loads: the
  // encrypted file is not read again, so its pages can go.
  Bytes plain = decryptor->decrypt();
  if (options.release_input) options.release_input(bytes);
  if (container.has_stream("EncryptionInfo")) {
    auto book = std::make_unique<DecryptedWorkbook>(SecretBytes(std::move(plain)));
    book->open(name_hint, options);
    return book;
  }
  return xls::open_xls_workbook_stream(CompoundStream::from_owned(std::move(plain)), name_hint);
}

}  // namespace pgdatahub::workbook::encryption
