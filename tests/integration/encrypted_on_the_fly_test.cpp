// Issue 16: workbooks this test writes, encrypted on the fly by real tools
// with a random password, one test per scheme:
//   Agile (AES-256, SHA-512)  .xlsx  officecrypto-tool (npm)
//   Standard (AES-128)        .xlsx  LibreOffice (EncryptionData, Basic macro)
//   Standard (AES-128)        .xlsx  officecrypto-tool (npm)
//   RC4 (BIFF8 FILEPASS)      .xls   LibreOffice ("Save with password")
//   RC4 CryptoAPI (40-bit)    .xls   Apache POI (HSSF, libapache-poi-java)
// Each file, through the real binary: fails without a password, naming the
// scheme and the keys to set; fails with two wrong candidates, counting
// them (and, with sectional commit, stops the run with that reason in the
// pause file); then loads through password_env exactly the rows of its plain
// twin. No password, right or wrong, reaches any output (DEBUG=1), the log,
// the pause file or a table.
#include "support/apache_poi.hpp"
#include "support/database_fixture.hpp"
#include "support/libreoffice.hpp"
#include "support/officecrypto.hpp"
#include "support/queries.hpp"
#include "support/read_file.hpp"
#include <pgdatahub/database/quote.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

// A password no other test uses: 15 characters at most (longer ones
// LibreOffice silently saves unencrypted in .xls), with a space and
// punctuation, as policy passwords have.
std::string random_password() {
  static constexpr std::string_view alphabet =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789 -_.!";
  std::random_device seed;
  std::mt19937 generator(seed());
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string password = "Pw";
  while (password.size() < 14) password += alphabet[pick(generator)];
  return password + "9";
}

class EncryptedOnTheFlyTest : public test::DatabaseFixture {
 protected:
  // A payroll-like sheet: text, numbers, dates and an empty cell.
  fs::path write_source(const std::string& name) {
    fs::path source = m_dir.path() / "source" / name;
    fs::create_directories(source.parent_path());
    test::XlsxBuilder book(source);
    book.sheet("Payroll").text(0, 0, "employee").text(0, 1, "amount").text(0, 2, "paid on");
    book.text(0, 3, "note");
    for (std::uint32_t row = 1; row <= 40; ++row) {
      book.text(row, 0, "employee " + std::to_string(row))
          .number(row, 1, 1000.25 * row)
          .datetime(row, 2, test::DateTimeParts{2026, 1 + static_cast<int>(row % 12), 28},
                    "yyyy-mm-dd");
      if (row % 7 != 0) book.text(row, 3, "n" + std::to_string(row * 3));
    }
    book.close();
    return source;
  }

  fs::path encrypted_folder() const { return data() / "payroll"; }
  fs::path plain_folder() const { return data() / "payroll_plain"; }

  std::string rows_of(const std::string& table) {
    return scalar(
        "SELECT coalesce(string_agg((to_jsonb(t) - 'source_file' - 'load_timestamp' - "
        "'etl_import_id')::text, E'\\n' ORDER BY source_row), '') FROM " +
        database::quote_identifier(table) + " t");
  }

  // The `--json` entry of the encrypted file.
  static nlohmann::json encrypted_entry(const test::ProgramResult& run) {
    const auto summary = nlohmann::json::parse(run.out);
    for (const auto& file : summary["files"]) {
      if (std::string(file["file"]).starts_with("payroll/")) return file;
    }
    ADD_FAILURE() << "no entry for the encrypted file: " << run.out;
    return {};
  }

