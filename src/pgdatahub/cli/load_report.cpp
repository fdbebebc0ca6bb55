#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/load_report.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/cli/progress_display.hpp>
#include <pgdatahub/cli/signals.hpp>
#include <pgdatahub/cli/summary_printer.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/core/utc_time.hpp>
#include <pgdatahub/database/connect.hpp>
#include <pgdatahub/report/report_file.hpp>

#include <cstdio>
#include <optional>
#include <string>

namespace pgdatahub::cli {
namespace {

// The report of the imports since `since`; a report that cannot be written
// is said on stderr and leaves the load's outcome alone.
std::optional<std::string> write_run_report(const orchestrator::LoadRequest& request,
                                            const std::string& path, const std::string& since) {
  try {
    auto target = database::connect(request.settings);
    report::ReportOptions options;
    options.since = since;
    options.schema = request.settings.schema;
    report::write_report(target.connection, options, path);
    return path;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pgdatahub: %s\n", e.what());
    return std::nullopt;
  }
}

// Which config file shaped the run: a folder's settings that seem ignored
// are most often in another file than the one read.
std::string config_line(const std::string& config_path) {
  if (config_path.empty()) return "config: none (no --config, and no config/etl_config.yaml here)";
  return "config: " + printable(config_path);
}

}  // namespace

int load_and_report(std::string_view command, const orchestrator::LoadRequest& request, bool json,
                    const std::string& report_path) {
  ProgressDisplay display(json);
  const auto& stop = install_stop_handlers();
  // This machine's clock; the ledger's times are the server's, so a server
  // whose clock runs behind shows fewer of the run's imports.
  const std::string started = utc_now(UtcStyle::Sql);
  const auto result = orchestrator::run_load(request, display, stop);
  display.finish();
  std::optional<std::string> report;
  if (!report_path.empty() && !result.planned_only) {
    report = write_run_report(request, report_path, started);
  }
  const auto& summary = result.summary;
  if (!result.pause_write_error.empty()) {
    std::fprintf(stderr, "pgdatahub: %s\n", printable(result.pause_write_error).c_str());
  }
  const auto& pause_file = result.pause_file;
  if (json) {
    auto out = summary_json(summary);
    if (!request.settings.skip_db) out["database"] = result.database;
    out["config"] =
        request.config_path.empty() ? nlohmann::json() : nlohmann::json(request.config_path);
    out["warnings"] = result.config_warnings;
    out["schema"] = request.settings.schema;
    out["pause_file"] = result.saved ? nlohmann::json(pause_file.string()) : nlohmann::json();
    out["report"] = report ? nlohmann::json(*report) : nlohmann::json();
    print_json(command, out);
  } else {
    std::printf("%s", summary_text(summary, result.planned_only).c_str());
    std::printf("%s\n", config_line(request.config_path).c_str());
    if (result.saved) {
      std::printf("state saved in %s: continue with `pgdatahub resume`\n",
                  printable(pause_file.string()).c_str());
    }
    if (report) std::printf("report: %s\n", report->c_str());
    if (result.embedded && !result.planned_only) {
      std::printf("open it with: psql '%s'\n", printable(result.database).c_str());
    }
  }
  if (summary.stopped) return exit_stopped;
  return summary.failed > 0 ? exit_some_failed : exit_ok;
}

}  // namespace pgdatahub::cli
