// Issue 16: a workbook this test writes and LibreOffice encrypts ("Save with
// password", through a Basic macro, headless) loads through password_env
// with exactly the rows of its plain twin, which LibreOffice saves from the
// same source without a password. LibreOffice 7.4 writes .xls with RC4
// (BIFF8 FILEPASS); it writes no encrypted .xlsx headless (see README).
#include "support/libreoffice.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

// At most 15 characters: longer ones LibreOffice silently saves unencrypted in .xls.
constexpr const char* password = "Lo-Pw 7741";

class EncryptedByLibreOfficeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::soffice_program()) {
      GTEST_SKIP() << "LibreOffice (soffice) is not installed: scripts/setup installs "
                      "libreoffice-calc-nogui; no workbook could be encrypted on the fly";
    }
  }

  fs::path data() const { return m_dir.path() / "data"; }

  // A payroll-like sheet with text, numbers, dates and an empty cell.
  fs::path write_source() {
    fs::path source = m_dir.path() / "source" / "payroll.xlsx";
    fs::create_directories(source.parent_path());
    test::XlsxBuilder book(source);
    book.sheet("Payroll").text(0, 0, "employee").text(0, 1, "amount").text(0, 2, "paid on");
    for (std::uint32_t row = 1; row <= 40; ++row) {
      book.text(row, 0, "employee " + std::to_string(row))
          .number(row, 1, 1000.25 * row)
          .datetime(row, 2, test::DateTimeParts{2026, 1 + static_cast<int>(row % 12), 28},
                    "yyyy-mm-dd");
    }
    book.close();
    return source;
  }

  std::string rows_of(const std::string& table) {
    return test::scalar(
        m_conn,
        "SELECT coalesce(string_agg((to_jsonb(t) - 'source_file' - 'load_timestamp' - "
        "'etl_import_id')::text, E'\\n' ORDER BY source_row), '') FROM " +
            database::quote_identifier(table) + " t");
  }

  test::ScratchDatabase m_database;
  test::TempDir m_dir;
  database::Connection m_conn = database::Connection::open(m_database.conninfo());
};

TEST_F(EncryptedByLibreOfficeTest, AnXlsSavedWithAPasswordLoadsTheRowsOfItsPlainTwin) {
  const fs::path source = write_source();
  const fs::path profile = m_dir.path() / "libreoffice-profile";
  const fs::path encrypted = data() / "payroll_xls" / "payroll.xls";
  fs::create_directories(encrypted.parent_path());
  std::string error;
  ASSERT_TRUE(test::save_with_password(source, encrypted, "MS Excel 97", password, profile, error))
      << error;
  // The plain twin: the same source through the same filter, no password.
  const fs::path plain_dir = data() / "payroll_xls_plain";
  ASSERT_EQ(test::run_soffice({"--convert-to", "xls:MS Excel 97", "--outdir", plain_dir.string(),
                               source.string()},
                              profile, m_dir.path() / "convert.log", 120),
            0);
  ASSERT_TRUE(fs::exists(plain_dir / "payroll.xls"));

  // LibreOffice did encrypt it: without a password it does not open.
  const auto bytes = test::read_bytes(encrypted);
  try {
    workbook::open_workbook(bytes, "payroll.xls");
    FAIL() << "LibreOffice wrote the file without encrypting it";
  } catch (const FileError& failure) {
    EXPECT_EQ(failure.failure(), FileFailure::Encrypted) << failure.what();
  }

  const fs::path config = m_dir.path() / "etl_config.yaml";
  std::ofstream(config) << "payroll_xls: {password_env: PAYROLL_PW}\n";
  const auto run = test::run_pgdatahub(
      {"etl", data().string(), "--config", config.string(), "--json"},
      {{"DATABASE_URL", m_database.conninfo()}, {"PAYROLL_PW", password}}, m_dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find(password), std::string::npos);
  EXPECT_EQ(run.err.find(password), std::string::npos);
  EXPECT_EQ(test::scalar(m_conn, "SELECT count(*) FROM payroll_xls"), "40");
  EXPECT_EQ(rows_of("payroll_xls"), rows_of("payroll_xls_plain"));
}

}  // namespace
}  // namespace pgdatahub
