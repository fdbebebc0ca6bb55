#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/server_account.hpp>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace pgdatahub::database::detail {
namespace {

constexpr const char* created_account = "pgdatahub";
constexpr std::size_t lookup_buffer_size = 16384;

std::optional<RunAs> make_run_as(const passwd& entry) {
  RunAs account;
  account.uid = entry.pw_uid;
  account.gid = entry.pw_gid;
  account.name = entry.pw_name;
  account.home = entry.pw_dir != nullptr ? entry.pw_dir : "/";
  int count = 32;
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  while (getgrouplist(entry.pw_name, entry.pw_gid, groups.data(), &count) < 0) {
    groups.resize(static_cast<std::size_t>(count));
  }
  groups.resize(static_cast<std::size_t>(count));
  account.groups = std::move(groups);
  return account;
}

std::optional<RunAs> lookup_name(const char* name) {
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(lookup_buffer_size);
  if (getpwnam_r(name, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  return make_run_as(entry);
}

std::optional<RunAs> lookup_uid(uid_t uid) {
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(lookup_buffer_size);
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  return make_run_as(entry);
}

std::filesystem::path find_useradd() {
  for (const char* candidate : {"/usr/sbin/useradd", "/sbin/useradd", "/usr/bin/useradd"}) {
    if (access(candidate, X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

}  // namespace

std::optional<RunAs> server_account(const std::filesystem::path& data_directory) {
  if (geteuid() != 0) {
    return std::nullopt;
  }
  // A cluster already initialized by some user keeps running as that user.
  // Otherwise an account of its own: the shared `postgres` account also runs
  // the system's server, whose superusers can act as it.
  struct stat info {};
  // lstat: the account owns the folder and could point a link at another user's file.
  if (lstat((data_directory / "PG_VERSION").c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
      info.st_uid != 0) {
    if (auto owner = lookup_uid(info.st_uid)) {
      return owner;
    }
  }
  if (auto account = lookup_name(created_account)) {
    return account;
  }
  const std::filesystem::path useradd = find_useradd();
  if (useradd.empty()) {
    throw Error(
        "PostgreSQL cannot run as root and there is no 'pgdatahub' user: create one "
        "(useradd --system pgdatahub), run pgdatahub as a normal user, or set DATABASE_URL");
  }
  const CommandResult result = run_command({useradd.string(), "--system", "--no-create-home",
                                            "--shell", "/usr/sbin/nologin", created_account},
                                           std::nullopt);
  // Another process may have created it at the same moment: look again either way.
  if (auto account = lookup_name(created_account)) {
    return account;
  }
  throw Error("cannot create the system user 'pgdatahub' for the embedded database (" +
              last_line(result.output) + "): run pgdatahub as a normal user or set DATABASE_URL");
}

std::vector<std::string> accounts_allowed_to_connect(const std::optional<RunAs>& account) {
  const std::optional<RunAs> server = account ? account : lookup_uid(geteuid());
  if (!server) {
    throw Error("cannot find the name of user " + std::to_string(geteuid()) +
                " for the embedded database: set DATABASE_URL");
  }
  std::vector<std::string> names = {"root"};
  if (server->name != "root") {
    names.push_back(server->name);
  }
  return names;
}

}  // namespace pgdatahub::database::detail
