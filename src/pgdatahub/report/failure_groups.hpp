#pragma once
// Failed imports grouped by reason, encrypted and empty files apart from
// broken ones: a password or an empty export needs a person, not a fix.
#include <pgdatahub/ledger/ledger_queries.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::report {

enum class FailureKind { Broken, Encrypted, Empty };

struct FailureGroup {
  FailureKind kind = FailureKind::Broken;
  std::string reason;  // the message up to its first ':' (the advice follows it)
  std::vector<ledger::ImportRecord> imports;
};

// From the message, which is all the ledger keeps of a failure.
FailureKind failure_kind(std::string_view message);

// The failed imports of `imports`, grouped; groups by kind, then largest first.
std::vector<FailureGroup> group_failures(const std::vector<ledger::ImportRecord>& imports);

std::string_view kind_name(FailureKind kind);

}  // namespace pgdatahub::report
