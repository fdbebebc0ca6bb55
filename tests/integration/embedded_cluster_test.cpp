#include "support/cluster_home.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace pgdatahub::database {
namespace {

namespace fs = std::filesystem;

using test::ClusterHome;

// A sleeping process owned by the owner of `directory` (the server's user).
class PidHolder {
 public:
  explicit PidHolder(const fs::path& directory) {
    struct stat info {};
    if (stat(directory.c_str(), &info) != 0) {
      throw std::runtime_error("cannot stat " + directory.string());
    }
    m_pid = fork();
    if (m_pid == 0) {
      if (geteuid() == 0 && (setgid(info.st_gid) != 0 || setuid(info.st_uid) != 0)) {
        _exit(1);
      }
      pause();
      _exit(0);
    }
  }
  PidHolder(const PidHolder&) = delete;
  PidHolder& operator=(const PidHolder&) = delete;
  ~PidHolder() {
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
  }
  pid_t pid() const noexcept { return m_pid; }

 private:
  pid_t m_pid;
};

std::string postmaster_start_time(const EmbeddedCluster& cluster) {
  Connection conn = Connection::open(cluster.connection_uri());
  return std::string(conn.exec("SELECT pg_postmaster_start_time()::text").text(0, 0));
}

TEST(EmbeddedCluster, ColdStartInitializesStartsConnectsAndStops) {
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  EXPECT_FALSE(cluster.status().initialized);
  EXPECT_FALSE(cluster.status().running);

  cluster.ensure_started();
  const ClusterStatus started = cluster.status();
  EXPECT_TRUE(started.initialized);
  EXPECT_TRUE(started.running);
  EXPECT_EQ(started.data_directory, home.path() / "data");
  EXPECT_EQ(started.uri.rfind("postgresql:///pgdatahub?host=", 0), 0U) << started.uri;

  Connection conn = Connection::open(cluster.connection_uri());
  const Result result = conn.exec(
      "SELECT current_database(), current_user, current_setting('listen_addresses'), "
      "current_setting('server_encoding'), current_setting('fsync')");
  EXPECT_EQ(result.text(0, 0), "pgdatahub");
  EXPECT_EQ(result.text(0, 1), "pgdatahub");
  EXPECT_EQ(result.text(0, 2), "");  // no TCP
  EXPECT_EQ(result.text(0, 3), "UTF8");
  EXPECT_EQ(result.text(0, 4), "on");

  struct stat socket_dir {};
  ASSERT_EQ(stat(cluster.socket_directory().c_str(), &socket_dir), 0);
  EXPECT_EQ(socket_dir.st_mode & 0777U, 0700U);

  cluster.stop();
  EXPECT_FALSE(cluster.status().running);
  EXPECT_TRUE(cluster.status().initialized);
  EXPECT_THROW(Connection::open(cluster.connection_uri()), ConnectionError);
}

TEST(EmbeddedCluster, SecondEnsureStartedReusesTheRunningServer) {
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  const std::string first_start = postmaster_start_time(cluster);
  EmbeddedCluster again(home.path());
  again.ensure_started();
  EXPECT_EQ(postmaster_start_time(again), first_start);
}

TEST(EmbeddedCluster, RestartsAfterStopAndKeepsData) {
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  Connection::open(cluster.connection_uri()).exec("CREATE TABLE kept (id int)");
  cluster.stop();
  cluster.ensure_started();
  Connection conn = Connection::open(cluster.connection_uri());
  EXPECT_EQ(conn.exec("SELECT count(*) FROM kept").int64(0, 0), 0);
}

TEST(EmbeddedCluster, ConcurrentEnsureStartedIsSafe) {
  const ClusterHome home;
  constexpr int callers = 4;
  std::vector<std::string> errors(callers);
  std::vector<std::thread> threads;
  for (int i = 0; i < callers; ++i) {
    threads.emplace_back([&, i] {
      try {
        EmbeddedCluster(home.path()).ensure_started();
      } catch (const std::exception& error) {
        errors[static_cast<std::size_t>(i)] = error.what();
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (const std::string& error : errors) {
    EXPECT_EQ(error, "");
  }
  EXPECT_TRUE(EmbeddedCluster(home.path()).status().running);
}

TEST(EmbeddedCluster, DeepHomeUsesAShortSocketDirectory) {
  const ClusterHome home(std::string(120, 'd'));
  EmbeddedCluster cluster(home.path());
  EXPECT_EQ(cluster.socket_directory().parent_path(), fs::path("/tmp"));
  EXPECT_EQ(EmbeddedCluster(home.path()).socket_directory(), cluster.socket_directory());
  cluster.ensure_started();
  Connection conn = Connection::open(cluster.connection_uri());
  EXPECT_EQ(conn.exec("SELECT 1").int64(0, 0), 1);
}

TEST(EmbeddedCluster, StalePidFileDoesNotBlockStart) {
  const ClusterHome home;
  EmbeddedCluster cluster(home.path());
  cluster.ensure_started();
  cluster.stop();
  // A crash leaves postmaster.pid behind; after a reboot its pid may belong
  // to another live process of the server's own user, which pg_ctl and
  // postgres both take for a running server.
  const PidHolder holder(home.path() / "data");
  {
    std::ofstream pid_file(home.path() / "data" / "postmaster.pid");
    pid_file << holder.pid() << "\n" << (home.path() / "data").string() << "\n";
  }
  EXPECT_FALSE(cluster.status().running);
  cluster.ensure_started();
  EXPECT_TRUE(cluster.status().running);
  EXPECT_EQ(Connection::open(cluster.connection_uri()).exec("SELECT 1").int64(0, 0), 1);
}

}  // namespace
}  // namespace pgdatahub::database
