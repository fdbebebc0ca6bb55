#include <pgdatahub/core/error.hpp>

namespace pgdatahub {

const char* failure_name(FileFailure failure) noexcept {
  switch (failure) {
    case FileFailure::Corrupt:
      return "corrupt";
    case FileFailure::Truncated:
      return "truncated";
    case FileFailure::Encrypted:
      return "encrypted";
    case FileFailure::NotSpreadsheet:
      return "not a spreadsheet";
    case FileFailure::Unsupported:
      return "not supported";
    case FileFailure::ResourceLimit:
      return "resource limit";
    case FileFailure::TooWide:
      return "too wide";
    case FileFailure::MissingSheet:
      return "missing sheet";
    case FileFailure::Empty:
      return "empty";
    case FileFailure::BadValue:
      return "bad value";
    case FileFailure::Transform:
      return "transform";
    case FileFailure::Database:
      return "database";
    case FileFailure::Io:
      return "io";
  }
  return "unknown";
}

}  // namespace pgdatahub
