#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/run_queue.hpp>
#include <pgdatahub/ledger/run_records.hpp>

namespace pgdatahub::ledger {

std::vector<RunRecord> run_records(database::Connection& conn, const std::string& since_utc,
                                   bool unfinished_only) {
  std::vector<RunRecord> runs;
  if (conn.exec("SELECT to_regclass('public.etl_run_files') IS NOT NULL").text(0, 0) != "t")
    return runs;
  auto result = conn.exec(
      "SELECT r.id, r.data_dir, r.started_by, r.state, coalesce(r.stop_reason, ''), r.jobs, "
      "to_char(r.started_at, 'YYYY-MM-DD HH24:MI:SS'), to_char(r.finished_at, 'YYYY-MM-DD "
      "HH24:MI:SS'), r.active_ms, r.paused, r.stopped, r.resumed, count(f.id), "
      "count(f.id) FILTER (WHERE f.state IN ('loaded', 'duplicate', 'empty')), "
      "count(f.id) FILTER (WHERE f.state = 'failed'), "
      "count(f.id) FILTER (WHERE f.state = $2), count(f.id) FILTER (WHERE f.state = $3), "
      "coalesce(sum(f.row_count), 0) FROM public.etl_runs r LEFT JOIN public.etl_run_files f ON "
      "f.run_id = "
      "r.id WHERE ($1 = '' OR r.started_at >= $1::timestamp) AND (NOT $4 OR r.state IN ($5, "
      "$6)) GROUP BY r.id ORDER BY r.id DESC",
      {since_utc, std::string(file_pending), std::string(file_claimed),
       unfinished_only ? "true" : "false", std::string(run_running), std::string(run_stopped)});
  for (int row = 0; row < result.rows(); ++row) {
    RunRecord run;
    run.id = result.int64(row, 0);
    run.data_dir = std::string(result.text(row, 1));
    run.started_by = std::string(result.text(row, 2));
    run.state = std::string(result.text(row, 3));
    run.stop_reason = std::string(result.text(row, 4));
    run.jobs = result.int64(row, 5);
    run.started_at = std::string(result.text(row, 6));
    run.finished_at = result.optional_text(row, 7);
    run.active_ms = result.int64(row, 8);
    run.paused = result.int64(row, 9);
    run.stopped = result.int64(row, 10);
    run.resumed = result.int64(row, 11);
    run.files = result.int64(row, 12);
    run.done = result.int64(row, 13);
    run.failed = result.int64(row, 14);
    run.pending = result.int64(row, 15);
    run.claimed = result.int64(row, 16);
    run.rows = result.int64(row, 17);
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace pgdatahub::ledger
