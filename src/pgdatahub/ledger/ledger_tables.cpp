#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>

#include <fmt/format.h>

#include <string>

namespace pgdatahub::ledger {
namespace {

// Any fixed number: it names the lock that serializes ledger creation.
constexpr const char* ledger_lock_key = "7294017740263121001";

constexpr const char* create_statements[] = {
    R"(CREATE TABLE IF NOT EXISTS public.etl_imports (
  id            BIGSERIAL PRIMARY KEY,
  table_name    VARCHAR(255) NOT NULL,
  source_file   TEXT         NOT NULL,
  file_sha256   VARCHAR(64)  NOT NULL,
  sheet         TEXT,
  status        VARCHAR(20)  NOT NULL,
  row_count     BIGINT       NOT NULL DEFAULT 0,
  byte_size     BIGINT,
  error_message TEXT,
  error_cells   BIGINT       NOT NULL DEFAULT 0,
  nul_removed   BIGINT       NOT NULL DEFAULT 0,
  imported_at   TIMESTAMP    NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  duration_ms   BIGINT,
  reverted_at   TIMESTAMP
))",
    // How the file was read (orchestrator/read_spec); added to ledgers
    // made before it existed.
    R"(ALTER TABLE public.etl_imports ADD COLUMN IF NOT EXISTS read_settings TEXT,
  ADD COLUMN IF NOT EXISTS read_fingerprint VARCHAR(16))",
    // The data table's schema (--schema). Ledgers made before it loaded into
    // the connection's default schema, public for almost everyone.
    R"(ALTER TABLE public.etl_imports ADD COLUMN IF NOT EXISTS schema_name TEXT NOT NULL DEFAULT 'public')",
    // The data root each import came from (as given, canonical, and its
    // `source:` name); unknown (NULL) for imports made before.
    R"(ALTER TABLE public.etl_imports ADD COLUMN IF NOT EXISTS data_root TEXT,
  ADD COLUMN IF NOT EXISTS data_root_canonical TEXT, ADD COLUMN IF NOT EXISTS source_name TEXT)",
    // Exactly once: one loaded import per (schema, table, content). Failed
    // and reverted attempts stay as history and do not block a new load.
    // The index of ledgers made before schemas is replaced.
    "DROP INDEX IF EXISTS public.etl_imports_loaded_once",
    R"(CREATE UNIQUE INDEX IF NOT EXISTS etl_imports_loaded_once_per_schema
  ON public.etl_imports (schema_name, table_name, file_sha256) WHERE status = 'loaded')",
    R"(CREATE INDEX IF NOT EXISTS etl_imports_by_file ON public.etl_imports (table_name, source_file))",
    R"(CREATE TABLE IF NOT EXISTS public.etl_schema_changes (
  id            BIGSERIAL PRIMARY KEY,
  table_name    VARCHAR(255) NOT NULL,
  change_type   VARCHAR(50)  NOT NULL,
  column_name   VARCHAR(255),
  old_type      VARCHAR(100),
  new_type      VARCHAR(100),
  source_file   TEXT,
  etl_import_id BIGINT,
  changed_at    TIMESTAMP    NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
))",
    R"(ALTER TABLE public.etl_schema_changes ADD COLUMN IF NOT EXISTS schema_name TEXT NOT NULL DEFAULT 'public')",
    R"(CREATE INDEX IF NOT EXISTS etl_schema_changes_by_import ON public.etl_schema_changes (etl_import_id))",
    // Ledgers made before source_file was text took paths of at most 500
    // characters; a deeper file could never load, nor its failure be recorded.
    // varchar to text needs no rewrite of the table.
    "ALTER TABLE public.etl_imports ALTER COLUMN source_file TYPE TEXT",
    "ALTER TABLE public.etl_schema_changes ALTER COLUMN source_file TYPE TEXT",
    // Runs and their file queues (ledger/run_queue): workers in any process
    // on any host claim files from here.
    R"(CREATE TABLE IF NOT EXISTS public.etl_runs (
  id            BIGSERIAL PRIMARY KEY,
  data_dir      TEXT         NOT NULL,
  started_by    TEXT         NOT NULL,
  state         VARCHAR(20)  NOT NULL,
  stop_reason   TEXT,
  jobs          INTEGER      NOT NULL DEFAULT 1,
  started_at    TIMESTAMP    NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  finished_at   TIMESTAMP,
  active_ms     BIGINT       NOT NULL DEFAULT 0,
  paused        INTEGER      NOT NULL DEFAULT 0,
  stopped       INTEGER      NOT NULL DEFAULT 0,
  resumed       INTEGER      NOT NULL DEFAULT 0
))",
    R"(CREATE TABLE IF NOT EXISTS public.etl_run_files (
  id            BIGSERIAL PRIMARY KEY,
  run_id        BIGINT       NOT NULL REFERENCES public.etl_runs (id) ON DELETE CASCADE,
  position      INTEGER      NOT NULL,
  source_file   TEXT         NOT NULL,
  table_name    VARCHAR(255) NOT NULL,
  state         VARCHAR(20)  NOT NULL DEFAULT 'pending',
  worker        TEXT,
  claims        INTEGER      NOT NULL DEFAULT 0,
  claimed_at    TIMESTAMP,
  finished_at   TIMESTAMP,
  row_count     BIGINT       NOT NULL DEFAULT 0,
  etl_import_id BIGINT,
  error_message TEXT
))",
    R"(CREATE INDEX IF NOT EXISTS etl_run_files_queue ON public.etl_run_files (run_id, state, position))",
};

