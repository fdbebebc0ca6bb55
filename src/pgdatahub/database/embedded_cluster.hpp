#pragma once
// The embedded default database: a private PostgreSQL cluster that pgdatahub
// creates with initdb, starts with pg_ctl on a private Unix socket only (no
// TCP, peer authentication only), and reuses across runs. Run as root, the
// cluster runs as its own `pgdatahub` system account, since PostgreSQL
// refuses to run as root (docs/loading.md, "As root", says what root does, and why).
#include <filesystem>
#include <string>

namespace pgdatahub::database {

struct ClusterStatus {
  bool initialized = false;
  bool running = false;
  std::filesystem::path data_directory;
  std::string uri;  // connection URI (socket directory as host); no password
};

class EmbeddedCluster {
 public:
  // `home` holds the cluster (home/data), its socket and its log.
  explicit EmbeddedCluster(const std::filesystem::path& home);

  // PGDATAHUB_HOME; else, as root, /var/lib/pgdatahub (a place the server
  // account reaches without opening anything up); else
  // $XDG_DATA_HOME/pgdatahub, else ~/.local/share/pgdatahub.
  static std::filesystem::path default_home();

  // initdb when missing, start when stopped; safe when several processes call
  // it at once. Throws Error with a one-line message on failure (e.g. no
  // PostgreSQL server binaries: says which package to install).
  void ensure_started();
  void stop();
  ClusterStatus status() const;
  // postgresql:///pgdatahub?host=<socket dir>&port=<port>&user=<user>
  std::string connection_uri() const;
  // home/run, or /tmp/pgdatahub-<hash of home> when that path would be too
  // long for a Unix socket (108 bytes).
  std::filesystem::path socket_directory() const;
  const std::filesystem::path& home() const noexcept { return m_home; }

 private:
  std::filesystem::path m_home;
};

}  // namespace pgdatahub::database
