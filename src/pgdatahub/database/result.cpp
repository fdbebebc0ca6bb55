#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/result.hpp>

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

namespace pgdatahub::database {

void Result::Deleter::operator()(pg_result* result) const noexcept { PQclear(result); }

Result::Result(pg_result* result) noexcept : m_result(result) {}

int Result::rows() const noexcept { return m_result ? PQntuples(m_result.get()) : 0; }

int Result::columns() const noexcept { return m_result ? PQnfields(m_result.get()) : 0; }

bool Result::is_null(int row, int column) const noexcept {
  return !m_result || PQgetisnull(m_result.get(), row, column) != 0;
}

std::string_view Result::text(int row, int column) const noexcept {
  if (is_null(row, column)) {
    return {};
  }
  const char* value = PQgetvalue(m_result.get(), row, column);
  const int length = PQgetlength(m_result.get(), row, column);
  return {value, static_cast<std::size_t>(length)};
}

std::optional<std::string> Result::optional_text(int row, int column) const {
  if (is_null(row, column)) {
    return std::nullopt;
  }
  return std::string(text(row, column));
}

std::int64_t Result::int64(int row, int column) const {
  if (is_null(row, column)) {
    throw Error("expected an integer in result column " + std::to_string(column) + ", got NULL");
  }
  const std::string_view value = text(row, column);
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size()) {
    throw Error("expected an integer in result column " + std::to_string(column) + ", got '" +
                std::string(value) + "'");
  }
  return number;
}

int Result::column_index(const char* name) const noexcept {
  return m_result ? PQfnumber(m_result.get(), name) : -1;
}

std::uint64_t Result::affected_rows() const noexcept {
  if (!m_result) {
    return 0;
  }
  // PQcmdTuples takes a non-const pointer but does not modify the result.
  const char* tuples = PQcmdTuples(m_result.get());
  return std::strtoull(tuples, nullptr, 10);
}

}  // namespace pgdatahub::database
