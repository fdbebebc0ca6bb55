#include <pgdatahub/database/connect_advice.hpp>

#include <fmt/format.h>

namespace pgdatahub::database::detail {
namespace {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

std::string connect_advice(std::string_view libpq_message, std::string_view user,
                           std::string_view database) {
  if (contains(libpq_message, "password authentication failed") ||
      contains(libpq_message, "no password supplied")) {
    return fmt::format(
        "the password or the user name '{}' is wrong: check DATABASE_URL, PGPASSWORD or ~/.pgpass",
        user);
  }
  if (contains(libpq_message, "does not exist") && contains(libpq_message, "database")) {
    return fmt::format(
        "create it with `createdb {}`, or leave DATABASE_URL unset to use pgdatahub's embedded "
        "database (`pgdatahub db start`)",
        database);
  }
  if (contains(libpq_message, "role") && contains(libpq_message, "does not exist")) {
    return fmt::format(
        "the server has no user '{}': create it (CREATE ROLE ... LOGIN) or name another user in "
        "DATABASE_URL",
        user);
  }
  if (contains(libpq_message, "Peer authentication failed") ||
      contains(libpq_message, "Ident authentication failed")) {
    return fmt::format(
        "the server lets user '{}' in only from the operating-system account it maps to that "
        "user (peer authentication): connect from that account, or as another user",
        user);
  }
  if (contains(libpq_message, "pg_hba.conf")) {
    return "the server's pg_hba.conf refuses this user, database or address: ask its "
           "administrator, or connect another way";
  }
  if (contains(libpq_message, "SSL")) {
    return "the server and the URL disagree on SSL: check sslmode in DATABASE_URL";
  }
  return "check that the server is running and DATABASE_URL is right";
}

std::string foreign_scheme_error(std::string_view conninfo) {
  const std::size_t end = conninfo.find("://");
  if (end == std::string_view::npos) return {};
  const std::string_view scheme = conninfo.substr(0, end);
  if (scheme == "postgresql" || scheme == "postgres") return {};
  // Only the scheme is quoted: the rest may hold a password.
  return fmt::format(
      "only PostgreSQL URLs are accepted (postgresql://user@host/database), not {}://...", scheme);
}

std::string privilege_advice(std::string_view role) {
  return fmt::format(
      "role '{}' lacks that privilege: connect as the owner of the tables, or have it granted "
      "(GRANT SELECT, INSERT, UPDATE, DELETE ON ... TO {}; CREATE on the schema to create tables)",
      role, role);
}

}  // namespace pgdatahub::database::detail
