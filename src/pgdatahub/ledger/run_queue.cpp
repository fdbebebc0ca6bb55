#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/run_queue.hpp>
#include <pgdatahub/ledger/run_records.hpp>

#include <nlohmann/json.hpp>

namespace pgdatahub::ledger {
namespace {

// The key of the claim lock of the queue row whose id is $1.
std::string claim_key() { return claim_lock_key_sql("$1"); }

std::string text(std::string_view value) { return std::string(value); }

// The files as one JSON parameter, read back with json_to_recordset: values
// travel as a parameter, and 10,000 files cost one round trip.
std::string files_json(const std::vector<QueuedFile>& files) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    rows.push_back(
        {{"position", i}, {"source_file", files[i].source_file}, {"table_name", files[i].table}});
  }
  return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<ClaimedFile> take(database::Connection& conn, const database::Result& row,
                                const std::string& worker) {
  ClaimedFile file{row.int64(0, 0), text(row.text(0, 1)), text(row.text(0, 2)), 0};
  auto updated = conn.exec(
      "UPDATE public.etl_run_files SET state = $2, worker = $3, claims = claims + 1, claimed_at = "
      "(now() AT TIME ZONE 'UTC') WHERE id = $1 RETURNING claims",
      {std::to_string(file.id), text(file_claimed), worker});
  file.claims = static_cast<int>(updated.int64(0, 0));
  return file;
}

// Queue bookkeeping commits without waiting for its WAL to reach disk: a
// claim or an outcome lost in a server crash is settled again (a claim whose
// lock nobody holds is taken over, and the file found loaded by its
// SHA-256), so the two extra commits per file cost no fsync.
void without_flush_wait(database::Connection& conn) {
  conn.exec("SET LOCAL synchronous_commit = off");
}

std::size_t count_in_state(database::Connection& conn, std::int64_t run, std::string_view state) {
  return static_cast<std::size_t>(
      conn.exec("SELECT count(*) FROM public.etl_run_files WHERE run_id = $1 AND state = $2",
                {std::to_string(run), text(state)})
          .int64(0, 0));
}

}  // namespace

std::string claim_lock_key_sql(std::string_view id_sql) {
  return "hashtextextended('pgdatahub run file ' || " + std::string(id_sql) + ", 0)";
}

std::int64_t start_run(database::Connection& conn, const std::string& data_dir,
                       const std::string& started_by, std::size_t jobs,
                       const std::vector<QueuedFile>& files) {
  database::Transaction tx(conn);
  conn.exec("UPDATE public.etl_runs SET state = $2 WHERE data_dir = $1 AND state = $3",
            {data_dir, text(run_replaced), text(run_stopped)});
  const auto run =
      conn.exec(
              "INSERT INTO public.etl_runs (data_dir, started_by, state, jobs) VALUES ($1, "
              "$2, $3, $4) RETURNING id",
              {data_dir, started_by, text(run_running), std::to_string(jobs)})
          .int64(0, 0);
  conn.exec(
      "INSERT INTO public.etl_run_files (run_id, position, source_file, table_name) SELECT $1, "
      "f.position, f.source_file, f.table_name FROM json_to_recordset($2::json) AS f(position "
      "integer, source_file text, table_name text)",
      {std::to_string(run), files_json(files)});
  tx.commit();
  return run;
}

std::optional<std::int64_t> unfinished_run(database::Connection& conn,
                                           const std::string& data_dir) {
  auto result = conn.exec(
      "SELECT id FROM public.etl_runs WHERE data_dir = $1 AND state IN ($2, $3) ORDER BY id DESC "
      "LIMIT 1",
      {data_dir, text(run_running), text(run_stopped)});
  if (result.rows() == 0) return std::nullopt;
  return result.int64(0, 0);
}

std::optional<std::int64_t> running_run(database::Connection& conn) {
  auto result =
      conn.exec("SELECT id FROM public.etl_runs WHERE state = $1 ORDER BY id DESC LIMIT 1",
                {text(run_running)});
  if (result.rows() == 0) return std::nullopt;
  return result.int64(0, 0);
}

