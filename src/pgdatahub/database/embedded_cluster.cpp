#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/fnv1a.hpp>
#include <pgdatahub/database/child_process.hpp>
#include <pgdatahub/database/cluster_config.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>
#include <pgdatahub/database/file_lock.hpp>
#include <pgdatahub/database/server_account.hpp>
#include <pgdatahub/database/server_binaries.hpp>
#include <pgdatahub/database/server_files.hpp>

#include <locale.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace pgdatahub::database {
namespace {

namespace fs = std::filesystem;
using detail::RunAs;

constexpr int server_port = 5432;
constexpr const char* cluster_database = "pgdatahub";
constexpr const char* start_timeout_seconds = "60";
// sun_path holds 108 bytes including the terminating NUL.
constexpr std::size_t max_socket_path = 107;
constexpr std::string_view socket_file_name = "/.s.PGSQL.5432";
// Root's default home: a folder of its own that any account can reach,
// rather than a place under /root that would have to be opened up.
constexpr const char* root_default_home = "/var/lib/pgdatahub";
// What root gives the folders it creates for the home, so the server
// account can reach its data below them (search only, no listing).
constexpr mode_t created_folder_mode = 0711;
constexpr const char* shared_server_account = "postgres";

fs::path data_dir(const fs::path& home) { return home / "data"; }
fs::path log_file(const fs::path& home) { return home / "postgres.log"; }
bool is_initialized(const fs::path& home) { return fs::exists(data_dir(home) / "PG_VERSION"); }

// Inside home when the socket path fits; else a private directory in /tmp
// named after home, so the same home always finds the same server.
fs::path socket_dir(const fs::path& home) {
  fs::path inside = home / "run";
  if (inside.string().size() + socket_file_name.size() <= max_socket_path) {
    return inside;
  }
  return fs::path("/tmp") / ("pgdatahub-" + fnv1a_hex(home.string(), 16));
}

std::string uri_for(const fs::path& home, std::string_view database) {
  return "postgresql:///" + std::string(database) +
         "?host=" + percent_encode(socket_dir(home).string()) +
         "&port=" + std::to_string(server_port) + "&user=" + std::string(detail::cluster_role);
}

// Whether postmaster.pid names a live server of this data directory. A pid
// file left by a crash may name a process that reused the pid (common in
// containers), which `pg_ctl status` takes for a running server.
bool postmaster_alive(const fs::path& data) {
  std::ifstream pid_file(data / "postmaster.pid");
  long pid = 0;
  if (!(pid_file >> pid) || pid <= 0) {
    return false;
  }
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
    return false;
  }
  const fs::path proc = fs::path("/proc") / std::to_string(pid);
  std::error_code error;
  const fs::path cwd = fs::read_symlink(proc / "cwd", error);
  if (!error) {
    return fs::equivalent(cwd, data, error) && !error;
  }
  std::ifstream comm_file(proc / "comm");
  std::string comm;
  if (!(comm_file >> comm)) {
    return true;  // no /proc to ask: trust kill()
  }
  return comm == "postgres";
}

std::string initdb_locale() {
  locale_t utf8 = newlocale(LC_ALL_MASK, "C.UTF-8", nullptr);
  if (utf8 == nullptr) {
    return "C";
  }
  freelocale(utf8);
  return "C.UTF-8";
}

void run_checked(const std::vector<std::string>& argv, const std::optional<RunAs>& account,
                 const std::string& failure) {
  const detail::CommandResult result = detail::run_command(argv, account);
  if (result.exit_code != 0) {
    throw Error(failure + ": " + detail::last_line(result.output));
  }
}

