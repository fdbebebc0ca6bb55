#pragma once
// Where initdb, pg_ctl and postgres live. Internal to the embedded cluster.
#include <filesystem>

namespace pgdatahub::database::detail {

// The first PATH directory holding all three programs, else the highest
// /usr/lib/postgresql/<version>/bin. Throws Error saying what to install.
std::filesystem::path find_server_binaries();

}  // namespace pgdatahub::database::detail
