#include <fmt/format.h>

#include <algorithm>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/report/report_data.hpp>

namespace pgdatahub::report {
namespace {

// The ledger's times are UTC "YYYY-MM-DD HH:MM:SS" text, so once `since` is
// spelled the same way a string comparison orders them.
constexpr const char* utc_text_sql = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";

std::string now_utc(database::Connection& conn) {
  return std::string(conn.exec("SELECT " + fmt::format(utc_text_sql, "now()")).text(0, 0));
}

// PostgreSQL parses the time, so --since accepts what `revert --since` does.
std::string normalized_since(database::Connection& conn, const std::string& since) {
  try {
    auto result = conn.exec("SELECT " + fmt::format(utc_text_sql, "$1::timestamptz"), {since});
    return std::string(result.text(0, 0));
  } catch (const std::exception&) {
    throw ConfigError(fmt::format(
        "--since takes an ISO time such as 2024-05-01 or 2024-05-01T12:00:00Z, not '{}'", since));
  }
}

template <typename Record, typename Time>
void keep_since(std::vector<Record>& records, const std::string& since, Time time_of) {
  std::erase_if(records, [&](const Record& r) { return time_of(r) < since; });
}

}  // namespace

ReportData gather_report(database::Connection& conn, const ReportOptions& options) {
  ReportData data;
  data.generated_at = now_utc(conn);
  data.table = options.table;
  if (options.since) data.since = normalized_since(conn, *options.since);
  data.tables = ledger::table_summaries(conn);
  if (options.table) {
    std::erase_if(data.tables, [&](const auto& t) { return t.table != *options.table; });
  }
  ledger::HistoryFilter filter;
  filter.table = options.table;
  data.history = ledger::history(conn, filter);
  if (data.since) {
    keep_since(data.history.imports, *data.since, [](const auto& i) { return i.imported_at; });
    keep_since(data.history.schema_changes, *data.since,
               [](const auto& c) { return c.changed_at; });
  }
  return data;
}

}  // namespace pgdatahub::report
