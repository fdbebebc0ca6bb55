#pragma once
// A fresh embedded-cluster home in a scratch folder, stopped and removed
// afterwards.
#include <filesystem>
#include <string>

namespace pgdatahub::test {

class ClusterHome {
 public:
  // home = <new scratch folder>/<suffix> (the scratch folder itself when
  // suffix is empty). As root the scratch folder is made searchable (o+x),
  // since pgdatahub itself refuses to widen a folder it did not create.
  explicit ClusterHome(const std::string& suffix = "");
  ClusterHome(const ClusterHome&) = delete;
  ClusterHome& operator=(const ClusterHome&) = delete;
  ~ClusterHome();
  const std::filesystem::path& path() const noexcept { return m_path; }
  const std::filesystem::path& scratch() const noexcept { return m_root; }

 private:
  std::filesystem::path m_root;
  std::filesystem::path m_path;
};

}  // namespace pgdatahub::test
