#pragma once
// Turns a failed libpq call into the DatabaseError subclass the caller acts on.
// Internal to the database module.
#include <string_view>

struct pg_conn;
struct pg_result;

namespace pgdatahub::database::detail {

// Throws for `result` (may be null: then the connection's error is used).
// Connection loss becomes ConnectionError; 55P03, 23505, 57014, 40P01 and
// 40001 their own classes; anything else DatabaseError.
[[noreturn]] void throw_server_error(pg_conn* conn, const pg_result* result,
                                     std::string_view statement);

// Reads and discards pending results so the connection can run the next
// statement; stops early on a COPY state that reading results cannot end.
void drain_results(pg_conn* conn) noexcept;

}  // namespace pgdatahub::database::detail
