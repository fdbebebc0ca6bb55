#pragma once
// The rows-per-file chart: each loaded file of a table placed by its date
// (from its name when it carries one, else its load time), with the files
// far below or above their siblings marked, drawn as inline SVG.
#include <pgdatahub/ledger/ledger_queries.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::report {

struct FilePoint {
  std::string file;
  std::string date;  // "YYYY-MM-DD", "YYYY-MM" or the load time
  std::int64_t rows = 0;
  bool outlier = false;
};

// The first date a file's name carries: 2024-03-31, 2024_03, 20240331,
// 202403 (years 1900-2099); none when it has none.
std::optional<std::string> date_in_name(std::string_view file);

// The loaded imports in date order, outliers marked: with three files or
// more, a file with under a third or over three times the median's rows.
std::vector<FilePoint> file_points(const std::vector<ledger::ImportRecord>& loaded);

// An <svg> bar chart with a <title> per bar; readable without scripts.
std::string rows_chart_svg(const std::vector<FilePoint>& points);

}  // namespace pgdatahub::report
