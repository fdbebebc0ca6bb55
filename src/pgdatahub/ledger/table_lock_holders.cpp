#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/run_queue.hpp>
#include <pgdatahub/ledger/table_lock_holders.hpp>
#include <pgdatahub/ledger/table_locks.hpp>

namespace pgdatahub::ledger {
namespace {

// A bigint advisory key as pg_locks shows it (alias `l`): its high and low
// 32 bits in classid and objid, objsubid 1.
constexpr const char* advisory_key = "((l.classid::bigint << 32) | l.objid::bigint)";

std::string holders_sql() {
  const std::string key = advisory_key;
  return "WITH holders AS (SELECT DISTINCT h.pid FROM pg_locks h WHERE h.locktype = 'relation' "
         "AND h.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
         "AND h.relation = to_regclass($1) AND h.granted AND h.pid <> pg_backend_pid()) "
         "SELECT s.pid, coalesce(a.application_name, ''), "
         "coalesce(floor(extract(epoch FROM clock_timestamp() - a.xact_start)), -1)::bigint, "
         "EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = s.pid AND l.locktype = 'advisory' AND "
         "l.granted AND l.objsubid = 1 AND " +
         key +
         " = hashtextextended($2, 0)), "
         "pg_backend_pid() = ANY (pg_blocking_pids(s.pid)), coalesce(c.worker, ''), "
         "coalesce(c.source_file, '') FROM holders s "
         "LEFT JOIN pg_stat_activity a ON a.pid = s.pid "
         "LEFT JOIN LATERAL (SELECT f.worker, f.source_file FROM public.etl_run_files f JOIN "
         "pg_locks l ON l.pid = s.pid AND l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
         "AND " +
         key + " = " + claim_lock_key_sql("f.id") +
         " WHERE f.state = 'claimed' LIMIT 1) c ON true ORDER BY s.pid";
}

}  // namespace

std::vector<TableLockHolder> table_lock_holders(database::Connection& conn,
                                                const std::string& table,
                                                const std::string& schema) {
  // Asked only after a lock wait timed out: the holders are read from the
  // lock table rather than pg_blocking_pids(), which answers only while the
  // caller is waiting.
  auto result = conn.exec(
      holders_sql(), {database::quote_qualified(schema, table), table_lock_key(table, schema)});
  std::vector<TableLockHolder> holders;
  holders.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    TableLockHolder holder;
    holder.pid = static_cast<int>(result.int64(row, 0));
    holder.application_name = std::string(result.text(row, 1));
    holder.transaction_seconds = result.int64(row, 2);
    holder.pgdatahub_load = result.text(row, 3) == "t";
    holder.waits_for_caller = result.text(row, 4) == "t";
    holder.worker = std::string(result.text(row, 5));
    holder.source_file = std::string(result.text(row, 6));
    holders.push_back(std::move(holder));
  }
  return holders;
}

}  // namespace pgdatahub::ledger
