#pragma once
// A move-only query result.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct pg_result;

namespace pgdatahub::database {

class Result {
 public:
  explicit Result(pg_result* result) noexcept;
  Result(Result&&) noexcept = default;
  Result& operator=(Result&&) noexcept = default;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() = default;

  int rows() const noexcept;
  int columns() const noexcept;
  bool is_null(int row, int column) const noexcept;
  // The text of a field ("" for NULL).
  std::string_view text(int row, int column) const noexcept;
  std::optional<std::string> optional_text(int row, int column) const;
  std::int64_t int64(int row, int column) const;      // throws on NULL or non-integer
  int column_index(const char* name) const noexcept;  // -1 when absent
  std::uint64_t affected_rows() const noexcept;       // for INSERT/UPDATE/DELETE
  pg_result* native() const noexcept { return m_result.get(); }

 private:
  struct Deleter {
    void operator()(pg_result* result) const noexcept;
  };
  std::unique_ptr<pg_result, Deleter> m_result;
};

}  // namespace pgdatahub::database
