#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/copy_stream.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/server_error.hpp>

#include <libpq-fe.h>

#include <poll.h>

#include <cstdlib>
#include <limits>
#include <string>

namespace pgdatahub::database {
namespace {

constexpr const char* copy_statement = "COPY FROM STDIN";
constexpr int poll_interval_ms = 1000;

// libpq answers 0 when a non-blocking connection's buffer is full: wait until
// the socket takes more, reading what the server sent meanwhile.
void wait_writable(pg_conn* conn) {
  if (PQconsumeInput(conn) == 0) {
    detail::throw_server_error(conn, nullptr, copy_statement);
  }
  if (PQflush(conn) <= 0) {
    return;  // flushed (or failed: the next call reports it)
  }
  pollfd descriptor{PQsocket(conn), POLLOUT | POLLIN, 0};
  poll(&descriptor, 1, poll_interval_ms);
}

}  // namespace

CopyStream::CopyStream(CopyStream&& other) noexcept : m_conn(other.m_conn), m_done(other.m_done) {
  other.m_done = true;
}

CopyStream::~CopyStream() {
  if (m_done) {
    return;
  }
  pg_conn* conn = m_conn->native();
  if (PQputCopyEnd(conn, "aborted") == 1) {
    PQflush(conn);
  }
  detail::drain_results(conn);
}

void CopyStream::write(std::string_view bytes) {
  pg_conn* conn = m_conn->native();
  while (!bytes.empty()) {
    constexpr std::size_t max_chunk = std::numeric_limits<int>::max();
    const std::size_t chunk = bytes.size() < max_chunk ? bytes.size() : max_chunk;
    const int status = PQputCopyData(conn, bytes.data(), static_cast<int>(chunk));
    if (status < 0) {
      detail::throw_server_error(conn, nullptr, copy_statement);
    }
    if (status == 0) {
      wait_writable(conn);
      continue;
    }
    bytes.remove_prefix(chunk);
  }
}

std::uint64_t CopyStream::finish() {
  pg_conn* conn = m_conn->native();
  m_done = true;
  int status = 0;
  while ((status = PQputCopyEnd(conn, nullptr)) == 0) {
    wait_writable(conn);
  }
  if (status < 0) {
    detail::throw_server_error(conn, nullptr, copy_statement);
  }
  const Result result(PQgetResult(conn));
  detail::drain_results(conn);
  if (PQresultStatus(result.native()) != PGRES_COMMAND_OK) {
    detail::throw_server_error(conn, result.native(), copy_statement);
  }
  return result.affected_rows();
}

}  // namespace pgdatahub::database
