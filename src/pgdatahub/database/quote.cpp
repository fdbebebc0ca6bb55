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

std::string quote_qualified(std::string_view schema, std::string_view name) {
  return quote_identifier(schema) + "." + quote_identifier(name);
}

}  // namespace pgdatahub::database
