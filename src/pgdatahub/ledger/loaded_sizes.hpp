#pragma once
// Whether a file of a given byte size could already be loaded into a table,
// asked before its SHA-256 is known: the same content has the same size, so
// a size no import in force of the table has rules a duplicate out.
#include <cstdint>
#include <string>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

// True when an import in force (loaded or empty) of `table` has `byte_size`,
// or has no size recorded (a ledger older than the byte_size column), so
// that only the SHA-256 can tell.
bool may_hold_size(database::Connection& conn, const std::string& schema, const std::string& table,
                   std::uint64_t byte_size);

}  // namespace pgdatahub::ledger
