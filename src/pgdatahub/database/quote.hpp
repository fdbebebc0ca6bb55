#pragma once
// The one way names and literals reach SQL text. Values go through parameters
// or COPY; a literal is only for statements that take no parameters (COMMENT).
#include <string>
#include <string_view>

namespace pgdatahub::database {

class Connection;

// "name" with every embedded double quote doubled; NUL bytes are rejected
// (they cannot appear in a PostgreSQL identifier). Throws std::invalid_argument
// for an empty name or one with a NUL.
std::string quote_identifier(std::string_view name);

// 'text' as a string literal, escaped by libpq for the connection's encoding
// and standard_conforming_strings (an E'' literal when there are
// backslashes). Throws Error when libpq refuses (text that is not valid in the
// client encoding), saying what to do.
std::string quote_literal(const Connection& conn, std::string_view text);

// "schema"."name": every table pgdatahub touches is named with its schema,
// so no statement depends on search_path.
std::string quote_qualified(std::string_view schema, std::string_view name);

}  // namespace pgdatahub::database
