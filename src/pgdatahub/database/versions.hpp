#pragma once
// The PostgreSQL versions this build works with, for `pgdatahub --version`
// and bug reports: the libpq it is linked against and the server programs the
// embedded database would run.

#include <filesystem>
#include <optional>
#include <string>

namespace pgdatahub::database {

// "15.18": the libpq loaded at run time (PQlibVersion), not the headers'.
std::string libpq_version();

struct ServerPrograms {
  std::string version;  // "15.18", as `postgres --version` prints it
  std::filesystem::path directory;
};

// The server programs the embedded database would use, or nullopt when none
// are installed (a user's own server is still usable then).
std::optional<ServerPrograms> installed_server_programs();

}  // namespace pgdatahub::database
