#include <pgdatahub/core/error.hpp>
#include <pgdatahub/discovery/discovery.hpp>
#include <pgdatahub/workbook/format.hpp>
#include <pgdatahub/workbook/html/html_workbook.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <system_error>

namespace pgdatahub::discovery {
namespace fs = std::filesystem;
namespace {

// Enough of the head of a file to recognize every spreadsheet signature
// (zip, OLE2, BIFF, XML and HTML prologues).
constexpr std::size_t sniff_bytes = 4096;

// The head of a file, read without blocking: a FIFO that took the name since
// it was listed reads as nothing instead of waiting for a writer.
std::string read_head(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return {};
  std::string head(sniff_bytes, '\0');
  struct stat info {};
  ssize_t got = 0;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) got = ::read(fd, head.data(), head.size());
  ::close(fd);
  head.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return head;
}

bool looks_like_spreadsheet(const fs::path& file) {
  const std::string head = read_head(file);
  const auto got = head.size();
  if (got < 4) return false;
  const std::string_view text(head);
  if (text.substr(0, 4) == "PK\x03\x04") return true;        // zip: xlsx, xlsb, ods
  if (text.substr(0, 4) == "\xD0\xCF\x11\xE0") return true;  // OLE2: xls, encrypted OOXML
  if (text.find("office:document") != std::string_view::npos) return true;  // flat ODS
  std::string lowered(text);
  for (char& c : lowered) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (workbook::is_spreadsheetml(lowered)) return true;  // Excel 2003 XML saved as .xml
  // A report saved as a web page; other .html files are documents, not data.
  std::string extension = file.extension().string();
  for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return (extension == ".htm" || extension == ".html") &&
         workbook::html::looks_like_html_table(lowered);
}

// What the loader will compare the file it opens with. A name that is a link
// (to a file inside DATA_DIR) is identified by the target it was checked to
// have, read without following anything: a link swapped to point elsewhere
// afterwards opens another file, and the loader refuses it.
std::optional<FileIdentity> identity_of(const fs::path& file, bool via_link) {
  struct stat info {};
  if (::lstat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  return FileIdentity{static_cast<std::uint64_t>(info.st_dev),
                      static_cast<std::uint64_t>(info.st_ino), via_link};
}

bool is_within(const fs::path& root, const fs::path& path) {
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (p == path.end() || *r != *p) return false;
  }
  return true;
}

struct Walker {
  fs::path root;
  Discovery& out;
  std::set<fs::path> visited;
  std::map<fs::path, Source> by_folder;

  void walk(const fs::path& dir, const std::vector<std::string>& parts) {
    std::error_code ec;
    const fs::path canonical = fs::canonical(dir, ec);
    if (ec || !is_within(root, canonical) || !visited.insert(canonical).second) return;

    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      entries.push_back(*it);
    }
    if (ec) {
      // Said, never passed over in silence: its files would be missing.
      out.skipped.unreadable_folders.push_back(relative_name(root, dir));
      return;
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.path().filename() < b.path().filename();
    });

    std::map<std::string, std::string> locks;  // workbook name -> its lock file
    for (const auto& entry : entries) {
      const std::string name = entry.path().filename().string();
      if (auto locked = locked_workbook(name); !locked.empty()) locks[locked] = name;
      if (name.starts_with("~$")) {
        ++out.skipped.lock_files;
        continue;
      }
      if (name.starts_with(".")) {
        ++out.skipped.hidden;
        continue;
      }
      std::error_code status_ec;
      const bool link = entry.is_symlink(status_ec);
      fs::path target = entry.path();  // what the name resolves to, inside DATA_DIR
      if (link) {
        target = fs::canonical(entry.path(), status_ec);
        if (status_ec || !is_within(root, target)) {
          ++out.skipped.outside_links;
          continue;
        }
        if (fs::is_directory(target, status_ec)) {
          ++out.skipped.inside_folder_links;
          continue;
        }
      }
      if (entry.is_directory(status_ec)) {
        auto child = parts;
        child.push_back(name);
        walk(entry.path(), child);
      } else if (entry.is_regular_file(status_ec)) {
        const auto identity = identity_of(target, link);
        if (!identity) {  // replaced by something else since it was listed
          out.skipped.special_files.push_back(relative_name(root, entry.path()));
        } else if (workbook::has_spreadsheet_extension(name) ||
                   looks_like_spreadsheet(entry.path())) {
          auto& source = by_folder[canonical];
          source.folder_parts = parts;
          source.files.push_back(entry.path());
          source.identities.push_back(*identity);
        } else {
          ++out.skipped.not_spreadsheets;
        }
      } else {
        out.skipped.special_files.push_back(relative_name(root, entry.path()));
      }
    }
    if (auto found = by_folder.find(canonical); found != by_folder.end()) {
      for (const auto& file : found->second.files) {
        const std::string name = file.filename().string();
        if (auto lock = locks.find(name); lock != locks.end())
          found->second.lock_files[name] = lock->second;
      }
    }
  }
};

}  // namespace

Discovery discover(const fs::path& data_dir) {
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec)) {
    throw ConfigError(
        "data folder " + data_dir.string() +
        " does not exist or is not a folder: give the folder that holds the workbooks");
  }
  Discovery result;
  result.data_dir = fs::canonical(data_dir);
  Walker walker{result.data_dir, result, {}, {}};
  walker.walk(result.data_dir, {});
  for (auto& [folder, source] : walker.by_folder) result.sources.push_back(std::move(source));
  std::sort(result.sources.begin(), result.sources.end(),
            [](const Source& a, const Source& b) { return a.folder_parts < b.folder_parts; });
  return result;
}

std::string locked_workbook(const std::string& lock_name) {
  constexpr std::string_view office = "~$";
  constexpr std::string_view libreoffice = ".~lock.";
  if (lock_name.starts_with(office) && lock_name.size() > office.size()) {
    return lock_name.substr(office.size());
  }
  if (lock_name.starts_with(libreoffice) && lock_name.ends_with('#') &&
      lock_name.size() > libreoffice.size() + 1) {
    return lock_name.substr(libreoffice.size(), lock_name.size() - libreoffice.size() - 1);
  }
  return {};
}

std::string relative_name(const fs::path& data_dir, const fs::path& file) {
  return file.lexically_relative(data_dir).generic_string();
}

}  // namespace pgdatahub::discovery
