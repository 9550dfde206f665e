// The start-up steps every ccrm service's main() shares, so mains stay short wiring:
// token verifier and field cipher from config, the database (connect with retry while it starts,
// migrate-only mode, refuse an outdated schema), pool metrics, and a fatal-error exit.
//
// Example:
//   ASSIGN_OR_EXIT(auto verifier, TokenVerifierFromConfig(config.auth));
//   auto pool = OpenServiceDatabase(config.mysql, absl::Seconds(30));
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
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
// Otherwise it returns the pool once every migration is applied (FAILED_PRECONDITION if not).
absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> OpenServiceDatabase(
    const MySqlConfig& config, absl::Duration wait);

// Gauges ccrm_db_pool_{open,in_use,waiting,max} and counters of opened/discarded sessions,
// refreshed at scrape time.
void ExportPoolMetrics(const mysql::ConnectionPool* pool, MetricsRegistry& registry);

// A channel to a peer service: plaintext, TLS (CA file), or mTLS (plus client certificate and
// key). INVALID_ARGUMENT when a TLS file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerChannel(const PeerConfig& peer);

// Logs and prints `status` with `what`, then exits 1.
[[noreturn]] void ExitOnError(const absl::Status& status, const char* what);

}  // namespace ccrm
