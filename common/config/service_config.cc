#include "common/config/service_config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ccrm {
namespace {

// Collects problems so one start-up reports all of them at once.
class Problems final {
 public:
  void Add(std::string problem) { problems_.push_back(std::move(problem)); }
  absl::Status ToStatus(absl::string_view what) const {
    if (problems_.empty()) {
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(
        absl::StrCat("bad ", what, " configuration: ", absl::StrJoin(problems_, "; ")));
  }

 private:
  std::vector<std::string> problems_;
};

void CheckAddress(Problems& p, absl::string_view flag, const std::string& address) {
  if (auto hp = ParseHostPort(address); !hp.ok()) {
    p.Add(absl::StrCat("--", flag, ": ", hp.status().message()));
  }
}

void CheckReadable(Problems& p, absl::string_view flag, const std::string& path) {
  if (path.empty()) {
    return;
  }
  // An ifstream opens a directory without complaint; a key file must be a file.
  std::error_code ec;
  std::ifstream in(path);
  if (!in.good() || std::filesystem::is_directory(path, ec)) {
    p.Add(absl::StrCat("--", flag, ": cannot read \"", path, "\""));
  }
}

}  // namespace

absl::StatusOr<HostPort> ParseHostPort(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return absl::InvalidArgumentError(absl::StrCat("\"", address, "\" is not host:port"));
  }
  HostPort hp;
  hp.host = address.substr(0, colon);
  if (hp.host.size() > 2 && hp.host.front() == '[' && hp.host.back() == ']') {
    hp.host = hp.host.substr(1, hp.host.size() - 2);
  }
  // Digits only: SimpleAtoi would also take a sign or surrounding spaces, which gRPC refuses.
  const std::string port = address.substr(colon + 1);
  const bool digits_only = !port.empty() && std::all_of(port.begin(), port.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  if (!digits_only || port.size() > 5 || !absl::SimpleAtoi(port, &hp.port) || hp.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("\"", address, "\" has no valid port"));
  }
  return hp;
}

void ServerConfig::Bind(FlagSet& flags) {
  flags.Add("listen", &listen, "gRPC listen address host:port (port 0 picks a free port)");
  flags.Add("metrics_listen", &metrics_listen,
            "Prometheus /metrics address host:port; empty = off");
  flags.Add("worker_threads", &worker_threads,
            "threads running blocking work (DB, other services)");
  flags.Add("worker_queue_limit", &worker_queue_limit,
            "requests queued for a worker before RESOURCE_EXHAUSTED");
  flags.Add("max_message_bytes", &max_message_bytes, "largest request or response message");
  flags.Add("max_concurrent_streams", &max_concurrent_streams,
            "calls open at once per client connection; more wait in the client");
  flags.Add("keepalive_time", &keepalive_time, "HTTP/2 keepalive ping interval");
  flags.Add("max_connection_age", &max_connection_age,
            "client connections get GOAWAY after this, to re-resolve replicas; 0 = never");
  flags.Add("drain_timeout", &drain_timeout, "how long SIGTERM waits for in-flight calls");
  flags.Add("tls_cert_file", &tls_cert_file,
            "server certificate (PEM); with tls_key_file enables TLS");
  flags.Add("tls_key_file", &tls_key_file, "server private key (PEM)");
  flags.Add("tls_client_ca_file", &tls_client_ca_file, "CA for client certificates (enables mTLS)");
  flags.Add("ready_file", &ready_file, "written with the bound ports once serving");
  flags.Add("log_file", &log_file, "JSON log file; empty = stderr");
  flags.Add("log_level", &log_level, "debug, info, warn or error");
}

