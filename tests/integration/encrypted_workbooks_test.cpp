// Password-protected workbooks through the real binary and a real
// PostgreSQL: passwords come from environment variables and files named in
// the config, each encrypted file loads the rows of its plain twin (decrypted
// by msoffcrypto-tool, an independent implementation), and no password ever
// reaches the output, the log, the pause file or the ledger.
#include "support/corpus.hpp"
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/sha256.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using test::run_pgdatahub;

constexpr const char* decrypt_tool = "/usr/bin/msoffcrypto-tool";
// Passwords that must never be printed, logged or stored.
constexpr const char* secret = "this is a test";  // poi/protected_sha512.xlsx
constexpr const char* wrong_candidate = "Wr0ng-Candidate-7731";

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class EncryptedWorkbooksTest : public test::DatabaseFixture {
 protected:
  void SetUp() override {
    m_corpus = test::corpus_dir();
    if (!m_corpus) GTEST_SKIP() << "corpus ../shared/corpus is not available";
    if (!fs::exists(decrypt_tool))
      GTEST_SKIP() << decrypt_tool << " is missing (scripts/setup installs it)";
  }

  void copy_corpus(const std::string& relative, const fs::path& to) {
    fs::create_directories(to.parent_path());
    fs::copy_file(*m_corpus / relative, to);
  }

  void decrypt_corpus(const std::string& relative, const std::string& password,
                      const fs::path& to) {
    fs::create_directories(to.parent_path());
    const std::string command = std::string(decrypt_tool) + " -p '" + password + "' '" +
                                (*m_corpus / relative).string() + "' '" + to.string() +
                                "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }

  test::ProgramResult etl(std::vector<std::string> extra, std::map<std::string, std::string> env,
                          const fs::path& working_dir) {
    std::vector<std::string> args{"etl", data().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    env.emplace("DATABASE_URL", m_database.conninfo());
    fs::create_directories(working_dir);
    return run_pgdatahub(args, env, working_dir.string());
  }

  // A table's rows without the columns that differ between two loads; ""
  // when no table was created (a sheet with a header and no data rows).
  std::string rows_of(const std::string& table) {
    if (test::scalar(m_conn, "SELECT to_regclass($1) IS NULL",
                     {database::quote_identifier(table)}) == "t") {
      return "";
    }
    return test::scalar(
        m_conn,
        "SELECT coalesce(string_agg((to_jsonb(t) - 'source_file' - 'load_timestamp' - "
        "'etl_import_id')::text, E'\\n' ORDER BY source_row), '') FROM " +
            database::quote_identifier(table) + " t");
  }

  std::optional<fs::path> m_corpus;
};

TEST_F(EncryptedWorkbooksTest, EachSchemeLoadsTheRowsOfItsPlainTwin) {
  struct Case {
    const char* folder;
    const char* corpus;
    const char* password;
  };
  const Case cases[] = {
      {"agile_xlsx", "exceldatareader/agile_AES256_SHA512_CBC_pwd_password.xlsx", "password"},
      {"agile_sha512", "poi/protected_sha512.xlsx", secret},
      {"agile_xlsb", "poi/protected_passtika.xlsb", "tika"},
      {"standard_xlsx", "exceldatareader/standard_AES128_SHA1_ECB_pwd_password.xlsx", "password"},
      {"rc4_xls", "poi/password.xls", "password"},
      {"cryptoapi_xls", "exceldatareader/Test_git_issue_242_std_rc4_pwd_password.xls", "password"},
  };
  // One password from a variable, one from a password_file, the rest from PGDATAHUB_PASSWORDS_FILE.
  const fs::path secrets = m_dir.path() / "secrets";
  write_text(secrets / "tika", "tika\n");
  write_text(secrets / "shared", std::string(wrong_candidate) + "\r\npassword\n\n" + secret + "\n");
  write_text(m_dir.path() / "etl_config.yaml",
             "agile_xlsx: {password_env: AGILE_PW}\n"
             "agile_xlsb: {password_file: " +
                 (secrets / "tika").string() + "}\n");
  for (const auto& c : cases) {
    const std::string name = fs::path(c.corpus).filename().string();
    copy_corpus(c.corpus, data() / c.folder / name);
    decrypt_corpus(c.corpus, c.password, data() / (std::string(c.folder) + "_plain") / name);
  }
  const auto run =
      etl({"--config", (m_dir.path() / "etl_config.yaml").string(), "--json"},
          {{"AGILE_PW", "password"}, {"PGDATAHUB_PASSWORDS_FILE", (secrets / "shared").string()}},
          m_dir.path() / "work");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(rows_of("agile_sha512"), "");  // the one sample with data rows below its header
  for (const auto& c : cases) {
    SCOPED_TRACE(c.folder);
    EXPECT_EQ(rows_of(c.folder), rows_of(std::string(c.folder) + "_plain"));
    // Decrypted, a file reads as its plain twin: loaded, or empty for the
    // samples that hold a header and no data row.
    const auto status_of = [&](const std::string& folder) {
      return test::scalar(
          m_conn, "SELECT string_agg(status, ',') FROM etl_imports WHERE source_file LIKE $1",
          {folder + "/%"});
    };
    const auto status = status_of(c.folder);
    EXPECT_TRUE(status == "loaded" || status == "empty") << status;
    EXPECT_EQ(status, status_of(std::string(c.folder) + "_plain"));
  }
  // The ledger's hash is the encrypted file's own: loading it again is a duplicate.
  const std::string recorded_hash = test::scalar(
      m_conn,
      "SELECT file_sha256 FROM etl_imports WHERE table_name = 'agile_xlsx' AND status IN "
      "('loaded', 'empty')");
  const auto bytes =
      test::read_bytes(data() / "agile_xlsx" / "agile_AES256_SHA512_CBC_pwd_password.xlsx");
  ledger::Sha256 hash;
  hash.update(bytes);
  EXPECT_EQ(recorded_hash, hash.hex_digest());
  const auto again =
      etl({"--config", (m_dir.path() / "etl_config.yaml").string()},
          {{"AGILE_PW", "password"}, {"PGDATAHUB_PASSWORDS_FILE", (secrets / "shared").string()}},
          m_dir.path() / "work");
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("files: 0 loaded, 0 empty, 12 skipped as duplicates"), std::string::npos)
      << again.out;
}

TEST_F(EncryptedWorkbooksTest, DefaultPasswordFilesLoadWithoutConfiguration) {
  copy_corpus("poi/protect.xlsx", data() / "write_protected" / "protect.xlsx");
  copy_corpus("poi/60284.xls", data() / "excel95" / "60284.xls");
  const auto run = etl({}, {}, m_dir.path() / "work");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(test::scalar(m_conn, "SELECT count(*) FROM write_protected"), "0");
  EXPECT_NE(test::scalar(m_conn, "SELECT count(*) FROM excel95"), "0");
}

// Every place a run writes to: stdout and stderr (text, --json, DEBUG=1),
// etl.log, the pause file a stopped run leaves, and the ledger.
TEST_F(EncryptedWorkbooksTest, PasswordsAppearInNoOutputLogPauseFileOrTable) {
  copy_corpus("poi/protected_sha512.xlsx", data() / "a_payroll" / "protected_sha512.xlsx");
  // No candidate opens this one: the folder fails and, with sectional commit, the run stops.
  copy_corpus("python-calamine/password.xlsb", data() / "z_hr" / "password.xlsb");
  const fs::path secrets = m_dir.path() / "secrets";
  write_text(secrets / "hr", std::string(wrong_candidate) + "\n");
  const fs::path config = m_dir.path() / "etl_config.yaml";
  write_text(config, "a_payroll: {password_env: PAYROLL_PW}\nz_hr: {password_file: " +
                         (secrets / "hr").string() + "}\n");
  const std::map<std::string, std::string> env = {
      {"PAYROLL_PW", secret}, {"DEBUG", "1"}, {"ETL_SECTIONAL_COMMIT", "1"}};

  const fs::path work = m_dir.path() / "work";
  const auto json_run = etl({"--config", config.string(), "--json"}, env, work);
  EXPECT_EQ(json_run.exit_code, 3) << json_run.out << json_run.err;
  const fs::path pause_file = test::state_file(work, ".etl_pause.json");
  ASSERT_TRUE(fs::exists(pause_file)) << json_run.out << json_run.err;
  const std::string pause = test::read_file(pause_file);
  EXPECT_NE(pause.find("none of the 1 configured password opens this file"), std::string::npos)
      << pause;

  auto text_env = env;
  text_env["ETL_SECTIONAL_COMMIT"] = "0";
  const fs::path work2 = m_dir.path() / "work2";
  const auto text_run = etl({"--config", config.string()}, text_env, work2);
  EXPECT_EQ(text_run.exit_code, 1) << text_run.out << text_run.err;
  // The first run loaded the payroll file; the second finds it a duplicate by its encrypted bytes.
  EXPECT_NE(text_run.out.find("1 skipped as duplicates, 1 failed"), std::string::npos)
      << text_run.out;

  const std::string ledger =
      test::scalar(m_conn, "SELECT string_agg(to_jsonb(i)::text, E'\\n') FROM etl_imports i");
  EXPECT_NE(ledger.find("wrong password"), std::string::npos) << ledger;
  const std::string everything = json_run.out + json_run.err + text_run.out + text_run.err + pause +
                                 test::read_file(test::state_file(work, "etl.log")) +
                                 test::read_file(test::state_file(work2, "etl.log")) + ledger +
                                 test::scalar(m_conn,
                                              "SELECT string_agg(to_jsonb(s)::text, '') FROM "
                                              "etl_schema_changes s");
  EXPECT_GT(test::read_file(test::state_file(work, "etl.log")).size(), 0u);
  for (const std::string leaked : {secret, wrong_candidate}) {
    EXPECT_EQ(everything.find(leaked), std::string::npos) << "'" << leaked << "' was written out";
  }
}

TEST_F(EncryptedWorkbooksTest, APasswordWrittenInTheConfigIsRefused) {
  copy_corpus("poi/protected_sha512.xlsx", data() / "payroll" / "protected_sha512.xlsx");
  const fs::path config = m_dir.path() / "etl_config.yaml";
  write_text(config, std::string("payroll:\n  password: ") + secret + "\n");
  const auto run = etl({"--config", config.string()}, {}, m_dir.path() / "work");
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("password_env"), std::string::npos) << run.err;
  EXPECT_EQ((run.out + run.err).find(secret), std::string::npos) << run.err;
}

TEST_F(EncryptedWorkbooksTest, MissingPasswordFailsTheFileAloneAndSaysWhatToSet) {
  copy_corpus("poi/protected_sha512.xlsx", data() / "payroll" / "protected_sha512.xlsx");
  test::XlsxBuilder book(data() / "payroll" / "plain.xlsx");
  book.sheet("Sheet1").text(0, 0, "Name").text(1, 0, "Ada");
  book.close();
  const auto run = etl({"--json"}, {}, m_dir.path() / "work");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto summary = nlohmann::json::parse(run.out);
  for (const auto& file : summary["files"]) {
    if (file["file"] == "payroll/plain.xlsx") {
      EXPECT_EQ(file["status"], "loaded");
    }
    if (file["file"] == "payroll/protected_sha512.xlsx") {
      EXPECT_EQ(file["status"], "failed");
      EXPECT_EQ(file["reason"], "encrypted");
      const std::string error = file["error"];
      EXPECT_NE(error.find("no password is configured"), std::string::npos) << error;
      EXPECT_NE(error.find("password_env"), std::string::npos) << error;
    }
  }
}

}  // namespace
}  // namespace pgdatahub
