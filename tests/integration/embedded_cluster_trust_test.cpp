// The embedded cluster's trust boundaries: what a root process does on
// behalf of the server account, and what the server gets from it. Each test
// reproduces an attack or a fault found by probing pgdatahub.
#include "support/cluster_home.hpp"
#include "support/read_file.hpp"
#include "support/run_program.hpp"
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/database/child_process.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>

#include <gtest/gtest.h>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace pgdatahub::database {
namespace {

namespace fs = std::filesystem;
using test::ClusterHome;

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777U;
}

std::string owner_name(const fs::path& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    return "";
  }
  const passwd* entry = getpwuid(info.st_uid);
  return entry != nullptr ? entry->pw_name : std::to_string(info.st_uid);
}

long postmaster_pid(const fs::path& home) {
  std::ifstream pid_file(home / "data" / "postmaster.pid");
  long pid = 0;
  pid_file >> pid;
  return pid;
}

std::optional<detail::RunAs> system_user(const char* name) {
  const passwd* entry = getpwnam(name);
  if (entry == nullptr) {
    return std::nullopt;
  }
  detail::RunAs user;
  user.uid = entry->pw_uid;
  user.gid = entry->pw_gid;
  user.groups = {entry->pw_gid};
  user.name = entry->pw_name;
  user.home = entry->pw_dir;
  return user;
}

// Whether `user` can open a session on `uri`, tried in a child process.
bool can_connect_as(const detail::RunAs& user, const std::string& uri) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(user.groups.size(), user.groups.data()) != 0 || setgid(user.gid) != 0 ||
        setuid(user.uid) != 0) {
      _exit(2);
    }
    try {
      Connection::open(uri);
      _exit(0);
    } catch (...) {
      _exit(1);
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Sets an environment variable for one test.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name); old != nullptr) {
      m_old = old;
    }
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;
  ~ScopedVariable() {
    if (m_old) {
      setenv(m_name, m_old->c_str(), 1);
    } else {
      unsetenv(m_name);
    }
  }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

TEST(EmbeddedClusterTrust, SettingsAreNeverWrittenThroughALinkInTheDataDirectory) {
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  cluster.stop();
  // The server account owns data/ and can replace its files with links; the
  // next start (as root, in the attack) must not write through them.
  const fs::path victim = home.scratch() / "victim.txt";
  { std::ofstream(victim) << "untouched\n"; }
  chmod(victim.c_str(), 0644);
  for (const char* name : {"pgdatahub.conf", "pg_hba.conf", "pg_ident.conf"}) {
    const fs::path planted = home.path() / "data" / name;
    fs::remove(planted);
    fs::create_symlink(victim, planted);
  }
  cluster.ensure_started();
  EXPECT_EQ(test::read_file(victim), "untouched\n");
  EXPECT_EQ(mode_of(victim), 0644U);
  EXPECT_FALSE(fs::is_symlink(home.path() / "data" / "pgdatahub.conf"));
  EXPECT_EQ(Connection::open(cluster.connection_uri()).exec("SELECT 1").int64(0, 0), 1);
}

TEST(EmbeddedClusterTrust, ServerDoesNotInheritOurEnvironment) {
  const ScopedVariable secret("CLOUD_TEST_SECRET_TOKEN", "s3cr3t-token");
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  const long pid = postmaster_pid(home.path());
  ASSERT_GT(pid, 0);
  const std::string environment =
      test::read_file(fs::path("/proc") / std::to_string(pid) / "environ");
  ASSERT_FALSE(environment.empty());
  EXPECT_EQ(environment.find("s3cr3t-token"), std::string::npos);
  EXPECT_EQ(environment.find("CLOUD_TEST_SECRET_TOKEN"), std::string::npos);
}

TEST(EmbeddedClusterTrust, RefusesPathsThatPgCtlsShellOrTheSocketListWouldMisread) {
  for (const char* name : {"a$(id)b", "a`id`b", "a\"b", "a,b", "a\\b"}) {
    const ClusterHome home(name);
    try {
      EmbeddedCluster(home.path()).ensure_started();
      ADD_FAILURE() << "started in " << home.path();
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find("choose a --home"), std::string::npos)
          << error.what();
    } catch (const std::exception& error) {
      ADD_FAILURE() << name << ": not refused up front: " << error.what();
    }
    EXPECT_FALSE(fs::exists(home.path() / "data")) << name;
  }
}