  // The three runs of the header comment, against data/payroll (encrypted)
  // and data/payroll_plain (its twin). `scheme` starts the scheme's name as
  // pgdatahub prints it, e.g. "Agile encryption (AES-256, SHA-512)".
  void expect_loads_like_its_twin(const std::string& scheme, const std::string& password) {
    const std::string wrong_a = random_password();
    const std::string wrong_b = random_password();
    const fs::path config = m_dir.path() / "etl_config.yaml";
    const std::map<std::string, std::string> vars = {
        {"PAYROLL_PW", password}, {"WRONG_A", wrong_a}, {"WRONG_B", wrong_b}, {"DEBUG", "1"}};
    std::string written;  // everything the runs printed

    {  // No password configured: the file fails alone, naming its scheme and the keys to set.
      std::ofstream(config) << "{}\n";
      const auto run = etl({"--config", config.string(), "--json"}, vars);
      written += run.out + run.err;
      EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
      const auto entry = encrypted_entry(run);
      EXPECT_EQ(entry.value("status", ""), "failed") << entry;
      EXPECT_EQ(entry.value("reason", ""), "encrypted") << entry;
      const std::string error = entry.value("error", "");
      EXPECT_NE(error.find("password-protected (" + scheme), std::string::npos) << error;
      EXPECT_NE(error.find("no password is configured for its folder: set `password_env`"),
                std::string::npos)
          << error;
      EXPECT_EQ(scalar("SELECT to_regclass('payroll') IS NULL"), "t");
    }
    {  // Two wrong candidates: the error counts them.
      std::ofstream(config) << "payroll: {password_env: [WRONG_A, WRONG_B]}\n";
      const auto run = etl({"--config", config.string(), "--json"}, vars);
      written += run.out + run.err;
      EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
      const std::string error = encrypted_entry(run).value("error", "");
      EXPECT_NE(error.find("wrong password: none of the 2 configured passwords opens this file (" +
                           scheme),
                std::string::npos)
          << error;
    }
    {  // With sectional commit the failed folder stops the run: the pause file names the
       // failure, not the candidates. (A scratch working folder: its own state.)
      auto stop_vars = env(vars);
      stop_vars["ETL_SECTIONAL_COMMIT"] = "1";
      const fs::path work = m_dir.path() / "stopped";
      fs::create_directories(work);
      const auto run = test::run_pgdatahub({"etl", data().string(), "--config", config.string()},
                                           stop_vars, work.string());
      written += run.out + run.err + test::read_file(test::state_file(work, "etl.log"));
      EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
      const std::string pause = test::read_file(test::state_file(work, ".etl_pause.json"));
      EXPECT_NE(pause.find("none of the 2 configured passwords"), std::string::npos) << pause;
      written += pause;
    }
    {  // The right one after a wrong one: the rows of the plain twin.
      std::ofstream(config) << "payroll: {password_env: [WRONG_A, PAYROLL_PW]}\n";
      const auto run = etl({"--config", config.string(), "--json"}, vars);
      written += run.out + run.err;
      ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
      EXPECT_EQ(encrypted_entry(run).value("status", ""), "loaded");
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM payroll"), "40");
    EXPECT_EQ(rows_of("payroll"), rows_of("payroll_plain"));

    written += test::read_file(test::state_file(m_dir.path(), "etl.log"));
    EXPECT_NE(written.find("wrong password"), std::string::npos);  // the log was read
    written += scalar("SELECT string_agg(to_jsonb(i)::text, E'\\n') FROM etl_imports i");
    written += scalar("SELECT string_agg(to_jsonb(s)::text, E'\\n') FROM etl_schema_changes s");
    written += rows_of("payroll");
    for (const std::string& secret : {password, wrong_a, wrong_b}) {
      EXPECT_EQ(written.find(secret), std::string::npos) << "a password was written out";
    }
  }
};

class EncryptedByOfficeCryptoTest : public EncryptedOnTheFlyTest {
 protected:
  void SetUp() override {
    if (const auto missing = test::officecrypto_missing()) {
      GTEST_SKIP() << *missing << ": no workbook could be encrypted on the fly";
    }
  }

