#pragma once
// Discovery: walks DATA_DIR and groups the spreadsheets it finds by folder.
// Every folder that holds at least one candidate file is a source, loaded
// into one table. Symlinks are never followed out of DATA_DIR, a link to a
// folder inside it is skipped (the folder is walked by its real path), and
// a folder reached twice is walked once.
#include <pgdatahub/core/file_identity.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pgdatahub::discovery {

struct Source {
  std::vector<std::string> folder_parts;     // relative to DATA_DIR; empty for DATA_DIR itself
  std::vector<std::filesystem::path> files;  // absolute paths, sorted by name
  // file name -> the lock file beside it (~$Book.xlsx from Excel,
  // .~lock.Book.xlsx# from LibreOffice): the workbook is open right now and
  // may be mid-edit. It still loads, as last saved, with a warning.
  std::map<std::string, std::string> lock_files;
  std::vector<FileIdentity> identities;  // one per file, in the same order
};

struct Skipped {
  std::size_t lock_files = 0;        // ~$Book.xlsx: Office's owner files
  std::size_t hidden = 0;            // dot files and dot folders
  std::size_t not_spreadsheets = 0;  // neither a spreadsheet name nor spreadsheet bytes
  std::size_t outside_links = 0;     // symlinks pointing out of DATA_DIR
  // Links to folders inside DATA_DIR: the folder loads under its real path,
  // never under the link's name (which could sort first and take its table).
  std::size_t inside_folder_links = 0;
  std::size_t excluded =
      0;  // left out by --include/--exclude, include:/exclude:, or a file argument
  // Named, not just counted: the user has to act on these. Paths relative to
  // DATA_DIR.
  std::vector<std::string> unreadable_folders;  // permission denied or gone while walking
  std::vector<std::string> special_files;       // FIFOs, sockets, devices
};

struct Discovery {
  std::filesystem::path data_dir;  // canonical
  std::vector<Source> sources;     // sorted by folder path
  Skipped skipped;
};

// Throws ConfigError when data_dir is missing or not a directory.
Discovery discover(const std::filesystem::path& data_dir);

// The workbook an Office or LibreOffice lock file stands for ("Book.xlsx"
// for "~$Book.xlsx" and ".~lock.Book.xlsx#"); empty for any other name.
std::string locked_workbook(const std::string& lock_name);

// A file's path relative to DATA_DIR with '/' separators: what source_file holds.
std::string relative_name(const std::filesystem::path& data_dir, const std::filesystem::path& file);

}  // namespace pgdatahub::discovery
