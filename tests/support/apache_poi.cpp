#include "support/apache_poi.hpp"

#include "support/command.hpp"

#include <unistd.h>

#include <array>

namespace pgdatahub::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* java_program = "/usr/bin/java";
// The single-file launcher compiles the program with the JDK's compiler.
constexpr const char* java_compiler = "/usr/bin/javac";
// poi.jar and the libraries its HSSF writer loads.
constexpr std::array<const char*, 4> class_path = {
    "/usr/share/java/poi.jar", "/usr/share/java/commons-collections4.jar",
    "/usr/share/java/commons-math3.jar", "/usr/share/java/commons-codec.jar"};
constexpr int timeout_seconds = 120;

}  // namespace

std::optional<std::string> apache_poi_missing() {
  for (const char* program : {java_program, java_compiler}) {
    if (::access(program, X_OK) != 0) {
      return std::string(program) + " is missing (scripts/setup installs default-jdk-headless)";
    }
  }
  for (const char* jar : class_path) {
    if (!fs::exists(jar)) {
      return std::string(jar) + " is missing (scripts/setup installs libapache-poi-java)";
    }
  }
  return std::nullopt;
}

bool save_xls_with_poi(const fs::path& input, const fs::path& output, const std::string& password,
                       std::string& error) {
  std::string jars;
  for (const char* jar : class_path) jars += (jars.empty() ? "" : ":") + std::string(jar);
  const fs::path program =
      fs::path(PGDATAHUB_SOURCE_DIR) / "tests" / "support" / "SaveXlsWithPoi.java";
  std::map<std::string, std::string> env;
  if (!password.empty()) env.emplace("OFFICE_PASSWORD", password);
  return run_writer({java_program, "-cp", jars, program.string(), input.string(), output.string()},
                    env, output, timeout_seconds, error);
}

}  // namespace pgdatahub::test
