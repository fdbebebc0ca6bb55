#pragma once
// The report as a file: gathered, rendered and written whole (a temporary
// file renamed into place), so a reader never opens half a page.
#include <pgdatahub/report/report_data.hpp>

#include <filesystem>

namespace pgdatahub::report {

// Throws Error naming the path when it cannot be written, ConfigError for a
// bad --since; an existing file is replaced only by a complete page.
void write_report(database::Connection& conn, const ReportOptions& options,
                  const std::filesystem::path& path);

}  // namespace pgdatahub::report