absl::Status ServerConfig::Validate() const {
  Problems p;
  CheckAddress(p, "listen", listen);
  if (!metrics_listen.empty()) {
    CheckAddress(p, "metrics_listen", metrics_listen);
  }
  if (worker_threads < 1 || worker_threads > 1024) {
    p.Add("--worker_threads must be 1..1024");
  }
  if (worker_queue_limit < 0) {
    p.Add("--worker_queue_limit must be >= 0");
  }
  if (max_message_bytes < 1024) {
    p.Add("--max_message_bytes must be >= 1024");
  }
  if (max_concurrent_streams < 1) {
    p.Add("--max_concurrent_streams must be >= 1");
  }
  if (max_connection_age < absl::ZeroDuration()) {
    p.Add("--max_connection_age must not be negative");
  }
  if (drain_timeout < absl::ZeroDuration()) {
    p.Add("--drain_timeout must not be negative");
  }
  if (tls_cert_file.empty() != tls_key_file.empty()) {
    p.Add("--tls_cert_file and --tls_key_file go together");
  }
  if (!tls_client_ca_file.empty() && tls_cert_file.empty()) {
    p.Add("--tls_client_ca_file needs --tls_cert_file and --tls_key_file");
  }
  CheckReadable(p, "tls_cert_file", tls_cert_file);
  CheckReadable(p, "tls_key_file", tls_key_file);
  CheckReadable(p, "tls_client_ca_file", tls_client_ca_file);
  if (log_level != "debug" && log_level != "info" && log_level != "warn" && log_level != "error") {
    p.Add("--log_level must be debug, info, warn or error");
  }
  return p.ToStatus("server");
}

void MySqlConfig::Bind(FlagSet& flags) {
  flags.Add("mysql_host", &host, "MySQL host");
  flags.Add("mysql_port", &port, "MySQL port");
  flags.Add("mysql_user", &user, "MySQL user (the service's own, least privilege)");
  flags.Add("mysql_password_file", &password_file, "file holding the MySQL password");
  flags.Add("mysql_tls_ca_file", &tls_ca_file,
            "CA (PEM) of the MySQL server's certificate; enables verified TLS, never plaintext");
  flags.Add("mysql_tls_cert_file", &tls_cert_file,
            "client certificate (PEM) towards MySQL, for REQUIRE X509 accounts");
  flags.Add("mysql_tls_key_file", &tls_key_file, "client private key (PEM) towards MySQL");
  flags.Add("mysql_database", &database, "the service's schema");
  flags.Add("mysql_pool_size", &pool_size, "connections in the pool");
  flags.Add("mysql_connect_timeout", &connect_timeout, "MySQL connect timeout");
  flags.Add("mysql_read_timeout", &read_timeout, "MySQL read timeout");
  flags.Add("mysql_write_timeout", &write_timeout, "MySQL write timeout");
  flags.Add("mysql_acquire_timeout", &acquire_timeout, "wait for a free pooled connection");
  flags.Add("migrations_dir", &migrations_dir, "directory of NNN_name.sql migration files");
  flags.Add("migrate_only", &migrate_only, "apply pending migrations, then exit");
}

absl::Status MySqlConfig::Validate() const {
  Problems p;
  if (host.empty()) {
    p.Add("--mysql_host is required");
  }
  if (port < 1 || port > 65535) {
    p.Add("--mysql_port must be 1..65535");
  }
  if (user.empty()) {
    p.Add("--mysql_user is required");
  }
  if (database.empty()) {
    p.Add("--mysql_database is required");
  }
  if (pool_size < 1 || pool_size > 512) {
    p.Add("--mysql_pool_size must be 1..512");
  }
  if (connect_timeout <= absl::ZeroDuration() || read_timeout <= absl::ZeroDuration() ||
      write_timeout <= absl::ZeroDuration()) {
    p.Add("MySQL timeouts must be positive");
  }
  if (migrations_dir.empty()) {
    p.Add("--migrations_dir is required");
  }
  CheckReadable(p, "mysql_password_file", password_file);
  if (tls_cert_file.empty() != tls_key_file.empty()) {
    p.Add("--mysql_tls_cert_file and --mysql_tls_key_file go together");
  }
  // A client certificate sent over a channel whose server was not verified would prove our
  // identity to whoever answers.
  if ((!tls_cert_file.empty() || !tls_key_file.empty()) && tls_ca_file.empty()) {
    p.Add("--mysql_tls_ca_file is required with a client certificate");
  }
  CheckReadable(p, "mysql_tls_ca_file", tls_ca_file);
  CheckReadable(p, "mysql_tls_cert_file", tls_cert_file);
  CheckReadable(p, "mysql_tls_key_file", tls_key_file);
  return p.ToStatus("MySQL");
}

