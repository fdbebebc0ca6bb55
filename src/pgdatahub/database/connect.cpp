#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/connect.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>

namespace pgdatahub::database {

Target connect(const config::Settings& settings) {
  if (config::names_external_server(settings)) {
    auto conn = Connection::open(settings.database_url);
    std::string display = conn.display_target();
    return Target{std::move(conn), std::move(display), false};
  }
  EmbeddedCluster cluster(settings.embedded_home.empty() ? EmbeddedCluster::default_home()
                                                         : settings.embedded_home);
  cluster.ensure_started();
  const std::string uri = cluster.connection_uri();
  auto conn = Connection::open(uri);
  return Target{std::move(conn), uri, true};
}

}  // namespace pgdatahub::database
