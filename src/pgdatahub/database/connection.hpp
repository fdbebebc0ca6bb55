#pragma once
// A move-only libpq connection. Every session is set up the same way
// (DateStyle ISO, IntervalStyle postgres, extra_float_digits 1, TimeZone UTC,
// client_encoding UTF8) so that values render canonically.
#include <pgdatahub/database/result.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace pgdatahub::database {

class CopyStream;

// A parameter of a query: nullopt is SQL NULL. Values always travel as
// parameters, never in SQL text.
using Param = std::optional<std::string>;

class Connection {
 public:
  // Connects with a postgresql:// URI or a libpq conninfo string (empty: the
  // PG* environment, .pgpass and service files). Throws ConnectionError whose
  // message never contains the password.
  static Connection open(const std::string& conninfo);

  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  Result exec(std::string_view sql);
  Result exec(std::string_view sql, const std::vector<Param>& params);
  // Starts COPY ... FROM STDIN (BINARY); the stream must be finished.
  CopyStream copy_in(std::string_view copy_sql);

  // Called with every statement before it runs (DEBUG=1 prints them).
  void set_statement_observer(std::function<void(std::string_view)> observer);

  // Connection string for display: the password, if any, replaced by ***.
  std::string display_target() const;

  pg_conn* native() const noexcept;

 private:
  struct Deleter {
    void operator()(pg_conn* conn) const noexcept;
  };
  explicit Connection(pg_conn* conn);
  Result run(std::string_view sql, bool starts_copy);
  std::unique_ptr<pg_conn, Deleter> m_conn;
  std::function<void(std::string_view)> m_observer;
};

// RAII transaction: BEGIN on construction, ROLLBACK on destruction unless
// commit() ran. The destructor never throws.
class Transaction {
 public:
  explicit Transaction(Connection& conn);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();
  void rollback() noexcept;

 private:
  Connection* m_conn;
  bool m_open = true;
};

}  // namespace pgdatahub::database