void AuthConfig::Bind(FlagSet& flags) {
  flags.Add("jwt_issuer", &jwt_issuer, "required JWT iss");
  flags.Add("jwt_audience", &jwt_audience, "required JWT aud");
  flags.Add("jwt_hs256_key_file", &jwt_hs256_key_file, "HS256 shared secret (32+ bytes)");
  flags.Add("jwt_rs256_public_key_file", &jwt_rs256_public_key_file, "RS256 public key (PEM)");
  flags.Add("jwt_rs256_key_id", &jwt_rs256_key_id, "kid of the RS256 key");
}

void PeerConfig::Bind(FlagSet& flags) {
  flags.Add(prefix + "_address", &address, "host:port of the " + prefix + " service");
  flags.Add(prefix + "_timeout", &timeout, "deadline of each call to " + prefix);
  flags.Add(prefix + "_tls_ca_file", &tls_ca_file, "CA that signs " + prefix + "'s certificate");
  flags.Add(prefix + "_tls_cert_file", &tls_cert_file, "client certificate towards " + prefix);
  flags.Add(prefix + "_tls_key_file", &tls_key_file, "client key towards " + prefix);
}

absl::Status PeerConfig::Validate() const {
  Problems p;
  if (!ParseHostPort(address).ok()) {
    p.Add("--" + prefix + "_address must be host:port");
  }
  if (timeout <= absl::ZeroDuration()) {
    p.Add("--" + prefix + "_timeout must be positive");
  }
  if (tls_cert_file.empty() != tls_key_file.empty()) {
    p.Add("--" + prefix + "_tls_cert_file and --" + prefix + "_tls_key_file go together");
  }
  if (!tls_cert_file.empty() && tls_ca_file.empty()) {
    p.Add("--" + prefix + "_tls_ca_file is required with a client certificate");
  }
  CheckReadable(p, prefix + "_tls_ca_file", tls_ca_file);
  CheckReadable(p, prefix + "_tls_cert_file", tls_cert_file);
  CheckReadable(p, prefix + "_tls_key_file", tls_key_file);
  return p.ToStatus(prefix);
}

absl::Status AuthConfig::Validate() const {
  Problems p;
  if (jwt_issuer.empty()) {
    p.Add("--jwt_issuer is required");
  }
  if (jwt_audience.empty()) {
    p.Add("--jwt_audience is required");
  }
  if (jwt_hs256_key_file.empty() && jwt_rs256_public_key_file.empty()) {
    p.Add("one of --jwt_hs256_key_file, --jwt_rs256_public_key_file is required");
  }
  CheckReadable(p, "jwt_hs256_key_file", jwt_hs256_key_file);
  CheckReadable(p, "jwt_rs256_public_key_file", jwt_rs256_public_key_file);
  return p.ToStatus("auth");
}

void FieldEncryptionConfig::Bind(FlagSet& flags) {
  flags.Add("encryption_keyring_file", &encryption_keyring_file,
            "AES-256 key ring for personal identifiers");
  flags.Add("blind_index_key_file", &blind_index_key_file,
            "HMAC key for blind indexes (32+ bytes)");
}

absl::Status FieldEncryptionConfig::Validate() const {
  Problems p;
  if (encryption_keyring_file.empty()) {
    p.Add("--encryption_keyring_file is required");
  }
  if (blind_index_key_file.empty()) {
    p.Add("--blind_index_key_file is required");
  }
  CheckReadable(p, "encryption_keyring_file", encryption_keyring_file);
  CheckReadable(p, "blind_index_key_file", blind_index_key_file);
  return p.ToStatus("field encryption");
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) {
    return absl::NotFoundError(absl::StrCat("cannot read \"", path, "\""));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace ccrm
