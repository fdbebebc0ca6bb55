#pragma once
// Turning hostile names (folders, headers) into PostgreSQL identifiers:
// lowercase ASCII snake_case, at most 63 bytes, never colliding.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::naming {

constexpr std::size_t max_identifier_bytes = 63;  // PostgreSQL's NAMEDATALEN - 1

// ASCII-folds (Zürich -> zurich, ß -> ss), lowercases, turns every run of
// other characters into one '_', trims '_' at both ends. May return "".
std::string clean_text(std::string_view text);

// clean_text, then: a leading digit gets a "_" prefix; a name
// longer than 63 bytes is cut and given a short stable hash of the original
// ("<prefix>_<8 hex>"), so two long names never collide.
std::string to_identifier(std::string_view text);

// Column names for a header row. Empty (or uncleanable) headers become
// column_N (N 1-based position); duplicates get _2, _3, ...; names in
// `reserved` (the metadata columns) are treated as taken. Every result is a
// valid identifier of at most 63 bytes and all results are distinct.
std::vector<std::string> column_names(const std::vector<std::string>& headers,
                                      const std::vector<std::string>& reserved);

// True for names a data table may not take: the ledger's (etl_imports,
// etl_schema_changes, etl_runs, etl_run_files) and PostgreSQL's catalog prefix (pg_*). Every
// statement names its schema, so these could not be mistaken for the catalog's; they stay reserved
// so that a data table never reads like pgdatahub's own or PostgreSQL's in a listing.
bool is_reserved_table_name(std::string_view name);

// True for schema names data may not go to: PostgreSQL's own (pg_*, which
// CREATE SCHEMA refuses, and information_schema).
bool is_reserved_schema_name(std::string_view name);

// `table_prefix` + a table name, made an identifier; a reserved result gets
// "data_" as table_name does.
std::string prefixed_table_name(std::string_view prefix, const std::string& table);

// Table name for a folder: its path parts relative to DATA_DIR joined by '_'
// and made an identifier; `fallback` when that yields nothing. A reserved
// result gets the prefix "data_" (a folder "pg_class" loads into
// data_pg_class).
std::string table_name(const std::vector<std::string>& path_parts, std::string_view fallback);

}  // namespace pgdatahub::naming
