#pragma once
// LibreOffice headless, the peer the differential and encryption tests hold
// pgdatahub's readers against. Conversions are cached under the build tree
// by the input's SHA-256, so a test run pays for LibreOffice only once per
// file.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::test {

// The soffice program (Debian: libreoffice-calc-nogui), or nullopt.
std::optional<std::filesystem::path> soffice_program();

// Runs soffice headless with `args`, with a private user profile (so it
// neither waits for nor hands its work to another engineer's instance) and
// an en-US locale (how it prints dates in CSV). Returns its exit code; 124
// when it ran past `timeout_seconds` and was killed. Output goes to `log`.
int run_soffice(const std::vector<std::string>& args, const std::filesystem::path& profile,
                const std::filesystem::path& log, int timeout_seconds,
                const std::map<std::string, std::string>& env = {});

// Saves `input` as `output` through LibreOffice's filter `filter` with
// `password` to open, as "Save with password" does: a Basic macro in a
// private profile under `profile` stores the document. "MS Excel 97" writes
// RC4 (BIFF8 FILEPASS); "Calc MS Excel 2007 XML" writes Standard encryption
// (AES-128). The password reaches soffice in its environment, never
// its command line. Returns false, with the macro's error in `error`, when
// LibreOffice did not write the file.
bool save_with_password(const std::filesystem::path& input, const std::filesystem::path& output,
                        const std::string& filter, const std::string& password,
                        const std::filesystem::path& profile, std::string& error);

// The CSV filter every conversion uses: comma, double quotes, UTF-8, raw
// values rather than values as shown (full precision numbers; dates and
// times still in the en-US default forms), every sheet to its own file.
inline constexpr const char* kCsvAllSheets =
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

// LibreOffice's CSV of every sheet of a set of files.
class LibreOfficeCsvCache {
 public:
  explicit LibreOfficeCsvCache(std::filesystem::path directory);

  // Converts the files (SHA-256 hex → path) that are not cached yet, many
  // per soffice run; a run that fails is retried one file at a time, so one
  // file that crashes LibreOffice does not cost the others.
  void convert(const std::map<std::string, std::filesystem::path>& files);

  // Sheet name → its CSV, for a converted file; nullopt when LibreOffice
  // wrote no sheet for it (could not read it, or every sheet is empty), or
  // a sheet's CSV passed 64 MB.
  std::optional<std::map<std::string, std::filesystem::path>> sheets(
      const std::string& sha256) const;

 private:
  void convert_batch(const std::vector<std::pair<std::string, std::filesystem::path>>& batch);

  std::filesystem::path m_directory;
};

// A CSV file as rows of fields (RFC 4180 quoting; fields may hold newlines).
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path);

}  // namespace pgdatahub::test
