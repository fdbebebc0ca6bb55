#include <pgdatahub/core/error.hpp>
#include <pgdatahub/report/report_file.hpp>
#include <pgdatahub/report/report_page.hpp>

#include <fmt/format.h>

#include <fstream>
#include <system_error>

namespace pgdatahub::report {

void write_report(database::Connection& conn, const ReportOptions& options,
                  const std::filesystem::path& path) {
  const std::string page = render_page(gather_report(conn, options));
  auto partial = path;
  partial += ".partial";
  std::ofstream file(partial, std::ios::binary | std::ios::trunc);
  file << page;
  file.close();
  std::error_code error;
  if (file) std::filesystem::rename(partial, path, error);
  if (!file || error) {
    std::filesystem::remove(partial, error);
    throw Error(fmt::format("cannot write the report to {}: choose a writable path with -o",
                            path.string()));
  }
}

}  // namespace pgdatahub::report
