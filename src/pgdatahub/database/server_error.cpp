#include <pgdatahub/database/connect_advice.hpp>
#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/server_error.hpp>

#include <libpq-fe.h>

#include <string>

namespace pgdatahub::database::detail {
namespace {

std::string field(const pg_result* result, int code) {
  if (result == nullptr) {
    return {};
  }
  const char* value = PQresultErrorField(result, code);
  return value ? std::string(value) : std::string();
}

bool is_connection_loss(pg_conn* conn, const std::string& sqlstate) {
  // Class 08 is connection exceptions; 57P01-57P03 are shutdowns.
  return PQstatus(conn) == CONNECTION_BAD || sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" ||
         sqlstate == "57P02" || sqlstate == "57P03";
}

}  // namespace

void throw_server_error(pg_conn* conn, const pg_result* result, std::string_view statement) {
  std::string sqlstate = field(result, PG_DIAG_SQLSTATE);
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string detail_text = field(result, PG_DIAG_MESSAGE_DETAIL);
  if (message.empty()) {
    message = result ? PQresultErrorMessage(result) : "";
  }
  if (message.empty()) {
    message = PQerrorMessage(conn);
  }
  if (!detail_text.empty()) {
    message += ". " + detail_text;
  }
  message = scrub(message, {});
  std::string sql(statement);

  if (is_connection_loss(conn, sqlstate)) {
    throw ConnectionError("lost the connection to PostgreSQL: " + message +
                              " (check that the server is running and try again)",
                          sqlstate.empty() ? "08006" : sqlstate, std::move(sql));
  }
  if (sqlstate == "55P03") {
    throw LockTimeout(message, std::move(sqlstate), std::move(sql));
  }
  if (sqlstate == "23505") {
    throw UniqueViolation(message, std::move(sqlstate), std::move(sql));
  }
  if (sqlstate == "57014") {
    throw StatementTimeout(message, std::move(sqlstate), std::move(sql));
  }
  if (sqlstate == "40P01" || sqlstate == "40001") {
    throw RetryableConflict(message, std::move(sqlstate), std::move(sql));
  }
  if (sqlstate == "42501") {
    const char* role = PQuser(conn);
    message += " (" + privilege_advice(role ? role : "") + ")";
  }
  throw DatabaseError(message, std::move(sqlstate), std::move(sql));
}

void drain_results(pg_conn* conn) noexcept {
  while (PGresult* result = PQgetResult(conn)) {
    const auto status = PQresultStatus(result);
    PQclear(result);
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
      return;
    }
  }
}

}  // namespace pgdatahub::database::detail
