#pragma once
// A table's schema changes in the order they happened, and each column's
// path through the type lattice (integer -> double precision -> text).
#include <pgdatahub/ledger/ledger_queries.hpp>

#include <string>
#include <vector>

namespace pgdatahub::report {

struct ColumnPath {
  std::string column;
  std::vector<std::string> types;  // oldest first; the last is the current type
  bool dropped = false;            // a revert dropped it (or its table)
};

// `changes` of one table, newest first as the ledger returns them, oldest first.
std::vector<ledger::SchemaChangeRecord> oldest_first(
    const std::vector<ledger::SchemaChangeRecord>& changes);

// Columns in the order they were added.
std::vector<ColumnPath> column_paths(const std::vector<ledger::SchemaChangeRecord>& oldest);

}  // namespace pgdatahub::report
