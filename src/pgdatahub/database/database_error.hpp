#pragma once
// Errors from the server, with the SQLSTATE and the statement. Classes exist
// only for states the code acts on.
#include <pgdatahub/core/error.hpp>

#include <string>
#include <utility>

namespace pgdatahub::database {

class DatabaseError : public Error {
 public:
  DatabaseError(const std::string& message, std::string sqlstate, std::string statement)
      : Error(message), m_sqlstate(std::move(sqlstate)), m_statement(std::move(statement)) {}
  const std::string& sqlstate() const noexcept { return m_sqlstate; }
  const std::string& statement() const noexcept { return m_statement; }

 private:
  std::string m_sqlstate;
  std::string m_statement;
};

// The server could not be reached or the connection broke.
class ConnectionError : public DatabaseError {
 public:
  explicit ConnectionError(const std::string& message) : DatabaseError(message, "08000", "") {}
  ConnectionError(const std::string& message, std::string sqlstate, std::string statement)
      : DatabaseError(message, std::move(sqlstate), std::move(statement)) {}
};

// 55P03: lock_timeout expired (DDL retries with backoff on this).
class LockTimeout : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// 23505: unique_violation.
class UniqueViolation : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// 57014: query_canceled. pgdatahub cancels no statement itself, so this is
// statement_timeout expiring (a bounded scan gives up on it).
class StatementTimeout : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// 40P01 / 40001: deadlock or serialization failure; the transaction may be retried.
class RetryableConflict : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

}  // namespace pgdatahub::database
