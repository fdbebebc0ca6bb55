#pragma once
// The advisory locks around one table's loads, reverts and schema changes
// (lock_table, declared in ledger_tables.hpp, is defined here too: this is
// the one place their keys are spelled). Files of one table load at once:
// they share the table's lock, which a revert takes alone; they take turns
// only to load one content, and to change the table's schema.
#include <string>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::ledger {

// The table's lock shared, until the transaction ends: loads of one table
// run at once, and a revert (lock_table) waits for them and they for it.
void lock_table_shared(database::Connection& conn, const std::string& table,
                       const std::string& schema);

// One content (SHA-256) and one source file name load into a table at a
// time, until the transaction ends: two workers never both load one file's
// content, nor both replace one file's earlier versions.
void lock_table_content(database::Connection& conn, const std::string& table,
                        const std::string& schema, const std::string& sha256,
                        const std::string& source_file);

// The table's schema lock, alone until the transaction ends: taken before a
// file creates or changes the table, so schema changes take turns, and a
// file that starts meanwhile waits for the new shape (join_table_writers).
void lock_table_schema(database::Connection& conn, const std::string& table,
                       const std::string& schema);

// Takes ROW EXCLUSIVE on the table for the caller's transaction, holding
// the schema lock shared for that moment only: a file joins the table's
// writers once no schema change is under way, and from then on no other
// file's schema change commits before this file does, so the shape it
// reads next stays true while it copies (a binary COPY encoded for one type
// into a column changed meanwhile would be read wrongly, not refused).
void join_table_writers(database::Connection& conn, const std::string& table,
                        const std::string& schema);

// The text the table's lock (lock_table, lock_table_shared) is keyed by,
// hashed with hashtextextended(key, 0): a session holding that lock is a
// pgdatahub load or revert of the table (table_lock_holders).
std::string table_lock_key(const std::string& table, const std::string& schema);

}  // namespace pgdatahub::ledger
