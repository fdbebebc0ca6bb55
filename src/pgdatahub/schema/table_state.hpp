#pragma once
// The live shape of a data table, read inside the loading transaction.
#include <pgdatahub/types/pg_type.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::schema {

struct LiveColumn {
  std::string name;
  std::string sql_type;               // as format_type() prints it
  std::optional<types::PgType> type;  // nullopt: a type outside the lattice (set by hand)
};

struct TableState {
  bool exists = false;
  std::vector<LiveColumn> columns;  // in table order, metadata columns included
  // The table's source_sheet column is pgdatahub's metadata column, added by
  // a several-sheet load, not a data column a header made: pgdatahub gives
  // every column it makes from a header that header as its comment, and the
  // metadata column none.
  bool sheet_metadata = false;

  const LiveColumn* find(const std::string& name) const;
  LiveColumn* find(const std::string& name);
  // Has every metadata column (source_file, ...): a table pgdatahub
  // created or adopted. Meaningful only when it exists.
  bool made_by_pgdatahub() const;
};

// Reads the table `name` of `schema` (names compared exactly, never pasted
// into SQL).
TableState read_table_state(database::Connection& conn, const std::string& schema,
                            const std::string& name);

// True when any row holds a non-NULL value in `column`.
bool column_has_values(database::Connection& conn, const std::string& schema,
                       const std::string& table, const std::string& column);

// Creates `schema` when it is missing (--schema: the data's schema).
void ensure_schema(database::Connection& conn, const std::string& schema);

}  // namespace pgdatahub::schema
