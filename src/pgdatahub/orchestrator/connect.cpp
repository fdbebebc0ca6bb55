#include <pgdatahub/orchestrator/connect.hpp>

#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>

namespace pgdatahub::orchestrator {

Target connect(const config::Settings& settings) {
  if (config::names_external_server(settings)) {
    auto conn = database::Connection::open(settings.database_url);
    std::string display = conn.display_target();
    return Target{std::move(conn), std::move(display), false};
  }
  database::EmbeddedCluster cluster(settings.pgdata_home.empty()
                                        ? database::EmbeddedCluster::default_home()
                                        : settings.pgdata_home);
  cluster.ensure_started();
  const std::string uri = cluster.connection_uri();
  auto conn = database::Connection::open(uri);
  return Target{std::move(conn), uri, true};
}

}  // namespace pgdatahub::orchestrator
