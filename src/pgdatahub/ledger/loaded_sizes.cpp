#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/ledger/loaded_sizes.hpp>

namespace pgdatahub::ledger {

bool may_hold_size(database::Connection& conn, const std::string& schema, const std::string& table,
                   std::uint64_t byte_size) {
  // The statuses are find_loaded's: what it would find, this must not miss.
  auto result = conn.exec(
      "SELECT EXISTS (SELECT 1 FROM public.etl_imports WHERE table_name = $1 AND "
      "schema_name = $2 AND status IN ($3, $4) AND (byte_size = $5 OR byte_size IS NULL))",
      {table, schema, std::string(status_loaded), std::string(status_empty),
       std::to_string(byte_size)});
  return result.text(0, 0) == "t";
}

}  // namespace pgdatahub::ledger