void reopen_run(database::Connection& conn, std::int64_t run,
                const std::vector<QueuedFile>& files) {
  const std::string id = std::to_string(run);
  database::Transaction tx(conn);
  conn.exec(
      "UPDATE public.etl_runs SET state = $2, stop_reason = NULL, finished_at = NULL, resumed = "
      "resumed "
      "+ 1 WHERE id = $1",
      {id, text(run_running)});
  // Positions after every existing one, in the order the resume loads in;
  // a file claimed meanwhile keeps its claim, and one another process's
  // worker finished (the pause file knows only its own) stays done.
  conn.exec(
      "WITH wanted AS (SELECT f.position + (SELECT coalesce(max(position), 0) + 1 FROM "
      "public.etl_run_files WHERE run_id = $1) AS position, f.source_file, f.table_name FROM "
      "json_to_recordset($2::json) AS f(position integer, source_file text, table_name text)), "
      "moved AS (UPDATE public.etl_run_files q SET state = $3, position = w.position, worker = "
      "NULL FROM "
      "wanted w WHERE q.run_id = $1 AND q.source_file = w.source_file AND q.state IN ($3, $4) "
      "RETURNING q.source_file) "
      "INSERT INTO public.etl_run_files (run_id, position, source_file, table_name) SELECT $1, "
      "w.position, w.source_file, w.table_name FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM "
      "public.etl_run_files q WHERE q.run_id = $1 AND q.source_file = w.source_file)",
      {id, files_json(files), text(file_pending), "failed"});
  tx.commit();
}

std::optional<ClaimedFile> claim_next(database::Connection& conn, std::int64_t run,
                                      const std::string& worker) {
  const std::string id = std::to_string(run);
  database::Transaction tx(conn);
  without_flush_wait(conn);
  conn.exec("SELECT pg_advisory_xact_lock(hashtextextended('pgdatahub run ' || $1, 0))", {id});
  if (!is_running(conn, run)) return std::nullopt;
  // A claim whose session lock is free belongs to a worker that died: its
  // file is taken over before anything else.
  auto orphans = conn.exec(
      "SELECT id, source_file, table_name FROM public.etl_run_files WHERE run_id = $1 AND state = "
      "$2 "
      "ORDER BY position FOR UPDATE SKIP LOCKED",
      {id, text(file_claimed)});
  for (int row = 0; row < orphans.rows(); ++row) {
    const std::string file_id(orphans.text(row, 0));
    if (conn.exec("SELECT pg_try_advisory_lock(" + claim_key() + ")", {file_id}).text(0, 0) ==
        "t") {
      auto one = conn.exec(
          "SELECT id, source_file, table_name FROM public.etl_run_files WHERE id = $1", {file_id});
      auto claimed = take(conn, one, worker);
      tx.commit();
      return claimed;
    }
  }
  // A table no worker is loading comes first: workers spread over the
  // folders, each loading its folder in order (and preparing the next file
  // of it ahead), rather than queueing behind the one that creates a table.
  // Files of one table are then claimed at once too: the loads share the
  // table and take turns only for schema changes (table_locks). Alone, a
  // worker skips the first query: no table is busy.
  database::Result next(nullptr);
  const auto busy = conn.exec(
      "SELECT coalesce(array_agg(DISTINCT table_name), '{}') FROM public.etl_run_files "
      "WHERE run_id = $1 AND state = $2",
      {id, text(file_claimed)});
  if (busy.text(0, 0) != "{}") {
    next = conn.exec(
        "SELECT f.id, f.source_file, f.table_name FROM public.etl_run_files f WHERE f.run_id = $1 "
        "AND f.state = $2 AND f.table_name <> ALL($3::text[]) ORDER BY f.position LIMIT 1 "
        "FOR UPDATE SKIP LOCKED",
        {id, text(file_pending), std::string(busy.text(0, 0))});
  }
  if (next.rows() == 0) {
    next = conn.exec(
        "SELECT f.id, f.source_file, f.table_name FROM public.etl_run_files f WHERE f.run_id = $1 "
        "AND f.state = $2 ORDER BY f.position LIMIT 1 FOR UPDATE SKIP LOCKED",
        {id, text(file_pending)});
  }
  if (next.rows() == 0) return std::nullopt;
  conn.exec("SELECT pg_advisory_lock(" + claim_key() + ")", {std::string(next.text(0, 0))});
  auto claimed = take(conn, next, worker);
  tx.commit();
  return claimed;
}

