#pragma once
// Which database a command talks to: the server the user named, else the
// embedded cluster, started on demand.
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/database/connection.hpp>

#include <string>

namespace pgdatahub::database {

struct Target {
  Connection connection;
  std::string display;  // for output: URI without password
  bool embedded = false;
};

// Throws Error (exit code 2 in the CLI) with a one-line message that says
// what to do when the server cannot be reached.
Target connect(const config::Settings& settings);

}  // namespace pgdatahub::database
