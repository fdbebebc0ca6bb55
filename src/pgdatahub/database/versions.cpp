#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/child_process.hpp>
#include <pgdatahub/database/server_binaries.hpp>
#include <pgdatahub/database/versions.hpp>

#include <libpq-fe.h>

#include <string_view>

namespace pgdatahub::database {

std::string libpq_version() {
  const int version = PQlibVersion();
  // Since PostgreSQL 10 the number is major * 10000 + minor.
  return std::to_string(version / 10000) + "." + std::to_string(version % 10000);
}

std::optional<ServerPrograms> installed_server_programs() {
  std::filesystem::path directory;
  try {
    directory = detail::find_server_binaries();
  } catch (const Error&) {
    return std::nullopt;
  }
  const detail::CommandResult result =
      detail::run_command({(directory / "postgres").string(), "--version"}, std::nullopt);
  // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)": the third word.
  constexpr std::string_view marker = "(PostgreSQL) ";
  const std::string& output = result.output;
  const std::size_t start = output.find(marker);
  if (result.exit_code != 0 || start == std::string::npos) {
    return ServerPrograms{"unknown", directory};
  }
  const std::size_t from = start + marker.size();
  const std::size_t end = output.find_first_of(" \n", from);
  return ServerPrograms{output.substr(from, end - from), directory};
}

}  // namespace pgdatahub::database
