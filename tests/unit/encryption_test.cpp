// Password-protected workbooks written by Excel and other real tools (the
// shared corpus) open with the passwords their origin projects document, and
// read the same rows as the plain twin msoffcrypto-tool (an independent
// implementation, Debian's python3-msoffcrypto-tool) decrypts them to.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/compound_file.hpp>
#include <pgdatahub/workbook/format.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace pgdatahub::workbook {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDecryptTool = "/usr/bin/msoffcrypto-tool";

struct Sample {
  const char* path;
  const char* password;
  const char* scheme;  // what the failure messages must name
};

// The corpus's encrypted files and the passwords MANIFEST.tsv documents.
const Sample kSamples[] = {
    {"exceldatareader/agile_AES256_SHA512_CBC_pwd_password.xlsx", "password",
     "Agile encryption (AES-256, SHA-512)"},
    {"poi/protected_sha512.xlsx", "this is a test", "Agile encryption (AES-256, SHA-512)"},
    {"poi/protected_passtika.xlsb", "tika", "Agile encryption"},
    {"exceldatareader/standard_AES128_SHA1_ECB_pwd_password.xlsx", "password",
     "Standard encryption (AES-128, SHA-1)"},
    {"poi/password.xls", "password", "RC4 encryption (Excel 97-2000)"},
    {"exceldatareader/Test_git_issue_242_std_rc4_pwd_password.xls", "password",
     "RC4 CryptoAPI encryption"},
};

OpenOptions with_passwords(std::vector<std::string> passwords) {
  OpenOptions options;
  options.passwords = [passwords] { return passwords; };
  return options;
}

std::vector<std::string> dump(std::span<const std::byte> bytes, const std::string& name,
                              const OpenOptions& options) {
  auto book = open_workbook(bytes, name, options);
  return test::dump_workbook(*book);
}

std::string failure_message(std::span<const std::byte> bytes, const OpenOptions& options,
                            FileFailure expected) {
  try {
    dump(bytes, "file", options);
  } catch (const FileError& error) {
    EXPECT_EQ(error.failure(), expected) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "opened without error";
  return {};
}

#define CORPUS_OR_SKIP(dir)            \
  const auto dir = test::corpus_dir(); \
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available"

TEST(Encryption, CorpusFilesReadTheRowsOfTheirDecryptedTwin) {
  CORPUS_OR_SKIP(dir);
  if (!fs::exists(kDecryptTool))
    GTEST_SKIP() << kDecryptTool << " is missing (scripts/setup installs it)";
  test::TempDir scratch;
  for (const auto& sample : kSamples) {
    SCOPED_TRACE(sample.path);
    const auto bytes = test::read_bytes(*dir / sample.path);
    EXPECT_EQ(detect_format(bytes, sample.path), Format::Encrypted);
    const auto twin = scratch / fs::path(sample.path).filename().string();
    const std::string command = std::string(kDecryptTool) + " -p '" + sample.password + "' '" +
                                (*dir / sample.path).string() + "' '" + twin.string() +
                                "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const auto plain = test::read_bytes(twin);
    const auto expected = dump(plain, sample.path, {});
    EXPECT_GT(expected.size(), 1u);
    // The right password among wrong ones.
    EXPECT_EQ(dump(bytes, sample.path, with_passwords({"wrong", sample.password, "also wrong"})),
              expected);
  }
}

TEST(Encryption, DefaultPasswordFilesOpenWithoutConfiguration) {
  CORPUS_OR_SKIP(dir);
  // Standard encryption with Excel's built-in password.
  const auto xlsx = test::read_bytes(*dir / "poi/protect.xlsx");
  EXPECT_EQ(detect_format(xlsx, "protect.xlsx"), Format::Encrypted);
  const auto xlsx_rows = dump(xlsx, "protect.xlsx", {});
  EXPECT_GT(xlsx_rows.size(), 1u);
  // An Excel 95 workbook, XOR-obfuscated with it.
  const auto xls = test::read_bytes(*dir / "poi/60284.xls");
  EXPECT_EQ(detect_format(xls, "60284.xls"), Format::Encrypted);
  const auto xls_rows = dump(xls, "60284.xls", {});
  EXPECT_GT(xls_rows.size(), 1u);
  EXPECT_NE(std::find(xls_rows.begin(), xls_rows.end(), "33 B=t:System Impedance =50ohms"),
            xls_rows.end());
}

TEST(Encryption, MissingAndWrongPasswordsFailWithWhatToDo) {
  CORPUS_OR_SKIP(dir);
  for (const auto& sample : kSamples) {
    SCOPED_TRACE(sample.path);
    const auto bytes = test::read_bytes(*dir / sample.path);
    const std::string missing = failure_message(bytes, {}, FileFailure::Encrypted);
    EXPECT_NE(missing.find("no password is configured"), std::string::npos) << missing;
    EXPECT_NE(missing.find("password_env"), std::string::npos) << missing;
    EXPECT_NE(missing.find(sample.scheme), std::string::npos) << missing;
    const std::string wrong =
        failure_message(bytes, with_passwords({"Cand1-x9q", "Cand2-y8r"}), FileFailure::Encrypted);
    EXPECT_NE(wrong.find("none of the 2 configured passwords"), std::string::npos) << wrong;
    EXPECT_NE(wrong.find(sample.scheme), std::string::npos) << wrong;
    for (const char* candidate : {"Cand1-x9q", "Cand2-y8r"}) {
      EXPECT_EQ(wrong.find(candidate), std::string::npos) << "a candidate appears in: " << wrong;
    }
  }
}

// Flips one byte of the encrypted package of an Agile file: the HMAC the
// file carries no longer matches.
TEST(Encryption, AgileIntegrityCheckCatchesATamperedPackage) {
  CORPUS_OR_SKIP(dir);
  auto bytes = test::read_bytes(*dir / kSamples[0].path);
  std::vector<std::byte> sample(64);
  {
    const CompoundFile container(bytes);
    const auto package = container.open_stream({"EncryptedPackage"});
    ASSERT_TRUE(package);
    ASSERT_EQ(package->read(4096 + 8, sample), sample.size());
  }
  const auto at = std::search(bytes.begin(), bytes.end(), sample.begin(), sample.end());
  ASSERT_NE(at, bytes.end());
  at[10] ^= std::byte{0x01};
  const std::string message =
      failure_message(bytes, with_passwords({kSamples[0].password}), FileFailure::Corrupt);
  EXPECT_NE(message.find("integrity check"), std::string::npos) << message;
}

}  // namespace
}  // namespace pgdatahub::workbook