// One look at the catalog (pg_attribute, not information_schema, whose
// views cost a fresh database's first run tens of milliseconds):
// - a table of the ledger's name that pgdatahub did not make (a user's own
//   etl_imports) would turn every load into cryptic errors: it is refused
//   once, named. The columns checked are the ones every ledger has had;
// - whether the ledger is current: both tables with text paths and schema
//   names, etl_imports with its reading settings and data roots, and the
//   run queue (every run after the first).
constexpr const char* ledger_state_query = R"(
WITH ledger(name, needed) AS (VALUES
  ('etl_imports', ARRAY['table_name', 'source_file', 'file_sha256', 'status', 'row_count']),
  ('etl_schema_changes', ARRAY['table_name', 'change_type', 'column_name', 'etl_import_id'])),
columns AS (
  SELECT l.name, a.attname, a.atttypid FROM ledger l
  JOIN pg_attribute a ON a.attrelid = to_regclass('public.' || l.name)
  WHERE a.attnum > 0 AND NOT a.attisdropped)
SELECT
  (SELECT min(l.name) FROM ledger l WHERE to_regclass('public.' || l.name) IS NOT NULL
     AND (SELECT count(*) FROM columns c WHERE c.name = l.name AND c.attname = ANY (l.needed))
         <> cardinality(l.needed)),
  (SELECT count(*) FROM columns c WHERE c.attname = 'schema_name') = 2
  AND (SELECT count(*) FROM columns c WHERE c.attname = 'source_file'
       AND c.atttypid = 'text'::regtype) = 2
  AND (SELECT count(*) FROM columns c WHERE c.name = 'etl_imports'
       AND c.attname IN ('read_fingerprint', 'data_root_canonical')) = 2
  AND to_regclass('public.etl_run_files') IS NOT NULL)";

}  // namespace

bool exists(database::Connection& conn) {
  return conn.exec("SELECT to_regclass('public.etl_imports') IS NOT NULL").text(0, 0) == "t";
}

void ensure_ledger_tables(database::Connection& conn) {
  const auto state = conn.exec(ledger_state_query);
  if (!state.is_null(0, 0)) {
    throw Error(fmt::format(
        "the table {} in this database is not a pgdatahub ledger (its columns differ): pgdatahub "
        "keeps its ledger under that name in the public schema; rename that table or use another "
        "database",
        state.text(0, 0)));
  }
  if (state.text(0, 1) == "t") return;

  // One round trip: the lock, then every statement, in the transaction.
  std::string sql = std::string("SELECT pg_advisory_xact_lock(") + ledger_lock_key + ")";
  for (const char* statement : create_statements) sql += std::string(";\n") + statement;
  database::Transaction tx(conn);
  conn.exec(sql);
  tx.commit();
}

}  // namespace pgdatahub::ledger
