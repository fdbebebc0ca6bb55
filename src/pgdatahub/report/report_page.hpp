#pragma once
// The load report as one self-contained HTML page: styles, charts (SVG) and
// the small script that sorts tables are inline, nothing is fetched, and the
// page reads and prints without the script.
#include <pgdatahub/report/report_data.hpp>

#include <string>

namespace pgdatahub::report {

std::string render_page(const ReportData& data);

}  // namespace pgdatahub::report
