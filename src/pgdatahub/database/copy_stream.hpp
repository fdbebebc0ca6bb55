#pragma once
// COPY ... FROM STDIN in progress. finish() must be called to complete it;
// destroying an unfinished stream aborts the COPY (and never throws).
#include <cstdint>
#include <string_view>

namespace pgdatahub::database {

class Connection;

class CopyStream {
 public:
  CopyStream(const CopyStream&) = delete;
  CopyStream& operator=(const CopyStream&) = delete;
  CopyStream(CopyStream&& other) noexcept;
  CopyStream& operator=(CopyStream&&) = delete;
  ~CopyStream();

  void write(std::string_view bytes);
  // Ends the COPY and returns the number of rows the server took.
  std::uint64_t finish();

 private:
  friend class Connection;
  explicit CopyStream(Connection& conn) noexcept : m_conn(&conn) {}
  Connection* m_conn;
  bool m_done = false;
};

}  // namespace pgdatahub::database
