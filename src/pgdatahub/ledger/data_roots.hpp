#pragma once
// Which data roots feed which tables. Two folders that both hold `sales/`
// would otherwise load into one table without anyone choosing it.
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

// A table of this run that already holds files of another data root.
struct RootConflict {
  std::string table;
  std::string other_root;    // that root's DATA_DIR as it was given
  std::string other_source;  // its `source:` name
};

// The tables among `tables` (of `schema`) with a loaded import from a data
// root other than `canonical_root`. Imports recorded before the ledger knew
// their root are never counted against a run.
std::vector<RootConflict> tables_of_other_roots(database::Connection& conn,
                                                const std::string& schema,
                                                const std::vector<std::string>& tables,
                                                const std::string& canonical_root);

}  // namespace pgdatahub::ledger
