#pragma once
// Apache POI (Debian: libapache-poi-java, run by a JDK's single-file
// launcher), the one writer of RC4 CryptoAPI .xls found on Debian 12:
// LibreOffice writes RC4, and msoffcrypto-tool 5.0.0 and officecrypto-tool
// do not encrypt .xls. scripts/setup installs it.
#include <filesystem>
#include <optional>
#include <string>

namespace pgdatahub::test {

// Why POI cannot run here (what is missing, and what installs it), or
// nullopt when it can.
std::optional<std::string> apache_poi_missing();

// Reads the .xls `input` with POI and writes it to `output`, encrypted with
// `password` (passed in the environment) or plain when `password` is empty.
// Returns false, with java's output in `error`, when no file was written.
bool save_xls_with_poi(const std::filesystem::path& input, const std::filesystem::path& output,
                       const std::string& password, std::string& error);

}  // namespace pgdatahub::test
