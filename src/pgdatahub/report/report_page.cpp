#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/report/failure_groups.hpp>
#include <pgdatahub/report/html_text.hpp>
#include <pgdatahub/report/page_style.hpp>
#include <pgdatahub/report/report_page.hpp>
#include <pgdatahub/report/rows_chart.hpp>
#include <pgdatahub/report/runs_section.hpp>
#include <pgdatahub/report/schema_timeline.hpp>

#include <fmt/format.h>

#include <cmath>

namespace pgdatahub::report {
namespace {

// The imports listed at the end; the chart and the failures show them all.
constexpr std::size_t recent_imports = 200;

std::string number_cell(std::int64_t value) {
  return fmt::format("<td class=\"num\" data-v=\"{}\">{}</td>", value, grouped(value));
}

// Section ids are positions, never names: a name is text, not markup.
std::string table_anchor(std::size_t index) { return fmt::format("table-{}", index + 1); }

template <typename Record>
std::vector<Record> of_table(const std::vector<Record>& records, const std::string& table) {
  std::vector<Record> kept;
  for (const auto& r : records) {
    if (r.table == table) kept.push_back(r);
  }
  return kept;
}

std::string summary_section(const ReportData& data) {
  std::string html =
      "<section id=\"tables\"><h2>Tables</h2><table class=\"sortable\"><thead><tr>"
      "<th>table</th><th class=\"num\">files</th><th class=\"num\">rows</th>"
      "<th class=\"num\">columns</th><th class=\"num\">failed</th>"
      "<th class=\"num\">reverted</th><th>last load (UTC)</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < data.tables.size(); ++i) {
    const auto& t = data.tables[i];
    html += fmt::format(
        "<tr><td><a href=\"#{}\">{}</a>{}</td>{}{}{}{}{}<td>{}</td></tr>", table_anchor(i),
        escape(t.table), t.table_exists ? "" : " <span class=\"muted\">(dropped)</span>",
        number_cell(t.files), number_cell(t.rows), number_cell(t.columns), number_cell(t.failed),
        number_cell(t.reverted), escape(t.last_import.value_or("-")));
  }
  if (data.tables.empty()) html += "<tr><td colspan=\"7\">No imports yet.</td></tr>";
  return html + "</tbody></table></section>";
}

std::string change_text(const ledger::SchemaChangeRecord& c) {
  if (c.old_type && c.new_type) {
    return fmt::format("{} &rarr; {}", escape(*c.old_type), escape(*c.new_type));
  }
  if (c.new_type) return escape(*c.new_type);
  return c.old_type ? escape(*c.old_type) : "";
}

std::string timeline_table(const std::vector<ledger::SchemaChangeRecord>& oldest) {
  std::string html =
      "<h3>Schema timeline</h3><table class=\"timeline\"><thead><tr><th>time (UTC)</th>"
      "<th>change</th><th>column</th><th>type</th><th>caused by</th></tr></thead><tbody>";
  for (const auto& c : oldest) {
    const std::string cause =
        c.file ? fmt::format("<span class=\"file\">{}</span>{}", escape(*c.file),
                             c.import_id ? fmt::format(" (import #{})", *c.import_id) : "")
               : std::string("-");
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(c.changed_at), escape(c.change), escape(c.column.value_or("")),
                        change_text(c), cause);
  }
  if (oldest.empty()) html += "<tr><td colspan=\"5\">No schema changes in this period.</td></tr>";
  return html + "</tbody></table>";
}

std::string type_path(const ColumnPath& path) {
  std::string text;
  for (const auto& type : path.types) text += (text.empty() ? "" : " &rarr; ") + escape(type);
  return text;
}

std::string share(const std::optional<double>& fraction) {
  return fraction ? fmt::format("<td class=\"num\" data-v=\"{0:.4f}\">{1:.1f}%</td>", *fraction,
                                *fraction * 100)
                  : "<td class=\"num\">-</td>";
}

std::string estimate(const std::optional<double>& count) {
  // The estimates are never negative (report_data), so llround rounds half up as before.
  return count ? number_cell(static_cast<std::int64_t>(std::llround(*count)))
               : "<td class=\"num\">-</td>";
}

// A least or greatest value as PostgreSQL prints it (plain numbers, ISO dates).
std::string bound_cell(const std::optional<std::string>& value) {
  return value ? fmt::format("<td class=\"num\" data-v=\"{0}\">{0}</td>", escape(*value))
               : "<td class=\"num\">-</td>";
}

// Why the table's min and max cells show '-', when they do for a reason.
std::string bounds_note(const ReportData& data, const std::string& table) {
  for (const auto& note : data.bounds_notes) {
    if (note.table == table) return fmt::format("<p class=\"muted\">{}</p>", escape(note.reason));
  }
  return "";
}

// The live columns with their statistics, then the columns a revert dropped.
std::string columns_table(const ReportData& data, const std::string& table,
                          const std::vector<ColumnPath>& paths) {
  std::string rows;
  auto path_of = [&](const std::string& column) -> const ColumnPath* {
    for (const auto& p : paths) {
      if (p.column == column) return &p;
    }
    return nullptr;
  };
  for (const auto& c : data.columns) {
    if (c.table != table) continue;
    const ColumnPath* path = path_of(c.column);
    rows += fmt::format("<tr><td>{}</td><td>{}</td>{}{}{}{}<td>{}</td></tr>", escape(c.column),
                        escape(c.type), share(c.null_fraction), estimate(c.distinct),
                        bound_cell(c.min), bound_cell(c.max),
                        path && !path->dropped ? type_path(*path) : "unchanged since it was added");
  }
  for (const auto& p : paths) {
    if (!p.dropped) continue;
    rows += fmt::format(
        "<tr><td>{}</td><td>dropped</td><td class=\"num\">-</td><td class=\"num\">-</td>"
        "<td class=\"num\">-</td><td class=\"num\">-</td><td>{}</td></tr>",
        escape(p.column), type_path(p));
  }
  if (rows.empty()) return "";
  return "<h3>Columns</h3><table class=\"sortable columns\"><thead><tr><th>column</th>"
         "<th>type</th><th class=\"num\">NULLs</th><th class=\"num\">distinct (est.)</th>"
         "<th class=\"num\">min</th><th class=\"num\">max</th>"
         "<th>path through the lattice</th></tr></thead><tbody>" +
         rows + "</tbody></table>" + bounds_note(data, table);
}

