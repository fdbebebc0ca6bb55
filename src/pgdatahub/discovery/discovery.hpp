#pragma once
// Discovery: walks DATA_DIR and groups the spreadsheets it finds by folder.
// Every folder that holds at least one candidate file is a source, loaded
// into one table. Symlinks are never followed out of DATA_DIR, and a folder
// reached twice (a link loop) is walked once.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace pgdatahub::discovery {

struct Source {
  std::vector<std::string> folder_parts;       // relative to DATA_DIR; empty for DATA_DIR itself
  std::vector<std::filesystem::path> files;    // absolute paths, sorted by name
};

struct Skipped {
  std::size_t lock_files = 0;        // ~$Book.xlsx: Office's owner files
  std::size_t hidden = 0;            // dot files and dot folders
  std::size_t not_spreadsheets = 0;  // neither a spreadsheet name nor spreadsheet bytes
  std::size_t outside_links = 0;     // symlinks pointing out of DATA_DIR
};

struct Discovery {
  std::filesystem::path data_dir;    // canonical
  std::vector<Source> sources;       // sorted by folder path
  Skipped skipped;
};

// Throws ConfigError when data_dir is missing or not a directory.
Discovery discover(const std::filesystem::path& data_dir);

// A file's path relative to DATA_DIR with '/' separators: what source_file holds.
std::string relative_name(const std::filesystem::path& data_dir, const std::filesystem::path& file);

}  // namespace pgdatahub::discovery
