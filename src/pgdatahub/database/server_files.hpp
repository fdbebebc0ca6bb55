#pragma once
// Files and folders the embedded server owns. Run as root, pgdatahub works in
// folders that belong to the server account, which could plant a link there
// for root to follow: so nothing here follows a link, and a file inside a
// server-owned folder is written by a child process running as that account.
// Internal to the embedded cluster.
#include <pgdatahub/database/child_process.hpp>

#include <filesystem>
#include <optional>
#include <string_view>

namespace pgdatahub::database::detail {

// mkdir 0700, handed to the account; refuses a link, a non-directory or a
// folder someone else owns (the /tmp socket fallback is shared ground).
void prepare_private_directory(const std::filesystem::path& dir,
                               const std::optional<RunAs>& account);

// Creates the server log (0600, the account's) without following a link.
void prepare_log_file(const std::filesystem::path& log, const std::optional<RunAs>& account);

enum class WriteMode { replace, append };

// Writes `content` to `path` as the account (as ourselves when nullopt),
// never through a link. replace goes through a temporary file and rename, so
// a reader never sees half a file.
void write_file_as(const std::filesystem::path& path, std::string_view content, WriteMode mode,
                   const std::optional<RunAs>& account);

// The first folder from / down to `path` that the account cannot search,
// or nullopt when it reaches `path`.
std::optional<std::filesystem::path> first_folder_out_of_reach(const std::filesystem::path& path,
                                                               const RunAs& account);

}  // namespace pgdatahub::database::detail
