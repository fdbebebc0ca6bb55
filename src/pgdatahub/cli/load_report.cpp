#include <cstdio>
#include <pgdatahub/cli/load_report.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/cli/progress_display.hpp>
#include <pgdatahub/cli/signals.hpp>
#include <pgdatahub/cli/summary_printer.hpp>
#include <pgdatahub/core/printable.hpp>

namespace pgdatahub::cli {

int load_and_report(const orchestrator::LoadRequest& request, bool json) {
  ProgressDisplay display(json);
  const auto& stop = install_stop_handlers();
  const auto result = orchestrator::run_load(request, display, stop);
  const auto& summary = result.summary;
  if (!result.pause_write_error.empty()) {
    std::fprintf(stderr, "pgdatahub: %s\n", printable(result.pause_write_error).c_str());
  }
  const auto& pause_file = request.settings.pause_file;
  if (json) {
    auto out = summary_json(summary);
    if (!request.settings.skip_db) out["database"] = result.database;
    out["pause_file"] = result.saved ? nlohmann::json(pause_file.string()) : nlohmann::json();
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::printf("%s", summary_text(summary, result.planned_only).c_str());
    if (result.saved) {
      std::printf("state saved in %s: continue with `pgdatahub resume`\n",
                  printable(pause_file.string()).c_str());
    }
    if (result.embedded && !result.planned_only) {
      std::printf("open it with: psql '%s'\n", printable(result.database).c_str());
    }
  }
  if (summary.stopped) return exit_stopped;
  return summary.failed > 0 ? exit_some_failed : exit_ok;
}

}  // namespace pgdatahub::cli
