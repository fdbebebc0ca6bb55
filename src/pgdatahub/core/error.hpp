#pragma once
// The error tree. A FileError fails one file and the run goes on; every other
// Error reaching cli::run ends the command with exit code 2 and one line.
#include <stdexcept>
#include <string>

namespace pgdatahub {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A stop was requested mid-file: thrown through a section so that the file,
// and with sectional commit its folder, rolls back.
class Interrupted : public Error {
 public:
  Interrupted() : Error("stopped on request") {}
};

// A bad configuration value, flag or environment variable.
class ConfigError : public Error {
 public:
  using Error::Error;
};

// Why a single file could not be loaded; the name is stored in etl_imports.
enum class FileFailure {
  Corrupt,         // structure broken: bad zip, bad XML, bad records
  Truncated,       // ends before its own structure says it should
  Encrypted,       // password-protected
  NotSpreadsheet,  // bytes are not any spreadsheet format
  Unsupported,     // a spreadsheet format we do not read (yet)
  ResourceLimit,   // zip bomb, XML bomb, absurd dimensions
  TooWide,         // more columns than PostgreSQL allows
  MissingSheet,    // configured sheet not in the workbook
  Empty,           // no header row
  BadValue,        // a value that cannot be cast to a configured type
  Transform,       // a transform (Lua script or declarative rule) failed on the file
  Database,        // the database refused the file's rows or DDL
  Io,              // the file could not be read
};

const char* failure_name(FileFailure failure) noexcept;

// One file cannot be loaded. The message says what and, where known, where
// (sheet and cell address) and what to do about it.
class FileError : public Error {
 public:
  FileError(FileFailure failure, const std::string& message) : Error(message), m_failure(failure) {}
  FileFailure failure() const noexcept { return m_failure; }

 private:
  FileFailure m_failure;
};

}  // namespace pgdatahub
