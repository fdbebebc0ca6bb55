#pragma once
// The account the embedded server runs as. PostgreSQL refuses to run as
// root, so a root process hands the cluster to an unprivileged system user.
// Internal to the embedded cluster.
#include <pgdatahub/database/child_process.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database::detail {

// Not root: nullopt (commands run as ourselves). Root: the owner of an
// existing non-root data directory, else the `pgdatahub` system user,
// created with useradd when missing. Throws Error when none can be had.
std::optional<RunAs> server_account(const std::filesystem::path& data_directory);

// The system users that may connect to the cluster (peer authentication):
// root and the account the server runs as (ourselves when not root). Both
// can read the data files anyway; nobody else is let in.
std::vector<std::string> accounts_allowed_to_connect(const std::optional<RunAs>& account);

}  // namespace pgdatahub::database::detail
