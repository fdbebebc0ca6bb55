#pragma once
// Memory libpq allocates for its caller (escaped strings, error messages)
// must go back through PQfreemem; owning it in a unique_ptr frees it on every
// path out, including an exception while the caller copies it.
#include <libpq-fe.h>

#include <memory>

namespace pgdatahub::database::detail {

struct PqFreemem {
  void operator()(char* memory) const noexcept { PQfreemem(memory); }
};
using PqString = std::unique_ptr<char, PqFreemem>;

}  // namespace pgdatahub::database::detail
