#pragma once
// The one place that writes this machine's clock as UTC text: the pause
// file's stamp, the log's, and the `since` of a run's report each want the
// same instant in a slightly different spelling.
#include <ctime>
#include <string>

namespace pgdatahub {

enum class UtcStyle {
  Iso8601,  // 2024-03-01T12:00:00Z: files other programs read (the pause file)
  Sql,      // 2024-03-01 12:00:00Z: compared with the ledger's times (a report's since)
  Log,      // 2024-03-01 12:00:00: the start of an etl.log line
};

// `time` in `style`, to the second.
std::string format_utc(std::time_t time, UtcStyle style);

// The current time in `style`, to the second.
std::string utc_now(UtcStyle style);

}  // namespace pgdatahub