void initialize(const fs::path& bin, const fs::path& home, const std::optional<RunAs>& account) {
  const fs::path data = data_dir(home);
  std::error_code error;
  if (fs::exists(data) && !fs::is_empty(data, error)) {
    throw Error(data.string() + " exists but holds no database cluster: remove it and run again");
  }
  detail::prepare_private_directory(data, account);
  run_checked(
      {(bin / "initdb").string(), "-D", data.string(), "-U", std::string(detail::cluster_role),
       "--auth-local=peer", "--auth-host=reject", "-E", "UTF8", "--locale=" + initdb_locale()},
      account,
      "cannot initialize the embedded database in " + data.string() +
          " (remove it and run again, or set DATABASE_URL)");
  detail::write_file_as(data / "postgresql.conf", detail::include_settings_line(),
                        detail::WriteMode::append, account);
}

// Rewritten on every start: a moved home gets its new socket directory, and
// a cluster made by an older pgdatahub (trust on every line) loses trust.
void write_settings(const fs::path& home, const std::optional<RunAs>& account) {
  const fs::path data = data_dir(home);
  using detail::WriteMode;
  detail::write_file_as(data / "pgdatahub.conf",
                        detail::server_settings(socket_dir(home), server_port), WriteMode::replace,
                        account);
  detail::write_file_as(data / "pg_hba.conf", detail::client_authentication(), WriteMode::replace,
                        account);
  detail::write_file_as(data / "pg_ident.conf",
                        detail::identity_map(detail::accounts_allowed_to_connect(account)),
                        WriteMode::replace, account);
}

// Creates the home's missing folders; as root, each one it creates is
// searchable by the server account (it never changes a folder it found).
void create_home(const fs::path& home) {
  std::vector<fs::path> missing;
  for (fs::path folder = home; !folder.empty() && !fs::exists(folder);
       folder = folder.parent_path()) {
    missing.push_back(folder);
    if (folder == folder.parent_path()) {
      break;
    }
  }
  for (auto folder = missing.rbegin(); folder != missing.rend(); ++folder) {
    if (mkdir(folder->c_str(), created_folder_mode) != 0 && errno != EEXIST) {
      throw Error("cannot create " + folder->string() + " (" + std::strerror(errno) +
                  "): set PGDATAHUB_HOME to a writable directory or set DATABASE_URL");
    }
    if (geteuid() == 0) {
      chmod(folder->c_str(), created_folder_mode);  // mkdir's mode went through the umask
    }
  }
}

// Older versions ran root's cluster as the shared `postgres` account, which
// the system server's superusers can act as. Such a cluster is refused until
// it is handed over; stopping it still works.
void check_not_shared(const fs::path& home, const RunAs& account) {
  if (account.name != shared_server_account) {
    return;
  }
  throw ConfigError(data_dir(home).string() + " belongs to the shared '" + shared_server_account +
                    "' account, which the system's PostgreSQL also runs as: hand it to pgdatahub's "
                    "own account (pgdatahub db stop --home " +
                    home.string() + "; useradd --system pgdatahub; chown -R pgdatahub: " +
                    data_dir(home).string() + " " + log_file(home).string() + " " +
                    socket_dir(home).string() + ") and run again");
}

// As root, the server account must reach the data below the home on its
// own: pgdatahub never opens up folders it did not create.
void check_reachable(const fs::path& home, const RunAs& account) {
  if (const auto folder = detail::first_folder_out_of_reach(home, account)) {
    throw ConfigError("the embedded database runs as user " + account.name + ", who cannot enter " +
                      folder->string() + ": choose a --home or PGDATAHUB_HOME it can reach (" +
                      "the default for root is " + root_default_home +
                      "), run pgdatahub as a normal user, or set DATABASE_URL");
  }
}

std::uintmax_t file_size_or_zero(const fs::path& path) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  return error ? 0 : size;
}

