#include "support/libreoffice.hpp"

#include "support/command.hpp"
#include "support/read_file.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace pgdatahub::test {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t batch_size = 20;
constexpr int batch_timeout_seconds = 600;
constexpr int file_timeout_seconds = 120;
constexpr const char* status_file = "status";  // "sheets" or "none"
// A sheet whose used area reaches far (a cell in XFD1048576) makes a CSV of
// gigabytes of commas; such a file is not compared.
constexpr std::uintmax_t max_csv_bytes = 64 << 20;

}  // namespace

std::optional<fs::path> soffice_program() {
  for (const char* candidate : {"/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"}) {
    if (::access(candidate, X_OK) == 0) return fs::path(candidate);
  }
  return std::nullopt;
}

int run_soffice(const std::vector<std::string>& args, const fs::path& profile, const fs::path& log,
                int timeout_seconds, const std::map<std::string, std::string>& env) {
  const auto program = soffice_program();
  if (!program) throw std::runtime_error("soffice is not installed");
  std::vector<std::string> argv{program->string(),
                                "-env:UserInstallation=file://" + profile.string(), "--headless",
                                "--norestore", "--nolockcheck"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> environment{{"LC_ALL", "C.UTF-8"}, {"LANG", "C.UTF-8"}};
  for (const auto& [name, value] : env) environment[name] = value;
  return run_command(argv, environment, log, timeout_seconds);
}

namespace {

// Basic's own error trap writes the error next to the output and returns, so
// a failed save ends soffice instead of waiting on a dialog nobody sees.
// The binary filters take the "Password" property; the OOXML filter ignores
// it and encrypts only when given EncryptionData (what the save dialog
// builds): OOXPassword, and CryptoType "Standard", the one engine LibreOffice
// 7.4 writes with (another CryptoType names no service and the save fails).
constexpr const char* save_macro = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(sIn As String, sOut As String, sFilter As String)
  On Error GoTo Failed
  Dim aLoad(0) As New com.sun.star.beans.PropertyValue
  aLoad(0).Name = &quot;Hidden&quot;
  aLoad(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), &quot;_blank&quot;, 0, aLoad())
  Dim aSave(1) As New com.sun.star.beans.PropertyValue
  aSave(0).Name = &quot;FilterName&quot;
  aSave(0).Value = sFilter
  If InStr(sFilter, &quot;2007 XML&quot;) &gt; 0 Then
    Dim aEncryption(1) As New com.sun.star.beans.NamedValue
    aEncryption(0).Name = &quot;OOXPassword&quot;
    aEncryption(0).Value = Environ(&quot;PGDATAHUB_TEST_PASSWORD&quot;)
    aEncryption(1).Name = &quot;CryptoType&quot;
    aEncryption(1).Value = &quot;Standard&quot;
    aSave(1).Name = &quot;EncryptionData&quot;
    aSave(1).Value = aEncryption()
  Else
    aSave(1).Name = &quot;Password&quot;
    aSave(1).Value = Environ(&quot;PGDATAHUB_TEST_PASSWORD&quot;)
  End If
  oDoc.storeToURL(ConvertToURL(sOut), aSave())
  oDoc.close(True)
  Exit Sub
Failed:
  iFile = FreeFile
  Open sOut &amp; &quot;.error&quot; For Output As #iFile
  Print #iFile, Error$
  Close #iFile
End Sub
</script:module>
)";

}  // namespace

bool save_with_password(const fs::path& input, const fs::path& output, const std::string& filter,
                        const std::string& password, const fs::path& profile, std::string& error) {
  const fs::path module = profile / "user" / "basic" / "Standard" / "Module1.xba";
  if (!fs::exists(module)) {  // the first run creates the profile and its Standard library
    run_soffice({"--terminate_after_init"}, profile, profile.string() + ".log", 120);
  }
  std::ofstream(module, std::ios::binary | std::ios::trunc) << save_macro;
  const fs::path error_file = output.string() + ".error";
  fs::remove(output);
  fs::remove(error_file);
  // Paths reach Basic inside double quotes; the tests' own paths hold none.
  const std::string call = "macro:///Standard.Module1.SaveWithPassword(\"" + input.string() +
                           "\",\"" + output.string() + "\",\"" + filter + "\")";
  const int status = run_soffice({call}, profile, profile.string() + ".log", 120,
                                 {{"PGDATAHUB_TEST_PASSWORD", password}});
  if (fs::exists(error_file)) {
    error = read_file(error_file);
    return false;
  }
  if (status != 0 || !fs::exists(output)) {
    error = "soffice exited with " + std::to_string(status) + " and wrote no file";
    return false;
  }
  return true;
}

