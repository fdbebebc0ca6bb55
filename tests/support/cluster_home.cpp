#include "support/cluster_home.hpp"

#include <pgdatahub/database/embedded_cluster.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace pgdatahub::test {

namespace fs = std::filesystem;

ClusterHome::ClusterHome(const std::string& suffix) {
  std::string pattern = (fs::temp_directory_path() / "pgdatahub-cluster-XXXXXX").string();
  m_root = mkdtemp(pattern.data());
  constexpr mode_t searchable_scratch = 0711;
  if (geteuid() == 0) {
    chmod(m_root.c_str(), searchable_scratch);
  }
  m_path = m_root;
  if (!suffix.empty()) {
    m_path /= suffix;
  }
}

ClusterHome::~ClusterHome() {
  try {
    database::EmbeddedCluster(m_path).stop();
  } catch (...) {
  }
  std::error_code ignored;
  const fs::path socket_dir = database::EmbeddedCluster(m_path).socket_directory();
  if (socket_dir.string().rfind(m_path.string(), 0) != 0) {
    fs::remove_all(socket_dir, ignored);
  }
  fs::remove_all(m_root, ignored);
}

}  // namespace pgdatahub::test
