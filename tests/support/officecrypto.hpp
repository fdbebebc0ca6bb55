#pragma once
// officecrypto-tool (npm), the writer of Agile-encrypted OOXML packages the
// encryption tests use: no Debian package writes Agile encryption
// (msoffcrypto-tool 5.0.0 only decrypts; LibreOffice 7.4 writes Standard).
// scripts/setup installs it, pinned, under .cache/npm in the checkout.
#include <filesystem>
#include <optional>
#include <string>

namespace pgdatahub::test {

enum class OoxmlEncryption { Agile, Standard };

// Why officecrypto-tool cannot run here (node or the package is missing,
// and what installs it), or nullopt when it can.
std::optional<std::string> officecrypto_missing();

// Encrypts the package `input` into `output` with `password` (passed to node
// in its environment). Returns false, with node's output in `error`, when no
// file was written.
bool encrypt_with_officecrypto(const std::filesystem::path& input,
                               const std::filesystem::path& output, const std::string& password,
                               OoxmlEncryption scheme, std::string& error);

}  // namespace pgdatahub::test
