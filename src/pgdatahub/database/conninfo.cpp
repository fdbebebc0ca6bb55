#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/database/pq_memory.hpp>

#include <libpq-fe.h>

#include <array>
#include <memory>

namespace pgdatahub::database {
namespace {

detail::ConninfoOptions parse_or_throw(const std::string& conninfo) {
  std::string error;
  detail::ConninfoOptions options = detail::parse_conninfo(conninfo, error);
  if (!options) throw ConfigError(error);
  return options;
}

std::string one_line(std::string_view text) {
  std::string line;
  bool pending_space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      pending_space = !line.empty();
      continue;
    }
    if (pending_space) {
      line += ' ';
      pending_space = false;
    }
    line += c;
  }
  return line;
}

void replace_all(std::string& text, std::string_view needle, std::string_view replacement) {
  if (needle.empty()) {
    return;
  }
  std::size_t position = 0;
  while ((position = text.find(needle, position)) != std::string::npos) {
    text.replace(position, needle.size(), replacement);
    position += replacement.size();
  }
}

}  // namespace

std::string quote_conninfo_value(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') {
      quoted += '\\';
    }
    quoted += c;
  }
  quoted += '\'';
  return quoted;
}

std::string percent_encode(std::string_view text) {
  static constexpr std::string_view hex = "0123456789ABCDEF";
  std::string encoded;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
        (byte >= '0' && byte <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += hex[byte >> 4U];
      encoded += hex[byte & 0xFU];
    }
  }
  return encoded;
}

std::string conninfo_display_target(const std::string& conninfo) {
  const detail::ConninfoOptions options = parse_or_throw(conninfo);
  return detail::describe_options(options.get());
}

std::string conninfo_with_database(const std::string& conninfo, const std::string& dbname) {
  const detail::ConninfoOptions options = parse_or_throw(conninfo);
  std::string rebuilt;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::string_view(option->keyword) == "dbname") {
      continue;
    }
    rebuilt += option->keyword;
    rebuilt += '=';
    rebuilt += quote_conninfo_value(option->val);
    rebuilt += ' ';
  }
  rebuilt += "dbname=" + quote_conninfo_value(dbname);
  return rebuilt;
}

namespace detail {

void ConninfoOptionsDeleter::operator()(PQconninfoOption* options) const noexcept {
  PQconninfoFree(options);
}

ConninfoOptions parse_conninfo(const std::string& conninfo, std::string& error) {
  char* raw_error = nullptr;
  ConninfoOptions options(PQconninfoParse(conninfo.c_str(), &raw_error));
  const detail::PqString message(raw_error);
  if (!options) {
    const std::string reason =
        message ? scrub_parse_error(message.get()) : std::string("out of memory");
    error =
        "invalid database connection string (" + reason + "): fix DATABASE_URL or --database-url";
  }
  return options;
}

std::string describe_options(const PQconninfoOption* options) {
  static constexpr std::array<std::string_view, 4> shown = {"host", "port", "dbname", "user"};
  std::string host;
  std::string hostaddr;
  std::array<std::string, shown.size()> values;
  for (const PQconninfoOption* option = options; option && option->keyword; ++option) {
    if (option->val == nullptr || *option->val == '\0') {
      continue;
    }
    const std::string_view keyword = option->keyword;
    if (keyword == "hostaddr") {
      hostaddr = option->val;
    }
    for (std::size_t i = 0; i < shown.size(); ++i) {
      if (keyword == shown[i]) {
        values[i] = option->val;
      }
    }
  }
  if (values[0].empty()) {
    values[0] = hostaddr;
  }
  std::string description;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (values[i].empty()) {
      continue;
    }
    if (!description.empty()) {
      description += ' ';
    }
    description += std::string(shown[i]) + '=' + values[i];
  }
  return description.empty() ? std::string("(libpq defaults)") : description;
}

std::string scrub(std::string_view text, std::string_view secret) {
  std::string cleaned = one_line(text);
  if (!secret.empty()) {
    replace_all(cleaned, secret, "***");
    replace_all(cleaned, percent_encode(secret), "***");
  }
  return cleaned;
}

std::string scrub_parse_error(std::string_view error) {
  // libpq quotes the offending piece of input, e.g. missing "=" after "abc";
  // single characters are syntax and safe to keep.
  const std::string line = one_line(error);
  std::string cleaned;
  std::size_t position = 0;
  while (position < line.size()) {
    const std::size_t open = line.find('"', position);
    const std::size_t close = open == std::string::npos ? open : line.find('"', open + 1);
    if (close == std::string::npos) {
      cleaned += line.substr(position);
      break;
    }
    cleaned += line.substr(position, open - position);
    cleaned += close - open - 1 <= 1 ? line.substr(open, close - open + 1) : "\"...\"";
    position = close + 1;
  }
  return cleaned;
}

}  // namespace detail
}  // namespace pgdatahub::database
