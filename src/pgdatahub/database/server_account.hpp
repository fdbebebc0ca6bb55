#pragma once
// The account the embedded server runs as. PostgreSQL refuses to run as
// root, so a root process hands the cluster to an unprivileged system user.
// Internal to the embedded cluster.
#include <pgdatahub/database/child_process.hpp>

#include <filesystem>
#include <optional>

namespace pgdatahub::database::detail {

// Not root: nullopt (commands run as ourselves). Root: the owner of an
// existing non-root data directory, else `postgres`, else a `pgdatahub`
// system user created with useradd. Throws Error when none can be had.
std::optional<RunAs> server_account(const std::filesystem::path& data_directory);

// Adds o+x to `path` and each of its ancestors that lacks it, so that the
// server account can reach the data and socket directories (e.g. /root is
// 0700 on most systems). Only called when running as root.
void make_path_searchable(const std::filesystem::path& path);

// chown when running as root; no-op otherwise. Throws Error on failure.
void give_to(const std::filesystem::path& path, const std::optional<RunAs>& account);

}  // namespace pgdatahub::database::detail