void finish_file(database::Connection& conn, const ClaimedFile& file, const FileResult& result) {
  const std::string id = std::to_string(file.id);
  database::Transaction tx(conn);
  without_flush_wait(conn);
  conn.exec(
      "UPDATE public.etl_run_files SET state = $2, row_count = $3, etl_import_id = $4, "
      "error_message = "
      "$5, finished_at = (now() AT TIME ZONE 'UTC') WHERE id = $1",
      {id, result.state, std::to_string(result.rows),
       result.import_id > 0 ? database::Param(std::to_string(result.import_id)) : std::nullopt,
       result.error.empty() ? std::nullopt : database::Param(result.error)});
  tx.commit();
  conn.exec("SELECT pg_advisory_unlock(" + claim_key() + ")", {id});
}

void release_file(database::Connection& conn, const ClaimedFile& file) {
  const std::string id = std::to_string(file.id);
  database::Transaction tx(conn);
  without_flush_wait(conn);
  conn.exec("UPDATE public.etl_run_files SET state = $2, worker = NULL WHERE id = $1",
            {id, text(file_pending)});
  tx.commit();
  conn.exec("SELECT pg_advisory_unlock(" + claim_key() + ")", {id});
}

std::size_t claimed_count(database::Connection& conn, std::int64_t run) {
  return count_in_state(conn, run, file_claimed);
}

std::size_t pending_count(database::Connection& conn, std::int64_t run) {
  return count_in_state(conn, run, file_pending);
}

bool is_running(database::Connection& conn, std::int64_t run) {
  return conn.exec("SELECT state = $2 FROM public.etl_runs WHERE id = $1",
                   {std::to_string(run), text(run_running)})
             .text(0, 0) == "t";
}

bool finish_if_done(database::Connection& conn, std::int64_t run) {
  auto result = conn.exec(
      "UPDATE public.etl_runs SET state = $2, finished_at = (now() AT TIME ZONE 'UTC') WHERE id = "
      "$1 "
      "AND state = $3 AND NOT EXISTS (SELECT 1 FROM public.etl_run_files WHERE run_id = $1 AND "
      "state "
      "IN ($4, $5)) RETURNING id",
      {std::to_string(run), text(run_finished), text(run_running), text(file_pending),
       text(file_claimed)});
  if (result.rows() > 0) return true;
  return conn.exec("SELECT state = $2 FROM public.etl_runs WHERE id = $1",
                   {std::to_string(run), text(run_finished)})
             .text(0, 0) == "t";
}

void stop_run(database::Connection& conn, std::int64_t run, const std::string& reason) {
  conn.exec(
      "UPDATE public.etl_runs SET state = $2, stop_reason = $3, stopped = stopped + 1, finished_at "
      "= "
      "(now() AT TIME ZONE 'UTC') WHERE id = $1 AND state = $4",
      {std::to_string(run), text(run_stopped), reason, text(run_running)});
}

void count_pause(database::Connection& conn, std::int64_t run) {
  conn.exec("UPDATE public.etl_runs SET paused = paused + 1 WHERE id = $1", {std::to_string(run)});
}

void add_active_time(database::Connection& conn, std::int64_t run, std::int64_t milliseconds) {
  conn.exec("UPDATE public.etl_runs SET active_ms = active_ms + $2 WHERE id = $1",
            {std::to_string(run), std::to_string(milliseconds)});
}

std::vector<ClaimRecord> claims_of(database::Connection& conn, std::int64_t run) {
  // A live claim's lock as pg_locks shows a bigint advisory key: its high
  // and low 32 bits, objsubid 1.
  auto result = conn.exec(
      "SELECT f.worker, f.source_file, f.table_name, to_char(f.claimed_at, 'YYYY-MM-DD "
      "HH24:MI:SS'), EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND "
      "l.objsubid = 1 AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = " +
          claim_lock_key_sql("f.id") +
          ") FROM public.etl_run_files f WHERE f.run_id = $1 AND f.state = $2 ORDER BY f.position",
      {std::to_string(run), text(file_claimed)});
  std::vector<ClaimRecord> claims;
  claims.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    claims.push_back(ClaimRecord{text(result.text(row, 0)), text(result.text(row, 1)),
                                 text(result.text(row, 2)), text(result.text(row, 3)),
                                 result.text(row, 4) == "t"});
  }
  return claims;
}

}  // namespace pgdatahub::ledger
