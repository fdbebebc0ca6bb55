#pragma once
// The one way names reach SQL text: quoted as identifiers.
#include <string>
#include <string_view>

namespace pgdatahub::database {

// "name" with every embedded double quote doubled; NUL bytes are rejected
// (they cannot appear in a PostgreSQL identifier). Throws std::invalid_argument
// for an empty name or one with a NUL.
std::string quote_identifier(std::string_view name);

// "schema"."name": every table pgdatahub touches is named with its schema,
// so no statement depends on search_path.
std::string quote_qualified(std::string_view schema, std::string_view name);

}  // namespace pgdatahub::database
