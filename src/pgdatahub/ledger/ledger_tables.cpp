#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <string>

namespace pgdatahub::ledger {
namespace {

// Any fixed number: it names the lock that serializes ledger creation.
constexpr const char* ledger_lock_key = "7294017740263121001";

constexpr const char* create_statements[] = {
    R"(CREATE TABLE IF NOT EXISTS etl_imports (
  id            BIGSERIAL PRIMARY KEY,
  table_name    VARCHAR(255) NOT NULL,
  source_file   VARCHAR(500) NOT NULL,
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
    R"(ALTER TABLE etl_imports ADD COLUMN IF NOT EXISTS read_settings TEXT,
  ADD COLUMN IF NOT EXISTS read_fingerprint VARCHAR(16))",
    // Exactly once: one loaded import per (table, content). Failed and
    // reverted attempts stay as history and do not block a new load.
    R"(CREATE UNIQUE INDEX IF NOT EXISTS etl_imports_loaded_once
  ON etl_imports (table_name, file_sha256) WHERE status = 'loaded')",
    R"(CREATE INDEX IF NOT EXISTS etl_imports_by_file ON etl_imports (table_name, source_file))",
    R"(CREATE TABLE IF NOT EXISTS etl_schema_changes (
  id            BIGSERIAL PRIMARY KEY,
  table_name    VARCHAR(255) NOT NULL,
  change_type   VARCHAR(50)  NOT NULL,
  column_name   VARCHAR(255),
  old_type      VARCHAR(100),
  new_type      VARCHAR(100),
  source_file   VARCHAR(500),
  etl_import_id BIGINT,
  changed_at    TIMESTAMP    NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
))",
    R"(CREATE INDEX IF NOT EXISTS etl_schema_changes_by_import ON etl_schema_changes (etl_import_id))",
};

}  // namespace

bool exists(database::Connection& conn) {
  return conn.exec("SELECT to_regclass('etl_imports') IS NOT NULL").text(0, 0) == "t";
}

void lock_table(database::Connection& conn, const std::string& table) {
  conn.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {"pgdatahub table " + table});
}

void ensure_ledger_tables(database::Connection& conn) {
  // Fast path: both tables exist (every run after the first).
  auto existing = conn.exec(
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
      "AND c.relname IN ('etl_imports', 'etl_schema_changes') "
      "AND (c.relname <> 'etl_imports' OR EXISTS (SELECT 1 FROM pg_attribute a "
      "WHERE a.attrelid = c.oid AND a.attname = 'read_fingerprint' AND NOT a.attisdropped))");
  if (existing.int64(0, 0) == 2) return;

  // One round trip: the lock, then every statement, in the transaction.
  std::string sql = std::string("SELECT pg_advisory_xact_lock(") + ledger_lock_key + ")";
  for (const char* statement : create_statements) sql += std::string(";\n") + statement;
  database::Transaction tx(conn);
  conn.exec(sql);
  tx.commit();
}

}  // namespace pgdatahub::ledger
