#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/connect_advice.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/database/copy_stream.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/server_error.hpp>

#include <libpq-fe.h>

#include <sys/socket.h>

#include <utility>

namespace pgdatahub::database {
namespace {

constexpr int copy_send_buffer_bytes = 8 << 20;

std::string option_value(const PQconninfoOption* options, std::string_view keyword) {
  for (const PQconninfoOption* option = options; option && option->keyword; ++option) {
    if (keyword == option->keyword && option->val != nullptr) {
      return option->val;
    }
  }
  return {};
}

// The password the string carries, if any, so it can be cut out of libpq's
// messages. Parse failures are reported here, with quoted input blanked.
std::string password_or_throw(const std::string& conninfo) {
  if (const std::string refused = detail::foreign_scheme_error(conninfo); !refused.empty()) {
    throw ConfigError(refused);
  }
  std::string error;
  const detail::ConninfoOptions options = detail::parse_conninfo(conninfo, error);
  if (!options) throw ConnectionError(error);
  return option_value(options.get(), "password");
}

// Session settings that make values render the same on every server.
constexpr const char* session_setup =
    "SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
    "SET extra_float_digits = 1; SET TimeZone = 'UTC'; SET client_encoding = 'UTF8'";

// A session's bulk writes handed to the kernel for writing every 2 MB (the
// most PostgreSQL allows) instead of left dirty in the page cache. A table
// created in a load's transaction is synced at commit (wal_level = minimal)
// and otherwise by the next checkpoint; either way the disk then writes
// while the COPY still runs, and the sync finds little left: the big
// sheet's commit fell from about 105 ms to 15 ms (bench/README.md). Any role
// may set it; where the system cannot schedule writeback it does nothing.
// Only speed hangs on it: a server that refuses it (a fork, a proxy in
// front) still loads, as it did before.
constexpr const char* bulk_write_setup = "SET backend_flush_after = '2MB'";

}  // namespace

void Connection::Deleter::operator()(pg_conn* conn) const noexcept { PQfinish(conn); }

Connection::Connection(pg_conn* conn) : m_conn(conn) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Connection Connection::open(const std::string& conninfo) {
  const std::string password = password_or_throw(conninfo);
  Connection connection(PQconnectdb(conninfo.c_str()));
  pg_conn* conn = connection.native();
  if (conn == nullptr) {
    throw ConnectionError("cannot connect to PostgreSQL: out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string cause = detail::scrub(PQerrorMessage(conn), password);
    const char* user = PQuser(conn);
    const char* database = PQdb(conn);
    throw ConnectionError(
        "cannot connect to PostgreSQL at " + connection.display_target() + ": " + cause + " (" +
        detail::connect_advice(cause, user ? user : "", database ? database : "") + ")");
  }
  // Server notices ("table does not exist, skipping") belong in the log, not on the terminal.
  PQsetNoticeProcessor(
      conn, [](void*, const char* message) { log_debug(std::string("server: ") + message); },
      nullptr);
  connection.exec(session_setup);
  try {
    connection.exec(bulk_write_setup);
  } catch (const DatabaseError& refused) {
    log_debug(std::string("server: backend_flush_after not set: ") + refused.what());
  }
  // A session whose process died (kill -9) while the server waits on its
  // behalf (for a lock, say) keeps its locks until that wait ends, and a
  // worker's locks are what its peers and its claim's taker go by. From
  // PostgreSQL 14 the server can look for its client every second instead;
  // a server that cannot (not every system can poll for it) refuses the
  // setting, and the session's locks go only when it next reads.
  if (PQserverVersion(conn) >= 140000) {
    try {
      connection.exec("SET client_connection_check_interval = 1000");
    } catch (const DatabaseError&) {
    }
  }
  const detail::ConninfoOptions options(PQconninfo(conn));
  if (option_value(options.get(), "application_name").empty()) {
    connection.exec("SET application_name = 'pgdatahub'");
  }
  return connection;
}

Result Connection::exec(std::string_view sql) { return run(sql, false); }

Result Connection::run(std::string_view sql, bool starts_copy) {
  const std::string statement(sql);
  if (m_observer) {
    m_observer(statement);
  }
  Result result(PQexec(native(), statement.c_str()));
  const auto status = PQresultStatus(result.native());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    if (starts_copy) {
      throw DatabaseError("statement did not start COPY FROM STDIN", "", statement);
    }
    return result;
  }
  if (status == PGRES_COPY_IN && starts_copy) {
    return result;
  }
  if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
    // Only copy_in() may leave the connection in COPY mode; end it here.
    if (status == PGRES_COPY_IN) {
      PQputCopyEnd(native(), "COPY is only allowed through copy_in()");
    }
    detail::drain_results(native());
    throw DatabaseError("COPY must go through copy_in()", "", statement);
  }
  detail::throw_server_error(native(), result.native(), statement);
}

Result Connection::exec(std::string_view sql, const std::vector<Param>& params) {
  const std::string statement(sql);
  if (m_observer) {
    m_observer(statement);
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& param : params) {
    values.push_back(param ? param->c_str() : nullptr);
  }
  Result result(PQexecParams(native(), statement.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0));
  const auto status = PQresultStatus(result.native());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    detail::throw_server_error(native(), result.native(), statement);
  }
  return result;
}

CopyStream Connection::copy_in(std::string_view copy_sql) {
  run(copy_sql, true);
  // A deep send buffer lets the server ingest one batch while the next is
  // read and encoded; with the default (about 200 kB) the two take turns.
  // The kernel caps the size at net.core.wmem_max; failing is harmless.
  int send_buffer = copy_send_buffer_bytes;
  setsockopt(PQsocket(native()), SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
  return CopyStream(*this);
}

void Connection::set_statement_observer(std::function<void(std::string_view)> observer) {
  m_observer = std::move(observer);
}

std::string Connection::display_target() const {
  const detail::ConninfoOptions options(PQconninfo(native()));
  return detail::describe_options(options.get());
}

pg_conn* Connection::native() const noexcept { return m_conn.get(); }

Transaction::Transaction(Connection& conn) : m_conn(&conn) { m_conn->exec("BEGIN"); }

Transaction::~Transaction() { rollback(); }

void Transaction::commit() {
  // A failed COMMIT ends the transaction too, so it is never rolled back after.
  m_open = false;
  const Result result = m_conn->exec("COMMIT");
  // COMMIT of a transaction that already failed answers ROLLBACK, not an error.
  if (std::string_view(PQcmdStatus(result.native())) == "ROLLBACK") {
    throw DatabaseError("the transaction was rolled back because a statement in it failed", "25P02",
                        "COMMIT");
  }
}

void Transaction::rollback() noexcept {
  if (!m_open) {
    return;
  }
  m_open = false;
  try {
    m_conn->exec("ROLLBACK");
  } catch (...) {
    // Nothing to add: the server rolls back on its own when the session ends.
  }
}

}  // namespace pgdatahub::database
