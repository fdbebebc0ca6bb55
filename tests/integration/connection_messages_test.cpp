// A connection that fails says why and what to do, through the real binary
// against a real PostgreSQL: an unknown database, an unknown user, a role
// without privileges, a URL of another database's scheme.
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connect_advice.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/database/quote.hpp>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace pgdatahub {
namespace {

using test::run_pgdatahub;

// The test server's conninfo in key=value form with some options replaced.
std::string conninfo_with(const std::string& base, const std::map<std::string, std::string>& with) {
  std::string error;
  const auto options = database::detail::parse_conninfo(base, error);
  std::string out;
  std::map<std::string, std::string> values = with;
  for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr && values.count(option->keyword) == 0) {
      values[option->keyword] = option->val;
    }
  }
  for (const auto& [key, value] : values) {
    out += key + "=" + database::quote_conninfo_value(value) + " ";
  }
  return out;
}

class ConnectionMessagesTest : public ::testing::Test {
 protected:
  test::ScratchDatabase m_database;
  test::TempDir m_dir;

  test::ProgramResult status(const std::string& conninfo) {
    return run_pgdatahub({"status", "--database-url", conninfo}, {}, m_dir.path().string());
  }
};

TEST_F(ConnectionMessagesTest, AnUnknownDatabaseSaysHowToCreateIt) {
  const auto result =
      status(conninfo_with(m_database.conninfo(), {{"dbname", "pgdatahub_no_such_db"}}));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("createdb pgdatahub_no_such_db"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("check that the server is running"), std::string::npos) << result.err;
}

TEST_F(ConnectionMessagesTest, AnUnknownUserIsNamed) {
  const auto result = status(conninfo_with(m_database.conninfo(), {{"user", "pgdatahub_no_one"}}));
  EXPECT_EQ(result.exit_code, 2);
  // A server with password or trust authentication says the role is unknown;
  // the embedded one admits only its own account, so pg_hba.conf refuses first.
  EXPECT_TRUE(result.err.find("the server has no user 'pgdatahub_no_one'") != std::string::npos ||
              result.err.find("lets user 'pgdatahub_no_one' in only from") != std::string::npos ||
              result.err.find("pg_hba.conf refuses this user") != std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("check that the server is running"), std::string::npos) << result.err;
}

TEST_F(ConnectionMessagesTest, ARoleWithoutPrivilegesIsToldWhichGrantItLacks) {
  auto admin = database::Connection::open(m_database.conninfo());
  const std::string role = "pgdatahub_reader_" + std::to_string(::getpid());
  admin.exec("DROP ROLE IF EXISTS " + database::quote_identifier(role));
  admin.exec("CREATE ROLE " + database::quote_identifier(role) + " LOGIN");
  // A ledger the role may not read: made by a load as the database's owner.
  std::filesystem::create_directories(m_dir.path() / "data" / "t");
  std::ofstream(m_dir.path() / "data" / "t" / "a.csv") << "n\n1\n";
  ASSERT_EQ(run_pgdatahub(
                {"etl", (m_dir.path() / "data").string(), "--database-url", m_database.conninfo()},
                {}, m_dir.path().string())
                .exit_code,
            0);
  const auto result = status(conninfo_with(m_database.conninfo(), {{"user", role}}));
  admin.exec("DROP OWNED BY " + database::quote_identifier(role));
  admin.exec("DROP ROLE " + database::quote_identifier(role));
  if (result.err.find("peer authentication") != std::string::npos ||
      result.err.find("pg_hba.conf refuses") != std::string::npos) {
    GTEST_SKIP() << "the test server admits only its own account (pg_hba.conf, peer), so no "
                    "other role can connect; run with PGDATAHUB_TEST_DSN on a password server";
  }
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("permission denied"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("role '" + role + "' lacks that privilege"), std::string::npos)
      << result.err;
}

TEST_F(ConnectionMessagesTest, AnotherDatabasesUrlIsRefusedWithoutEchoingIt) {
  const auto result = status("mysql://admin:s3cret@db.example/shop");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("only PostgreSQL URLs are accepted"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("s3cret"), std::string::npos) << result.err;
}

// The server's own words for a wrong password cannot be provoked here (the
// test cluster trusts its socket), so the advice is checked on that text.
TEST(ConnectAdvice, AWrongPasswordIsNotAStoppedServer) {
  const std::string libpq =
      "connection to server on socket \"/run/.s.PGSQL.5432\" failed: FATAL:  password "
      "authentication failed for user \"etl\"";
  const std::string advice = database::detail::connect_advice(libpq, "etl", "sales");
  EXPECT_NE(advice.find("the password or the user name 'etl' is wrong"), std::string::npos);
  EXPECT_EQ(database::detail::connect_advice("Connection refused", "etl", "sales"),
            "check that the server is running and DATABASE_URL is right");
}

}  // namespace
}  // namespace pgdatahub
