// The configuration pieces every ccrm service shares (server, MySQL, auth, field encryption),
// each bindable to a FlagSet and validated before start. A service's own config struct holds
// these plus its own fields.
//
// Example:
//   ServerConfig server{.listen = "127.0.0.1:50051"};
//   FlagSet flags("customer-profile");
//   server.Bind(flags);
//   RETURN_IF_ERROR(flags.Parse(argc, argv));
//   RETURN_IF_ERROR(server.Validate());
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/config/flags.h"

namespace ccrm {

struct HostPort {
  std::string host;
  int port = 0;
};
// Parses "host:port" or "[v6]:port"; port 0 means "pick a free one". INVALID_ARGUMENT otherwise.
absl::StatusOr<HostPort> ParseHostPort(const std::string& address);

struct ServerConfig {
  std::string listen;
  // Empty disables the metrics endpoint.
  std::string metrics_listen;
  int worker_threads = 16;
  // Requests waiting for a worker beyond this are answered RESOURCE_EXHAUSTED.
  int worker_queue_limit = 256;
  int max_message_bytes = 4 * 1024 * 1024;
  // Calls one client connection may have open at once (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS);
  // more wait in the client. Bounds the memory a burst can take: connections × this × a call.
  int max_concurrent_streams = 256;
  absl::Duration keepalive_time = absl::Seconds(60);
  // After this a client connection gets GOAWAY (calls in flight, streams included, finish on it),
  // so clients reconnect and re-resolve: replicas added by a scale-out receive calls. 0 = never.
  absl::Duration max_connection_age = absl::Minutes(5);
  absl::Duration drain_timeout = absl::Seconds(20);
  // TLS: both cert and key enable TLS; a client CA additionally requires client certificates.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Written with {"grpc_port":N,"metrics_port":M} once serving.
  std::string ready_file;
  std::string log_file;
  std::string log_level = "info";

  void Bind(FlagSet& flags);
  absl::Status Validate() const;
};

struct MySqlConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password_file;
  std::string database;
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration read_timeout = absl::Seconds(30);
  absl::Duration write_timeout = absl::Seconds(30);
  // How long a request may wait for a free connection.
  absl::Duration acquire_timeout = absl::Seconds(5);
  std::string migrations_dir;
  bool migrate_only = false;
  // TLS to the database. A CA file turns it on for every connection, the migrator's included:
  // the server's chain must verify against this CA and its certificate must name --mysql_host,
  // and a server that offers no TLS is refused (never plaintext). A client certificate and key
  // (both, and only with the CA) are presented for accounts created REQUIRE X509 / SUBJECT.
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;

  void Bind(FlagSet& flags);
  absl::Status Validate() const;
};

struct AuthConfig {
  std::string jwt_issuer;
  std::string jwt_audience;
  // At least one of the two key files.
  std::string jwt_hs256_key_file;
  std::string jwt_rs256_public_key_file;
  // "kid" of the RS256 key (empty matches tokens without kid).
  std::string jwt_rs256_key_id;

  void Bind(FlagSet& flags);
  absl::Status Validate() const;
};

struct FieldEncryptionConfig {
  std::string encryption_keyring_file;
  std::string blind_index_key_file;

  void Bind(FlagSet& flags);
  absl::Status Validate() const;
};

// Reads a whole small file (secrets, key files). NOT_FOUND when it cannot be read.
// Another ccrm service this one calls: its address, the per-call timeout, and TLS towards it
// (a CA file turns TLS on; a client certificate and key add mTLS). Flags are named after the
// peer, e.g. --customer_profile_address, --customer_profile_tls_ca_file.
struct PeerConfig {
  explicit PeerConfig(std::string flag_prefix, std::string default_address)
      : prefix(std::move(flag_prefix)), address(std::move(default_address)) {}

  std::string prefix;
  std::string address;
  absl::Duration timeout = absl::Seconds(2);
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;

  void Bind(FlagSet& flags);
  absl::Status Validate() const;
};

absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace ccrm
