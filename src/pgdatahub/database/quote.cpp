#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/pq_memory.hpp>
#include <pgdatahub/database/quote.hpp>

#include <stdexcept>

namespace pgdatahub::database {

std::string quote_identifier(std::string_view name) {
  if (name.empty()) {
    throw std::invalid_argument("an SQL identifier cannot be empty");
  }
  if (name.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("an SQL identifier cannot contain a NUL byte");
  }
  std::string quoted;
  quoted.reserve(name.size() + 2);
  quoted += '"';
  for (char c : name) {
    if (c == '"') {
      quoted += '"';
    }
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string quote_literal(const Connection& conn, std::string_view text) {
  const detail::PqString escaped(PQescapeLiteral(conn.native(), text.data(), text.size()));
  if (!escaped) {
    std::string reason = PQerrorMessage(conn.native());
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw Error("cannot quote a text as an SQL literal (" + reason +
                "): check that the file's text is valid UTF-8");
  }
  return std::string(escaped.get());
}

std::string quote_qualified(std::string_view schema, std::string_view name) {
  return quote_identifier(schema) + "." + quote_identifier(name);
}

}  // namespace pgdatahub::database
