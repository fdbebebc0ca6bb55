#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/report/column_bounds.hpp>

#include <fmt/format.h>

#include <span>

namespace pgdatahub::report {
namespace {

// The table's size on disk in pages. pg_class.relpages would be the catalog's
// word, but only VACUUM and ANALYZE update it: for a table loaded since, the
// very case handled here, it still says 0. The file's size costs one stat().
long long table_pages(database::Connection& conn, const std::string& qualified) {
  auto result = conn.exec(
      "SELECT pg_relation_size($1::regclass) / current_setting('block_size')::bigint", {qualified});
  return std::stoll(std::string(result.text(0, 0)));
}

// One scan for all the columns: SELECT min(a)::text, max(a)::text, min(b)...
// Text is how the statistics' values reach the page too.
std::string bounds_sql(const std::string& qualified, std::span<LiveColumn* const> columns) {
  std::string select;
  for (const LiveColumn* c : columns) {
    const auto name = database::quote_identifier(c->column);
    select += fmt::format("{}min({})::text, max({})::text", select.empty() ? "" : ", ", name, name);
  }
  return fmt::format("SELECT {} FROM {}", select, qualified);
}

// Fills the columns' min and max, or says why it could not.
std::optional<std::string> scan_bounds(database::Connection& conn, const std::string& schema,
                                       const std::string& table,
                                       std::span<LiveColumn* const> columns) {
  const auto qualified = database::quote_qualified(schema, table);
  const auto pages = table_pages(conn, qualified);
  if (pages > bounds_scan_page_limit) {
    return fmt::format(
        "min and max: no statistics yet, and the table ({} pages) is larger than the report "
        "scans ({} pages); run ANALYZE on it",
        pages, bounds_scan_page_limit);
  }
  database::Transaction transaction(conn);
  conn.exec(fmt::format("SET LOCAL statement_timeout = '{}'", bounds_scan_timeout));
  try {
    auto result = conn.exec(bounds_sql(qualified, columns));
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const int column = static_cast<int>(2 * i);
      columns[i]->min = result.optional_text(0, column);
      columns[i]->max = result.optional_text(0, column + 1);
    }
  } catch (const database::StatementTimeout&) {
    return fmt::format(
        "min and max: no statistics yet, and reading them took longer than {}; "
        "run ANALYZE on the table",
        bounds_scan_timeout);
  }
  transaction.commit();
  return std::nullopt;
}

}  // namespace

std::vector<BoundsNote> fill_missing_bounds(database::Connection& conn, const std::string& schema,
                                            std::vector<LiveColumn>& columns) {
  std::vector<BoundsNote> notes;
  // The columns come by table; each table's run is handled at its last column.
  std::vector<LiveColumn*> missing;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    LiveColumn& c = columns[i];
    // No pg_stats row at all (null_fraction unset): ANALYZE has not seen it.
    if (c.ranged && !c.null_fraction) missing.push_back(&c);
    const bool last_of_table = i + 1 == columns.size() || columns[i + 1].table != c.table;
    if (!last_of_table || missing.empty()) continue;
    if (auto reason = scan_bounds(conn, schema, c.table, missing)) {
      notes.push_back({c.table, std::move(*reason)});
    }
    missing.clear();
  }
  return notes;
}

}  // namespace pgdatahub::report