  // The plain twin is the very package the tool encrypts.
  void run_scheme(test::OoxmlEncryption encryption, const std::string& scheme) {
    const fs::path plain = plain_folder() / "payroll.xlsx";
    fs::create_directories(plain.parent_path());
    fs::copy_file(write_source("payroll.xlsx"), plain);
    const std::string password = random_password();
    const fs::path encrypted = encrypted_folder() / "payroll.xlsx";
    fs::create_directories(encrypted.parent_path());
    std::string error;
    ASSERT_TRUE(test::encrypt_with_officecrypto(plain, encrypted, password, encryption, error))
        << error;
    expect_loads_like_its_twin(scheme, password);
  }
};

TEST_F(EncryptedByOfficeCryptoTest, AnAgileXlsxLoadsTheRowsOfItsPlainTwin) {
  run_scheme(test::OoxmlEncryption::Agile, "Agile encryption (AES-256, SHA-512)");
}

TEST_F(EncryptedByOfficeCryptoTest, AStandardXlsxLoadsTheRowsOfItsPlainTwin) {
  run_scheme(test::OoxmlEncryption::Standard, "Standard encryption (AES-128, SHA-1)");
}

class EncryptedByLibreOfficeTest : public EncryptedOnTheFlyTest {
 protected:
  void SetUp() override {
    if (!test::soffice_program()) {
      GTEST_SKIP() << "LibreOffice (soffice) is not installed: scripts/setup installs "
                      "libreoffice-calc-nogui; no workbook could be encrypted on the fly";
    }
  }

  // LibreOffice saves the same source twice through `filter`: with a
  // password, and without (the plain twin).
  void run_scheme(const std::string& extension, const std::string& filter,
                  const std::string& scheme) {
    const fs::path source = write_source("payroll.xlsx");
    const fs::path profile = m_dir.path() / "libreoffice-profile";
    const std::string password = random_password();
    const fs::path encrypted = encrypted_folder() / ("payroll." + extension);
    fs::create_directories(encrypted.parent_path());
    std::string error;
    ASSERT_TRUE(test::save_with_password(source, encrypted, filter, password, profile, error))
        << error;
    ASSERT_EQ(test::run_soffice({"--convert-to", extension + ":" + filter, "--outdir",
                                 plain_folder().string(), source.string()},
                                profile, m_dir.path() / "convert.log", 120),
              0);
    ASSERT_TRUE(fs::exists(plain_folder() / ("payroll." + extension)));
    expect_loads_like_its_twin(scheme, password);
  }
};

TEST_F(EncryptedByLibreOfficeTest, AStandardXlsxLoadsTheRowsOfItsPlainTwin) {
  run_scheme("xlsx", "Calc MS Excel 2007 XML", "Standard encryption (AES-128, SHA-1)");
}

TEST_F(EncryptedByLibreOfficeTest, AnRc4XlsLoadsTheRowsOfItsPlainTwin) {
  run_scheme("xls", "MS Excel 97", "RC4 encryption (Excel 97-2000)");
}

// POI reads an .xls LibreOffice converts from the source and writes it
// twice: plain (the twin) and encrypted.
class EncryptedByApachePoiTest : public EncryptedOnTheFlyTest {
 protected:
  void SetUp() override {
    if (!test::soffice_program()) {
      GTEST_SKIP() << "LibreOffice (soffice) is not installed: scripts/setup installs "
                      "libreoffice-calc-nogui; no .xls could be written for POI to encrypt";
    }
    if (const auto missing = test::apache_poi_missing()) {
      GTEST_SKIP() << *missing << ": no workbook could be encrypted on the fly";
    }
  }
};

TEST_F(EncryptedByApachePoiTest, AnRc4CryptoApiXlsLoadsTheRowsOfItsPlainTwin) {
  const fs::path source = write_source("payroll.xlsx");
  const fs::path source_dir = m_dir.path() / "source";
  ASSERT_EQ(
      test::run_soffice(
          {"--convert-to", "xls:MS Excel 97", "--outdir", source_dir.string(), source.string()},
          m_dir.path() / "libreoffice-profile", m_dir.path() / "convert.log", 120),
      0);
  const std::string password = random_password();
  fs::create_directories(plain_folder());
  fs::create_directories(encrypted_folder());
  std::string error;
  ASSERT_TRUE(test::save_xls_with_poi(source_dir / "payroll.xls", plain_folder() / "payroll.xls",
                                      "", error))
      << error;
  ASSERT_TRUE(test::save_xls_with_poi(source_dir / "payroll.xls",
                                      encrypted_folder() / "payroll.xls", password, error))
      << error;
  // POI writes the 40-bit key of CryptoAPI RC4 (the corpus files have 128-bit keys).
  expect_loads_like_its_twin("RC4 CryptoAPI encryption (40-bit)", password);
}

}  // namespace
}  // namespace pgdatahub
