#pragma once
// Connection strings as data: parsed by libpq, rebuilt without guessing, and
// shown to people without the password.
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>

namespace pgdatahub::database {

// "host=... port=... dbname=... user=..." for the options that are set; never
// the password. Throws ConfigError when libpq cannot parse the string.
std::string conninfo_display_target(const std::string& conninfo);

// The same connection in key=value form with dbname replaced (works for URIs
// and key=value strings alike). Throws ConfigError when it does not parse.
std::string conninfo_with_database(const std::string& conninfo, const std::string& dbname);

// A conninfo value in single quotes with \ and ' escaped.
std::string quote_conninfo_value(std::string_view value);

// `text` percent-encoded for a URI: every byte but RFC 3986's unreserved
// characters becomes %XX.
std::string percent_encode(std::string_view text);

namespace detail {

struct ConninfoOptionsDeleter {
  void operator()(PQconninfoOption* options) const noexcept;
};
// A libpq option array (from PQconninfoParse or PQconninfo) with its one owner.
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoOptionsDeleter>;

// The options of `conninfo`, or null with `error` set to a message for the
// user (quoted input blanked) when libpq cannot parse it. Callers throw the
// error class that fits where the string came from.
ConninfoOptions parse_conninfo(const std::string& conninfo, std::string& error);

// Host, port, dbname and user from a libpq option array (PQconninfo or
// PQconninfoParse), in key=value form.
std::string describe_options(const PQconninfoOption* options);

// `text` on one line, with every occurrence of `secret` (and its URI
// percent-encoded form) replaced by ***.
std::string scrub(std::string_view text, std::string_view secret);

// libpq's parse error with quoted fragments of the input blanked, since they
// may be pieces of a password.
std::string scrub_parse_error(std::string_view error);

}  // namespace detail
}  // namespace pgdatahub::database
