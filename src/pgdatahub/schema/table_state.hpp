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

  const LiveColumn* find(const std::string& name) const;
  LiveColumn* find(const std::string& name);
};

// Reads the table `name` of the current schema (name compared exactly, never
// pasted into SQL).
TableState read_table_state(database::Connection& conn, const std::string& name);

// True when any row holds a non-NULL value in `column`.
bool column_has_values(database::Connection& conn, const std::string& table,
                       const std::string& column);

}  // namespace pgdatahub::schema