// What the server logged after `offset`: this start's attempt only.
std::string log_since(const fs::path& log, std::uintmax_t offset) {
  std::ifstream in(log, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

bool server_running(const fs::path& bin, const fs::path& home,
                    const std::optional<RunAs>& account) {
  const fs::path data = data_dir(home);
  const detail::CommandResult status =
      detail::run_command({(bin / "pg_ctl").string(), "-D", data.string(), "status"}, account);
  if (status.exit_code != 0) {
    return false;  // postgres itself removes a pid file whose process is gone
  }
  if (postmaster_alive(data)) {
    return true;
  }
  fs::remove(data / "postmaster.pid");
  return false;
}

void create_database(const fs::path& home) {
  Connection admin = Connection::open(uri_for(home, "postgres"));
  const Result found =
      admin.exec("SELECT 1 FROM pg_database WHERE datname = $1", {std::string(cluster_database)});
  if (found.rows() == 0) {
    admin.exec(std::string("CREATE DATABASE ") + cluster_database);
  }
}

}  // namespace

EmbeddedCluster::EmbeddedCluster(const fs::path& home)
    : m_home(fs::absolute(home).lexically_normal()) {
  if (m_home.has_filename() == false && m_home.has_parent_path()) {
    m_home = m_home.parent_path();  // drop a trailing separator
  }
}

fs::path EmbeddedCluster::default_home() {
  if (const char* home = std::getenv("PGDATAHUB_HOME"); home != nullptr && *home != '\0') {
    return home;
  }
  if (geteuid() == 0) {
    return root_default_home;
  }
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    return fs::path(xdg) / "pgdatahub";
  }
  if (const char* user_home = std::getenv("HOME"); user_home != nullptr && *user_home == '/') {
    return fs::path(user_home) / ".local/share/pgdatahub";
  }
  if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_dir != nullptr) {
    return fs::path(entry->pw_dir) / ".local/share/pgdatahub";
  }
  throw ConfigError("cannot find a home for the embedded database: set PGDATAHUB_HOME");
}

void EmbeddedCluster::ensure_started() {
  detail::check_cluster_path(m_home);
  const fs::path bin = detail::find_server_binaries();
  create_home(m_home);
  const detail::FileLock lock(m_home / ".lock");
  const std::optional<RunAs> account = detail::server_account(data_dir(m_home));
  if (account) {
    check_not_shared(m_home, *account);
    check_reachable(m_home, *account);
  }
  detail::prepare_log_file(log_file(m_home), account);
  detail::prepare_private_directory(socket_dir(m_home), account);
  if (!is_initialized(m_home)) {
    initialize(bin, m_home, account);
  }
  write_settings(m_home, account);
  if (!server_running(bin, m_home, account)) {
    const std::uintmax_t log_offset = file_size_or_zero(log_file(m_home));
    const detail::CommandResult started =
        detail::run_command({(bin / "pg_ctl").string(), "-D", data_dir(m_home).string(), "-l",
                             log_file(m_home).string(), "-w", "-t", start_timeout_seconds, "start"},
                            account);
    if (started.exit_code != 0) {
      throw Error("cannot start the embedded database (" +
                  detail::startup_failure_cause(log_since(log_file(m_home), log_offset)) +
                  "): see " + log_file(m_home).string() + " or set DATABASE_URL");
    }
  }
  create_database(m_home);
}

void EmbeddedCluster::stop() {
  if (!is_initialized(m_home)) {
    return;
  }
  detail::check_cluster_path(m_home);
  const fs::path bin = detail::find_server_binaries();
  const detail::FileLock lock(m_home / ".lock");
  if (!postmaster_alive(data_dir(m_home))) {
    return;
  }
  const std::optional<RunAs> account = detail::server_account(data_dir(m_home));
  run_checked({(bin / "pg_ctl").string(), "-D", data_dir(m_home).string(), "-m", "fast", "-w", "-t",
               start_timeout_seconds, "stop"},
              account, "cannot stop the embedded database in " + data_dir(m_home).string());
}

ClusterStatus EmbeddedCluster::status() const {
  ClusterStatus status;
  status.data_directory = data_dir(m_home);
  status.initialized = is_initialized(m_home);
  status.running = status.initialized && postmaster_alive(status.data_directory);
  status.uri = connection_uri();
  return status;
}

std::string EmbeddedCluster::connection_uri() const { return uri_for(m_home, cluster_database); }

fs::path EmbeddedCluster::socket_directory() const { return socket_dir(m_home); }

}  // namespace pgdatahub::database