LibreOfficeCsvCache::LibreOfficeCsvCache(fs::path directory) : m_directory(std::move(directory)) {
  fs::create_directories(m_directory);
}

void LibreOfficeCsvCache::convert(const std::map<std::string, fs::path>& files) {
  std::vector<std::pair<std::string, fs::path>> missing;
  for (const auto& [sha, path] : files) {
    if (!fs::exists(m_directory / sha / status_file)) missing.emplace_back(sha, path);
  }
  for (std::size_t at = 0; at < missing.size(); at += batch_size) {
    const auto end =
        missing.begin() + static_cast<std::ptrdiff_t>(std::min(missing.size(), at + batch_size));
    convert_batch({missing.begin() + static_cast<std::ptrdiff_t>(at), end});
  }
  fs::remove_all(m_directory / "staging");  // copies of the inputs, no longer needed
  fs::remove_all(m_directory / "output");
}

void LibreOfficeCsvCache::convert_batch(
    const std::vector<std::pair<std::string, fs::path>>& batch) {
  // Each input is staged as <sha><extension>, so LibreOffice names its output
  // <sha>-<sheet>.csv whatever the file was called, and two corpus files
  // with the same name cannot collide.
  const fs::path staging = m_directory / "staging";
  const fs::path output = m_directory / "output";
  fs::remove_all(staging);
  fs::remove_all(output);
  fs::create_directories(staging);
  fs::create_directories(output);
  std::vector<std::string> args{"--convert-to", kCsvAllSheets, "--outdir", output.string()};
  for (const auto& [sha, path] : batch) {
    const fs::path staged = staging / (sha + path.extension().string());
    fs::copy_file(path, staged);
    args.push_back(staged.string());
  }
  const int status = run_soffice(args, m_directory / "profile", m_directory / "soffice.log",
                                 batch.size() == 1 ? file_timeout_seconds : batch_timeout_seconds);
  std::map<std::string, std::vector<fs::path>> written;
  for (const auto& entry : fs::directory_iterator(output)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 65 && name[64] == '-') written[name.substr(0, 64)].push_back(entry.path());
  }
  std::vector<std::pair<std::string, fs::path>> retry;
  for (const auto& [sha, path] : batch) {
    const auto found = written.find(sha);
    if (found == written.end() && status != 0 && batch.size() > 1) {
      retry.emplace_back(sha, path);  // perhaps never reached: the run ended early
      continue;
    }
    const fs::path target = m_directory / sha;
    fs::remove_all(target);
    fs::create_directories(target);
    bool too_large = false;
    if (found != written.end()) {
      for (const auto& csv : found->second) {
        too_large = too_large || fs::file_size(csv) > max_csv_bytes;
        const std::string sheet = csv.filename().string().substr(65);
        fs::rename(csv, target / sheet);
      }
    }
    if (too_large) {
      fs::remove_all(target);
      fs::create_directories(target);
    }
    std::ofstream(target / status_file)
        << (found == written.end() || too_large ? "none" : "sheets");
  }
  for (const auto& one : retry) convert_batch({one});
}

std::optional<std::map<std::string, fs::path>> LibreOfficeCsvCache::sheets(
    const std::string& sha256) const {
  const fs::path directory = m_directory / sha256;
  if (read_file(directory / status_file) != "sheets") return std::nullopt;
  std::map<std::string, fs::path> out;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.ends_with(".csv")) {
      out.emplace(name.substr(0, name.size() - 4), entry.path());
    }
  }
  return out;
}

std::vector<std::vector<std::string>> read_csv(const fs::path& path) {
  const std::string text = read_file(path);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool any = false;  // the current row has begun
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    any = true;
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field += c;
    }
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace pgdatahub::test