std::string outlier_list(const std::vector<FilePoint>& points) {
  std::string items;
  for (const auto& p : points) {
    if (!p.outlier) continue;
    items += fmt::format("<li><span class=\"file\">{}</span> ({}): {} rows</li>", escape(p.file),
                         escape(p.date), grouped(p.rows));
  }
  if (items.empty()) return "";
  return "<p class=\"outlier-text\">Files far below or above their siblings (marked !):</p><ul "
         "class=\"outliers\">" +
         items + "</ul>";
}

std::string table_section(const ReportData& data, std::size_t index) {
  const auto& table = data.tables[index].table;
  const auto points = file_points(of_table(data.history.imports, table));
  const auto changes = oldest_first(of_table(data.history.schema_changes, table));
  return fmt::format(
      "<section id=\"{}\" class=\"table-report\"><h2>Table {}</h2>"
      "<h3>Rows per file</h3>{}{}{}{}</section>",
      table_anchor(index), escape(table), rows_chart_svg(points), outlier_list(points),
      timeline_table(changes), columns_table(data, table, column_paths(changes)));
}

std::string failures_section(const ReportData& data) {
  std::string html = "<section id=\"failures\"><h2>Failures</h2>";
  const auto groups = group_failures(data.history.imports);
  if (groups.empty()) html += "<p>No failed files.</p>";
  for (const auto& g : groups) {
    html += fmt::format("<h3 class=\"failure-group\" data-kind=\"{}\">{}: {} ({} {})</h3><ul>",
                        kind_name(g.kind), kind_name(g.kind), escape(g.reason), g.imports.size(),
                        g.imports.size() == 1 ? "file" : "files");
    for (const auto& i : g.imports) {
      html += fmt::format(
          "<li><span class=\"file\">{}</span> &rarr; {} at {}<br><code class=\"failed\">{}</code>"
          "</li>",
          escape(i.file), escape(i.table), escape(i.imported_at), escape(i.error.value_or("")));
    }
    html += "</ul>";
  }
  return html + "</section>";
}

std::string imports_section(const ReportData& data) {
  const auto& imports = data.history.imports;
  std::string html = fmt::format(
      "<section id=\"imports\"><h2>Imports</h2><p class=\"muted\">The {} most recent of {}.</p>"
      "<table class=\"sortable\"><thead><tr><th>time (UTC)</th><th>table</th><th>file</th>"
      "<th>status</th><th class=\"num\">rows</th><th class=\"num\">seconds</th>"
      "<th class=\"num\">rows/s</th></tr></thead><tbody>",
      std::min(imports.size(), recent_imports), imports.size());
  for (std::size_t n = 0; n < imports.size() && n < recent_imports; ++n) {
    const auto& i = imports[n];
    const double seconds = static_cast<double>(i.duration_ms.value_or(0)) / 1000.0;
    const std::string rate =
        i.duration_ms && *i.duration_ms > 0
            ? number_cell(static_cast<std::int64_t>(static_cast<double>(i.rows) / seconds))
            : "<td class=\"num\">-</td>";
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"file\">{}</td><td>{}</td>{}<td class=\"num\" "
        "data-v=\"{:.3f}\">{:.2f}</td>{}</tr>",
        escape(i.imported_at), escape(i.table), escape(i.file), escape(i.status),
        number_cell(i.rows), seconds, seconds, rate);
  }
  return html + "</tbody></table></section>";
}

std::string contents(const ReportData& data) {
  std::string items = "<li><a href=\"#tables\">Tables</a></li>";
  for (std::size_t i = 0; i < data.tables.size(); ++i) {
    items += fmt::format("<li><a href=\"#{}\">Table {}</a></li>", table_anchor(i),
                         escape(data.tables[i].table));
  }
  items +=
      "<li><a href=\"#failures\">Failures</a></li><li><a href=\"#runs\">Runs</a></li>"
      "<li><a href=\"#imports\">Imports</a></li>";
  return "<nav aria-label=\"contents\"><h2>Contents</h2><ol>" + items + "</ol></nav>";
}

}  // namespace

std::string render_page(const ReportData& data) {
  std::string scope;
  if (data.table) scope += " for table " + escape(*data.table);
  if (data.since) scope += " since " + escape(*data.since) + " UTC";
  std::string html = fmt::format(
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
      "<title>pgdatahub load report</title><style>{}</style></head><body>"
      "<header><h1>pgdatahub load report</h1><p class=\"muted\">Generated {} UTC{}.</p></header>",
      page_style, escape(data.generated_at), scope);
  html += contents(data);
  html += "<main>" + summary_section(data);
  for (std::size_t i = 0; i < data.tables.size(); ++i) html += table_section(data, i);
  html += failures_section(data) + runs_section(data.runs) + imports_section(data) + "</main>";
  return html + fmt::format("<script>{}</script></body></html>\n", page_script);
}

}  // namespace pgdatahub::report
