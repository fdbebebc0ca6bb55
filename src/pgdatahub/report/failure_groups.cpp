#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/report/failure_groups.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace pgdatahub::report {
namespace {

bool contains(std::string_view text, std::string_view word) {
  return text.find(word) != std::string_view::npos;
}

std::string reason_of(std::string_view message) {
  const auto colon = message.find(':');
  return std::string(colon == std::string_view::npos ? message : message.substr(0, colon));
}

}  // namespace

FailureKind failure_kind(std::string_view message) {
  if (contains(message, "encrypted") || contains(message, "password")) {
    return FailureKind::Encrypted;
  }
  if (contains(message, "empty") || contains(message, "no worksheet") ||
      contains(message, "no header")) {
    return FailureKind::Empty;
  }
  return FailureKind::Broken;
}

std::string_view kind_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::Broken:
      return "broken";
    case FailureKind::Encrypted:
      return "encrypted";
    case FailureKind::Empty:
      return "empty";
  }
  return "broken";
}

std::vector<FailureGroup> group_failures(const std::vector<ledger::ImportRecord>& imports) {
  std::map<std::pair<FailureKind, std::string>, std::vector<ledger::ImportRecord>> groups;
  for (const auto& import : imports) {
    if (import.status != ledger::status_failed) continue;
    const std::string message = import.error.value_or("");
    groups[{failure_kind(message), reason_of(message)}].push_back(import);
  }
  std::vector<FailureGroup> result;
  result.reserve(groups.size());
  for (auto& [key, members] : groups) {
    result.push_back({key.first, key.second, std::move(members)});
  }
  std::stable_sort(result.begin(), result.end(), [](const auto& a, const auto& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.imports.size() > b.imports.size();
  });
  return result;
}

}  // namespace pgdatahub::report
