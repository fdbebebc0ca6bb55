#pragma once
// Min and max of a table's number and date columns when PostgreSQL has no
// statistics for them yet (a table loaded since the last ANALYZE): one query
// per table over all those columns at once, only for a table small enough
// that the scan is cheap next to the load that wrote it, and under a
// statement timeout as the guard. Any other table keeps '-' with the reason.
#include <pgdatahub/report/report_data.hpp>

#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::report {

// The largest table scanned: 4,096 pages of 8 kB, 32 MB. A sequential scan
// with a few min()/max() reads that in a fraction of a second, while COPY
// needed far longer to write it, so the report stays cheaper than the load.
constexpr long long bounds_scan_page_limit = 4096;
// The guard should the server be slower than that (busy, cold disk).
constexpr const char* bounds_scan_timeout = "1s";

// Fills min and max of `columns` (one schema's tables) that lack statistics;
// returns why a table's cells stay '-', in table order.
std::vector<BoundsNote> fill_missing_bounds(database::Connection& conn, const std::string& schema,
                                            std::vector<LiveColumn>& columns);

}  // namespace pgdatahub::report