TEST(EmbeddedClusterTrust, TheProgramRefusesSuchAPathInOneLine) {
  const ClusterHome home("a$(id)b");
  const test::ProgramResult started =
      test::run_pgdatahub({"db", "start", "--home", home.path().string()});
  EXPECT_EQ(started.exit_code, 2) << started.out << started.err;
  EXPECT_NE(started.err.find("contains '$'"), std::string::npos) << started.err;
  EXPECT_EQ(started.err.find('\n'), started.err.size() - 1) << started.err;
  EXPECT_FALSE(fs::exists(home.path() / "data"));
}

TEST(EmbeddedClusterTrust, StartFailureNamesTheFatalCauseNotTheLogsLastLine) {
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  cluster.stop();
  // The server logs FATAL, then "database system is shut down".
  {
    std::ofstream(home.path() / "data" / "postgresql.conf", std::ios::app)
        << "shared_preload_libraries = 'pgdatahub_no_such_library'\n";
  }
  try {
    cluster.ensure_started();
    FAIL() << "the server started with a missing preload library";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("FATAL:"), std::string::npos) << message;
    EXPECT_NE(message.find("pgdatahub_no_such_library"), std::string::npos) << message;
  }
}

// The remaining tests are about what root does; the sessions and CI run as root.

TEST(EmbeddedClusterTrust, AsRootTheServerRunsAsItsOwnAccountWithoutTrust) {
  if (geteuid() != 0) {
    GTEST_SKIP() << "needs root: the server account is only chosen when running as root";
  }
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  EXPECT_EQ(owner_name(home.path() / "data"), "pgdatahub");
  EXPECT_EQ(test::read_file(home.path() / "data" / "pg_hba.conf").find("trust"), std::string::npos);
  EXPECT_EQ(Connection::open(cluster.connection_uri()).exec("SELECT 1").int64(0, 0), 1);

  // Whoever can act as the shared `postgres` account (the system server's
  // superusers can) must not reach the private database.
  const std::optional<detail::RunAs> postgres = system_user("postgres");
  if (!postgres) {
    return;
  }
  EXPECT_FALSE(can_connect_as(*postgres, cluster.connection_uri()));
}

TEST(EmbeddedClusterTrust, AsRootAClusterOfTheSharedPostgresAccountIsRefusedWithTheFix) {
  const std::optional<detail::RunAs> postgres = system_user("postgres");
  if (geteuid() != 0 || !postgres) {
    GTEST_SKIP() << "needs root and a postgres account: a cluster an older pgdatahub ran as it";
  }
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  cluster.stop();
  // What an older pgdatahub left behind: the cluster owned by `postgres`.
  for (const fs::path& top :
       {home.path() / "data", home.path() / "postgres.log", cluster.socket_directory()}) {
    lchown(top.c_str(), postgres->uid, postgres->gid);
    if (fs::is_directory(top)) {
      for (const auto& entry : fs::recursive_directory_iterator(top)) {
        lchown(entry.path().c_str(), postgres->uid, postgres->gid);
      }
    }
  }
  try {
    cluster.ensure_started();
    ADD_FAILURE() << "started a cluster the postgres account owns";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("chown -R pgdatahub:"), std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(cluster.status().running);
}

TEST(EmbeddedClusterTrust, AsRootNoFolderAboveTheHomeIsOpenedUp) {
  if (geteuid() != 0) {
    GTEST_SKIP() << "needs root: only root hands the cluster to another account";
  }
  const ClusterHome home("private/cluster");
  const fs::path private_folder = home.scratch() / "private";
  fs::create_directory(private_folder);
  chmod(private_folder.c_str(), 0700);
  try {
    EmbeddedCluster(home.path()).ensure_started();
    ADD_FAILURE() << "started below a private folder";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find(private_folder.string()), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(mode_of(private_folder), 0700U);
}

TEST(EmbeddedClusterTrust, AsRootTheDefaultHomeIsOutsideRootsHome) {
  if (geteuid() != 0) {
    GTEST_SKIP() << "needs root: a normal user's default is under their own home";
  }
  const ScopedVariable unset("PGDATAHUB_HOME", nullptr);
  EXPECT_EQ(EmbeddedCluster::default_home(), fs::path("/var/lib/pgdatahub"));
}

}  // namespace
}  // namespace pgdatahub::database
