// The start-up steps every ccrm service's main() shares, so mains stay short wiring:
// token verifier and field cipher from config, the database (connect with retry while it starts,
// migrate-only mode, refuse an outdated schema), pool metrics, and a fatal-error exit.
//
// Example:
//   FlagSet flags("credit-rating");
//   config.Bind(flags);
//   ParseFlagsOrExit(flags, argc, argv, [&] { return config.Validate(); });
//   ServiceBasics basics = StartServiceBasics("credit-rating", config.server, config.mysql,
//                                             config.auth, config.database_wait, clock);
//   if (config.mysql.migrate_only) return 0;
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "common/crypto/field_cipher.h"
#include "common/metrics/metrics.h"
#include "common/mysql/connection_pool.h"

namespace ccrm {

// HS256 and/or RS256 keys as configured. INVALID_ARGUMENT / NOT_FOUND for unusable key files.
absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifierFromConfig(const AuthConfig& config,
                                                                       const Clock* clock);

absl::StatusOr<FieldCipher> FieldCipherFromConfig(const FieldEncryptionConfig& config);

// Connects (retrying UNAVAILABLE for up to `wait`, as the database may still be starting).
// With config.migrate_only it applies pending migrations and returns nullptr: the caller exits 0.
// Otherwise it returns the pool once every migration is applied, waiting for them within the
// same `wait` (FAILED_PRECONDITION, reason SCHEMA_OUTDATED, if they still are not).
absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> OpenServiceDatabase(
    const MySqlConfig& config, absl::Duration wait);

// Gauge ccrm_db_pool_sessions{state=open|in_use|waiting|max} and counter
// ccrm_db_pool_sessions_total{event=opened|discarded}, refreshed at scrape time.
void ExportPoolMetrics(const mysql::ConnectionPool* pool, MetricsRegistry& registry);

// A channel to a peer service: plaintext, TLS (CA file), or mTLS (plus client certificate and
// key). INVALID_ARGUMENT when a TLS file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerChannel(const PeerConfig& peer);
// The same for main(): exits 1 (ExitOnError, "<peer_name> channel") when it cannot be made.
std::shared_ptr<grpc::Channel> PeerChannelOrExit(const PeerConfig& peer,
                                                 const std::string& peer_name);

// Logs and prints `status` with `what`, then exits 1.
[[noreturn]] void ExitOnError(const absl::Status& status, const char* what);

// Parses argv into `flags`, then runs `validate` (the config's own checks); on either error prints
// the usage and exits 2.
void ParseFlagsOrExit(FlagSet& flags, int argc, char** argv,
                      const std::function<absl::Status()>& validate);

// What every service has once its flags are parsed.
struct ServiceBasics {
  std::unique_ptr<mysql::ConnectionPool> pool;
  // Null after --migrate_only.
  std::unique_ptr<TokenVerifier> verifier;
};

// Logging as `server` says (level, file), the database (OpenServiceDatabase: migrations applied;
// with mysql.migrate_only nothing else, and the caller returns 0), then the token verifier.
// Exits with a message on any failure.
ServiceBasics StartServiceBasics(const char* service_name, const ServerConfig& server,
                                 const MySqlConfig& mysql, const AuthConfig& auth,
                                 absl::Duration database_wait, const Clock* clock);

}  // namespace ccrm
