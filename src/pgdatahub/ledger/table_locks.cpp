#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/ledger/table_locks.hpp>

#include <fmt/format.h>

namespace pgdatahub::ledger {
namespace {

// A table of the ledger's schema keeps the key it had before schemas, so an
// older pgdatahub loading the same table still takes turns with this one.
std::string table_key(const std::string& table, const std::string& schema) {
  const std::string key = schema == ledger_schema ? table : schema + "." + table;
  return "pgdatahub table " + key;
}

std::string schema_lock_key(const std::string& table, const std::string& schema) {
  return "pgdatahub table schema " + table_key(table, schema);
}

constexpr const char* join_savepoint = "pgdatahub_join";

}  // namespace

std::string table_lock_key(const std::string& table, const std::string& schema) {
  return table_key(table, schema);
}

void lock_table(database::Connection& conn, const std::string& table, const std::string& schema) {
  conn.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {table_key(table, schema)});
}

void lock_table_shared(database::Connection& conn, const std::string& table,
                       const std::string& schema) {
  conn.exec("SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))",
            {table_key(table, schema)});
}

void lock_table_content(database::Connection& conn, const std::string& table,
                        const std::string& schema, const std::string& sha256,
                        const std::string& source_file) {
  // In one order, content then name, so two files never wait for each other.
  conn.exec(
      "SELECT pg_advisory_xact_lock(hashtextextended($1 || ' content ' || $2, 0)), "
      "pg_advisory_xact_lock(hashtextextended($1 || ' file ' || $3, 0))",
      {table_key(table, schema), sha256, source_file});
}

void lock_table_schema(database::Connection& conn, const std::string& table,
                       const std::string& schema) {
  conn.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            {schema_lock_key(table, schema)});
}

void join_table_writers(database::Connection& conn, const std::string& table,
                        const std::string& schema) {
  // The schema lock is held shared for the session, not the transaction,
  // so that it can be let go as soon as ROW EXCLUSIVE is ours; a failed
  // LOCK is rolled back to a savepoint first, so the unlock can still run.
  const std::string key = schema_lock_key(table, schema);
  conn.exec("SELECT pg_advisory_lock_shared(hashtextextended($1, 0))", {key});
  try {
    conn.exec(
        fmt::format("SAVEPOINT {0}; LOCK TABLE {1} IN ROW EXCLUSIVE MODE; RELEASE SAVEPOINT {0}",
                    join_savepoint, database::quote_qualified(schema, table)));
  } catch (const database::ConnectionError&) {
    throw;  // the session and its locks are gone
  } catch (const Error&) {
    conn.exec(fmt::format("ROLLBACK TO SAVEPOINT {}", join_savepoint));
    conn.exec("SELECT pg_advisory_unlock_shared(hashtextextended($1, 0))", {key});
    throw;
  }
  conn.exec("SELECT pg_advisory_unlock_shared(hashtextextended($1, 0))", {key});
}

}  // namespace pgdatahub::ledger
