#include "support/test_database.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/copy_stream.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/quote.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgdatahub::database {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  test::ScratchDatabase m_database;
  Connection m_conn = Connection::open(m_database.conninfo());
};

std::string big_endian(std::uint64_t value, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) {
    out += static_cast<char>((value >> (8 * i)) & 0xFFU);
  }
  return out;
}

// COPY BINARY for (id integer, name text) written by hand: signature, flags,
// header extension length, the rows, then the -1 trailer.
std::string binary_copy(const std::vector<std::pair<int, std::string>>& rows) {
  std::string buffer("PGCOPY\n\377\r\n\0", 11);
  buffer += big_endian(0, 4);  // flags
  buffer += big_endian(0, 4);  // header extension length
  for (const auto& [id, name] : rows) {
    buffer += big_endian(2, 2);
    buffer += big_endian(4, 4) + big_endian(static_cast<std::uint32_t>(id), 4);
    buffer += big_endian(name.size(), 4) + name;
  }
  buffer += big_endian(0xFFFF, 2);
  return buffer;
}

TEST_F(DatabaseTest, SessionRendersValuesCanonically) {
  const Result result = m_conn.exec(
      "SELECT current_setting('DateStyle'), current_setting('TimeZone'), "
      "current_setting('extra_float_digits'), current_setting('application_name'), "
      "'2024-03-05 01:02:03+02'::timestamptz::text");
  EXPECT_EQ(result.text(0, 0), "ISO, YMD");
  EXPECT_EQ(result.text(0, 1), "UTC");
  EXPECT_EQ(result.text(0, 2), "1");
  EXPECT_EQ(result.text(0, 3), "pgdatahub");
  EXPECT_EQ(result.text(0, 4), "2024-03-04 23:02:03+00");
}

TEST_F(DatabaseTest, SessionHandsBulkWritesToTheKernelEarly) {
  EXPECT_EQ(m_conn.exec("SELECT current_setting('backend_flush_after')").text(0, 0), "2MB");
}

TEST_F(DatabaseTest, ParametersTravelAsValuesIncludingNull) {
  m_conn.exec("CREATE TABLE t (id bigint, name text)");
  const Result inserted = m_conn.exec("INSERT INTO t VALUES ($1, $2), ($3, $4)",
                                      {"1", "O'Brien\"; DROP TABLE t; --", "2", std::nullopt});
  EXPECT_EQ(inserted.affected_rows(), 2U);
  const Result rows = m_conn.exec("SELECT id, name FROM t ORDER BY id");
  ASSERT_EQ(rows.rows(), 2);
  EXPECT_EQ(rows.int64(0, 0), 1);
  EXPECT_EQ(rows.text(0, 1), "O'Brien\"; DROP TABLE t; --");
  EXPECT_TRUE(rows.is_null(1, 1));
  EXPECT_EQ(rows.optional_text(1, 1), std::nullopt);
  EXPECT_EQ(rows.column_index("name"), 1);
  EXPECT_EQ(rows.column_index("missing"), -1);
  EXPECT_THROW(rows.int64(0, 1), Error);
}

TEST_F(DatabaseTest, QuotedLiteralsReadBackExactly) {
  for (const std::string text :
       {"plain", "O'Brien'; DROP TABLE t; --", "back\\slash\\'", "line\nbreak", "日本語", ""}) {
    const Result result = m_conn.exec("SELECT " + quote_literal(m_conn, text));
    EXPECT_EQ(result.text(0, 0), text);
  }
}

TEST_F(DatabaseTest, TextInvalidInTheEncodingIsRefusedWithAnError) {
  EXPECT_THROW(quote_literal(m_conn, "bad \xC3("), Error);
}

TEST_F(DatabaseTest, ObserverSeesEveryStatementBeforeItRuns) {
  std::vector<std::string> seen;
  m_conn.set_statement_observer([&](std::string_view sql) { seen.emplace_back(sql); });
  m_conn.exec("SELECT 1");
  EXPECT_THROW(m_conn.exec("SELECT * FROM missing_table"), DatabaseError);
  EXPECT_EQ(seen, (std::vector<std::string>{"SELECT 1", "SELECT * FROM missing_table"}));
}

