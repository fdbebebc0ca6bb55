#include <pgdatahub/report/page_style.hpp>

namespace pgdatahub::report {

const std::string_view page_style = R"css(
:root { color-scheme: light dark; --fg: #1a202c; --bg: #ffffff; --muted: #4a5568;
  --line: #cbd5e0; --bar: #2b6cb0; --outlier: #c05621; --bad: #9b2c2c; --head: #edf2f7; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e2e8f0; --bg: #1a202c; --muted: #a0aec0; --line: #4a5568; --bar: #63b3ed;
    --outlier: #f6ad55; --bad: #feb2b2; --head: #2d3748; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg);
  max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: var(--head); }
table.sortable th { cursor: pointer; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .file { font-family: ui-monospace, monospace; font-size: .9em; overflow-wrap: anywhere; }
.chart { width: 100%; max-width: 720px; height: auto; }
.chart .bar { fill: var(--bar); } .chart .outlier { fill: var(--outlier); }
.chart .axis { stroke: var(--muted); } .chart text { fill: var(--muted); font-size: 11px; }
.chart .mark { fill: var(--outlier); font-weight: bold; }
.outlier-text { color: var(--outlier); } .failed { color: var(--bad); }
nav ol { columns: 2; }
@media print { nav { display: none; } section { break-inside: avoid-page; }
  body { max-width: none; } }
)css";

const std::string_view page_script = R"js(
document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.tabIndex = 0;
  function sort() {
    var body = th.closest('table').tBodies[0], i = th.cellIndex;
    var up = th.getAttribute('aria-sort') !== 'ascending';
    th.closest('tr').querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
    function key(row) { var c = row.cells[i]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; }
    Array.from(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? r : -r;
    }).forEach(function (row) { body.appendChild(row); });
  }
  th.addEventListener('click', sort);
  th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
});
)js";

}  // namespace pgdatahub::report
