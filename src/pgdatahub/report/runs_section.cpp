#include <pgdatahub/ledger/run_queue.hpp>
#include <pgdatahub/report/html_text.hpp>
#include <pgdatahub/report/runs_section.hpp>

#include <fmt/format.h>

namespace pgdatahub::report {
namespace {

std::string count_cell(std::int64_t value) {
  return fmt::format("<td class=\"num\" data-v=\"{}\">{}</td>", value, grouped(value));
}

bool pending(const ledger::RunRecord& run) {
  return run.state == ledger::run_running || run.state == ledger::run_stopped;
}

std::string runs_table(const std::vector<ledger::RunRecord>& runs) {
  std::string html =
      "<table class=\"sortable\"><thead><tr><th class=\"num\">run</th><th>started (UTC)</th>"
      "<th>folder</th><th>state</th><th class=\"num\">seconds</th><th class=\"num\">files</th>"
      "<th class=\"num\">failed</th><th class=\"num\">rows</th><th class=\"num\">rows/s</th>"
      "<th class=\"num\">workers</th><th class=\"num\">paused</th><th class=\"num\">stopped</th>"
      "<th class=\"num\">resumed</th></tr></thead><tbody>";
  for (const auto& run : runs) {
    // Seconds of the sessions that started or resumed the run: its pauses
    // count, the time it lay stopped does not.
    const double seconds = static_cast<double>(run.active_ms) / 1000.0;
    const std::string rate =
        run.active_ms > 0
            ? count_cell(static_cast<std::int64_t>(static_cast<double>(run.rows) / seconds))
            : "<td class=\"num\">-</td>";
    html += fmt::format(
        "<tr><td class=\"num\" data-v=\"{}\">{}</td><td>{}</td><td class=\"file\">{}</td>"
        "<td>{}</td><td class=\"num\" data-v=\"{:.3f}\">{:.2f}</td>{}{}{}{}{}{}{}{}</tr>",
        run.id, run.id, escape(run.started_at), escape(run.data_dir), escape(run.state), seconds,
        seconds, count_cell(run.done), count_cell(run.failed), count_cell(run.rows), rate,
        count_cell(run.jobs), count_cell(run.paused), count_cell(run.stopped),
        count_cell(run.resumed));
  }
  if (runs.empty()) html += "<tr><td colspan=\"13\">No run recorded yet.</td></tr>";
  return html + "</tbody></table>";
}

std::string pending_list(const std::vector<ledger::RunRecord>& runs) {
  std::string items;
  for (const auto& run : runs) {
    if (!pending(run)) continue;
    items += fmt::format(
        "<li>Run {} of <span class=\"file\">{}</span>, {} since {} UTC{}: {} of {} files "
        "waiting, {} being loaded. {}</li>",
        run.id, escape(run.data_dir), escape(run.state), escape(run.started_at),
        run.stop_reason.empty() ? "" : " (" + escape(run.stop_reason) + ")", grouped(run.pending),
        grouped(run.files), grouped(run.claimed),
        run.state == ledger::run_stopped ? "Continue it with <code>pgdatahub resume</code>."
                                         : "More workers join with <code>pgdatahub etl "
                                           "--worker</code>.");
  }
  if (items.empty()) return "<p class=\"muted\">No run is pending.</p>";
  return "<ul class=\"pending-runs\">" + items + "</ul>";
}

}  // namespace

std::string runs_section(const std::vector<ledger::RunRecord>& runs) {
  return "<section id=\"runs\"><h2>Runs</h2>" + runs_table(runs) + "<h3>Pending runs</h3>" +
         pending_list(runs) + "</section>";
}

}  // namespace pgdatahub::report
