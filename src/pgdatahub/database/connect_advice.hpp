#pragma once
// What to do about a connection libpq could not open, from the cause it
// reports: a wrong password is not a stopped server, and an unknown database
// is fixed by creating it. Internal to the database module.
#include <string>
#include <string_view>

namespace pgdatahub::database::detail {

// The advice that ends the one-line message, in parentheses' words:
// "the password or the user name is wrong: check DATABASE_URL or ~/.pgpass".
std::string connect_advice(std::string_view libpq_message, std::string_view user,
                           std::string_view database);

// A URI of another database's scheme ("mysql://..."): the message refusing
// it; empty for a PostgreSQL URI or a key=value conninfo.
std::string foreign_scheme_error(std::string_view conninfo);

// For SQLSTATE 42501 (insufficient_privilege): which role lacks what.
std::string privilege_advice(std::string_view role);

}  // namespace pgdatahub::database::detail
