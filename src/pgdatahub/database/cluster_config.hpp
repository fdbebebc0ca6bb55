#pragma once
// What pgdatahub writes into its embedded cluster's configuration, and what
// it reads back from the server's log. Text only, no I/O. Internal to the
// embedded cluster.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::database::detail {

// The database role every connection uses.
inline constexpr std::string_view cluster_role = "pgdatahub";

// pgdatahub.conf: socket only (no TCP), in `socket_directory`, 0700.
std::string server_settings(const std::filesystem::path& socket_directory, int port);

// The line initdb's postgresql.conf gets once, so that pgdatahub.conf applies.
std::string include_settings_line();

// pg_hba.conf: Unix socket only, peer authentication through the map below;
// everything else is rejected.
std::string client_authentication();

// pg_ident.conf: the system users allowed to act as the cluster_role.
// Throws Error for a name the file cannot carry.
std::string identity_map(const std::vector<std::string>& system_users);

// Refuses a cluster home that pg_ctl's shell command line (it wraps paths in
// double quotes) or unix_socket_directories (a comma-separated list) would
// misread. Throws ConfigError saying which character and what to do.
void check_cluster_path(const std::filesystem::path& home);

// Why the server did not start, from what it logged during the attempt: the
// last FATAL or PANIC line (the hints and shutdown lines that follow it say
// less), else the last line.
std::string startup_failure_cause(std::string_view log);

}  // namespace pgdatahub::database::detail