TEST_F(DatabaseTest, UniqueViolationCarriesStateMessageAndStatement) {
  m_conn.exec("CREATE TABLE u (id int PRIMARY KEY)");
  m_conn.exec("INSERT INTO u VALUES (1)");
  const std::string sql = "INSERT INTO u VALUES ($1)";
  try {
    m_conn.exec(sql, {"1"});
    FAIL() << "expected a unique violation";
  } catch (const UniqueViolation& error) {
    EXPECT_EQ(error.sqlstate(), "23505");
    EXPECT_EQ(error.statement(), sql);
    const std::string message = error.what();
    EXPECT_NE(message.find("duplicate key"), std::string::npos) << message;
    EXPECT_NE(message.find("Key (id)=(1) already exists"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST_F(DatabaseTest, OtherErrorsAreDatabaseErrorsWithTheirState) {
  try {
    m_conn.exec("SELECT * FROM no_such_table");
    FAIL() << "expected an error";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.sqlstate(), "42P01");
    EXPECT_EQ(dynamic_cast<const UniqueViolation*>(&error), nullptr);
  }
}

TEST_F(DatabaseTest, LockTimeoutWhenAnotherSessionHoldsTheTable) {
  m_conn.exec("CREATE TABLE locked (id int)");
  Transaction holder(m_conn);
  m_conn.exec("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
  Connection other = Connection::open(m_database.conninfo());
  other.exec("SET lock_timeout = '100ms'");
  EXPECT_THROW(other.exec("ALTER TABLE locked ADD COLUMN x int"), LockTimeout);
}

TEST_F(DatabaseTest, StatementTimeoutHasItsClass) {
  m_conn.exec("SET statement_timeout = '50ms'");
  EXPECT_THROW(m_conn.exec("SELECT pg_sleep(5)"), StatementTimeout);
  m_conn.exec("RESET statement_timeout");
  // The connection runs the next statement.
  EXPECT_EQ(m_conn.exec("SELECT 1").int64(0, 0), 1);
}

TEST_F(DatabaseTest, SerializationFailureIsRetryable) {
  m_conn.exec("CREATE TABLE s (id int PRIMARY KEY, v int)");
  m_conn.exec("INSERT INTO s VALUES (1, 0)");
  Connection other = Connection::open(m_database.conninfo());
  m_conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
  m_conn.exec("SELECT v FROM s");
  other.exec("UPDATE s SET v = 1 WHERE id = 1");
  EXPECT_THROW(m_conn.exec("UPDATE s SET v = 2 WHERE id = 1"), RetryableConflict);
  m_conn.exec("ROLLBACK");
}

TEST_F(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  m_conn.exec("CREATE TABLE r (id int)");
  {
    Transaction transaction(m_conn);
    m_conn.exec("INSERT INTO r VALUES (1)");
  }
  EXPECT_EQ(m_conn.exec("SELECT count(*) FROM r").int64(0, 0), 0);
  {
    Transaction transaction(m_conn);
    m_conn.exec("INSERT INTO r VALUES (2)");
    transaction.commit();
  }
  EXPECT_EQ(m_conn.exec("SELECT count(*) FROM r").int64(0, 0), 1);
}

TEST_F(DatabaseTest, CommitOfAFailedTransactionThrows) {
  Transaction transaction(m_conn);
  EXPECT_THROW(m_conn.exec("SELECT 1/0"), DatabaseError);
  EXPECT_THROW(transaction.commit(), DatabaseError);
  EXPECT_EQ(m_conn.exec("SELECT 1").int64(0, 0), 1);  // usable again
}

TEST_F(DatabaseTest, BinaryCopyOfAHandmadeBuffer) {
  m_conn.exec("CREATE TABLE c (id integer, name text)");
  const std::string buffer = binary_copy({{7, "seven"}, {8, "acht"}});
  CopyStream copy = m_conn.copy_in("COPY c (id, name) FROM STDIN (FORMAT binary)");
  // Two writes, split mid-row, as a streaming encoder would send them.
  copy.write(std::string_view(buffer).substr(0, 20));
  copy.write(std::string_view(buffer).substr(20));
  EXPECT_EQ(copy.finish(), 2U);
  const Result rows = m_conn.exec("SELECT id, name FROM c ORDER BY id");
  ASSERT_EQ(rows.rows(), 2);
  EXPECT_EQ(rows.int64(0, 0), 7);
  EXPECT_EQ(rows.text(1, 1), "acht");
}

TEST_F(DatabaseTest, UnfinishedCopyIsAbortedOnDestruction) {
  m_conn.exec("CREATE TABLE a (id integer, name text)");
  {
    CopyStream copy = m_conn.copy_in("COPY a (id, name) FROM STDIN (FORMAT binary)");
    const std::string buffer = binary_copy({{1, "one"}});
    copy.write(std::string_view(buffer).substr(0, buffer.size() - 2));  // no trailer
  }
  EXPECT_EQ(m_conn.exec("SELECT count(*) FROM a").int64(0, 0), 0);
}

TEST_F(DatabaseTest, BadCopyDataFailsAtFinishAndLeavesTheConnectionUsable) {
  m_conn.exec("CREATE TABLE b (id integer, name text)");
  CopyStream copy = m_conn.copy_in("COPY b (id, name) FROM STDIN (FORMAT binary)");
  copy.write("not a binary copy header at all");
  EXPECT_THROW(copy.finish(), DatabaseError);
  EXPECT_EQ(m_conn.exec("SELECT count(*) FROM b").int64(0, 0), 0);
}

TEST_F(DatabaseTest, CopyThroughExecIsRefused) {
  m_conn.exec("CREATE TABLE e (id integer)");
  EXPECT_THROW(m_conn.exec("COPY e FROM STDIN"), DatabaseError);
  EXPECT_EQ(m_conn.exec("SELECT 1").int64(0, 0), 1);
}

TEST_F(DatabaseTest, DisplayTargetOmitsThePassword) {
  const std::string target = m_conn.display_target();
  EXPECT_NE(target.find("dbname=" + m_database.name()), std::string::npos) << target;
  EXPECT_EQ(target.find("password"), std::string::npos) << target;
}

TEST(ConnectionErrors, PasswordNeverAppearsInTheMessage) {
  for (const std::string& conninfo :
       {std::string("host=127.0.0.1 port=1 user=loader password=secret123 connect_timeout=2"),
        std::string("postgresql://loader:secret123@127.0.0.1:1/etl?connect_timeout=2"),
        std::string("password=secret123 host"), std::string("postgresql://x:secret123@[bad")}) {
    try {
      Connection::open(conninfo);
      FAIL() << "expected a connection error";
    } catch (const ConnectionError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.find("secret123"), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

TEST(ConnectionErrors, MessageNamesTheTargetAndWhatToDo) {
  try {
    Connection::open("host=127.0.0.1 port=1 dbname=etl user=loader password=secret123");
    FAIL() << "expected a connection error";
  } catch (const ConnectionError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("host=127.0.0.1 port=1 dbname=etl user=loader"), std::string::npos)
        << message;
    EXPECT_NE(message.find("DATABASE_URL"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace pgdatahub::database
