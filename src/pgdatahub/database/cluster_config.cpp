#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/child_process.hpp>
#include <pgdatahub/database/cluster_config.hpp>

#include <cstdio>

namespace pgdatahub::database::detail {
namespace {

constexpr std::string_view identity_map_name = "pgdatahub";

// A string literal in postgresql.conf.
std::string conf_quote(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') {
      quoted += c;
    }
    quoted += c;
  }
  return quoted + "'";
}

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// For messages: a control character would rewrite the user's terminal.
std::string printable(std::string_view text) {
  std::string shown;
  for (char c : text) {
    if (is_control(c)) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
      shown += escaped;
    } else {
      shown += c;
    }
  }
  return shown;
}

}  // namespace

std::string server_settings(const std::filesystem::path& socket_directory, int port) {
  return "# Written by pgdatahub on every start; edit postgresql.conf instead.\n"
         "listen_addresses = ''\n"
         "unix_socket_directories = " +
         conf_quote(socket_directory.string()) +
         "\n"
         "unix_socket_permissions = 0700\n"
         "port = " +
         std::to_string(port) +
         "\n"
         "fsync = on\n"
         "# Made for bulk loading (bench/README.md measures each setting). With\n"
         "# no replica or archive to feed, WAL need only make commits survive a\n"
         "# crash: a table created in a load's transaction is written and synced\n"
         "# at commit instead of being logged row by row.\n"
         "wal_level = minimal\n"
         "max_wal_senders = 0\n"
         "# Fewer checkpoints in the middle of a large load.\n"
         "max_wal_size = '4GB'\n";
}

std::string include_settings_line() {
  return "\n# pgdatahub: socket-only server in a private directory\n"
         "include_if_exists = 'pgdatahub.conf'\n";
}

std::string client_authentication() {
  return "# Written by pgdatahub on every start. Only the system users of\n"
         "# pg_ident.conf, over the private socket, as role " +
         std::string(cluster_role) + ".\n" + "local all " + std::string(cluster_role) +
         " peer map=" + std::string(identity_map_name) + "\n";
}

std::string identity_map(const std::vector<std::string>& system_users) {
  std::string map = "# Written by pgdatahub on every start.\n";
  for (const std::string& user : system_users) {
    for (char c : user) {
      if (is_control(c) || c == '"' || c == ' ' || c == '\t' || c == '#') {
        throw Error("the system user name '" + printable(user) +
                    "' cannot be written to pg_ident.conf: run pgdatahub as another user or "
                    "set DATABASE_URL");
      }
    }
    map += std::string(identity_map_name) + " \"" + user + "\" " + std::string(cluster_role) + "\n";
  }
  return map;
}

void check_cluster_path(const std::filesystem::path& home) {
  constexpr std::string_view refused = "\"$`\\,";
  const std::string text = home.string();
  for (char c : text) {
    if (is_control(c) || refused.find(c) != std::string_view::npos) {
      const std::string shown = is_control(c) ? "a control character" : std::string("'") + c + "'";
      throw ConfigError("the embedded database's folder " + printable(text) + " contains " + shown +
                        ", which PostgreSQL's start command or socket setting would misread: "
                        "choose a --home or PGDATAHUB_HOME without \" $ ` \\ , or control "
                        "characters");
    }
  }
}

std::string startup_failure_cause(std::string_view log) {
  std::string_view cause;
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string_view::npos) {
      end = log.size();
    }
    const std::string_view line = log.substr(start, end - start);
    if (line.find("FATAL:  ") != std::string_view::npos ||
        line.find("PANIC:  ") != std::string_view::npos) {
      cause = line;
    }
    start = end + 1;
  }
  return printable(cause.empty() ? last_line(std::string(log)) : std::string(cause));
}

}  // namespace pgdatahub::database::detail
