#include "common/server/bootstrap.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/crypto/key_files.h"
#include "common/logging/logging.h"
#include "common/mysql/migrations.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm {

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifierFromConfig(const AuthConfig& config,
                                                                       const Clock* clock) {
  JwtVerifierOptions options;
  options.issuer = config.jwt_issuer;
  options.audience = config.jwt_audience;
  if (!config.jwt_hs256_key_file.empty()) {
    ASSIGN_OR_RETURN(JwtKey key, LoadJwtKey("", JwtAlgorithm::kHs256, config.jwt_hs256_key_file));
    options.keys.push_back(std::move(key));
  }
  if (!config.jwt_rs256_public_key_file.empty()) {
    ASSIGN_OR_RETURN(JwtKey key, LoadJwtKey(config.jwt_rs256_key_id, JwtAlgorithm::kRs256,
                                            config.jwt_rs256_public_key_file));
    options.keys.push_back(std::move(key));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<JwtVerifier> verifier,
                   JwtVerifier::Create(std::move(options), clock));
  return std::unique_ptr<TokenVerifier>(std::move(verifier));
}

absl::StatusOr<FieldCipher> FieldCipherFromConfig(const FieldEncryptionConfig& config) {
  ASSIGN_OR_RETURN(KeyRing ring, LoadKeyRingFile(config.encryption_keyring_file));
  ASSIGN_OR_RETURN(std::string blind_key,
                   LoadSecretFile(config.blind_index_key_file, kMinBlindIndexKeyBytes));
  return FieldCipher::Create(std::move(ring), std::move(blind_key));
}

absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> OpenServiceDatabase(
    const MySqlConfig& config, absl::Duration wait) {
  ASSIGN_OR_RETURN(std::vector<mysql::Migration> migrations,
                   mysql::ReadMigrationDir(config.migrations_dir));
  ASSIGN_OR_RETURN(mysql::ConnectionOptions options, mysql::ConnectionOptionsFromConfig(config));
  const absl::Time give_up = absl::Now() + wait;
  absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> pool;
  while (true) {
    pool = mysql::ConnectionPool::Create(options, config.migrate_only ? 1 : config.pool_size);
    if (pool.ok() || pool.status().code() != absl::StatusCode::kUnavailable ||
        absl::Now() >= give_up) {
      break;
    }
    LogWarn("database not reachable yet; retrying",
            {{"error", std::string(pool.status().message())}});
    absl::SleepFor(absl::Seconds(1));
  }
  RETURN_IF_ERROR(pool.status());
  if (config.migrate_only) {
    ASSIGN_OR_RETURN(int applied, mysql::ApplyMigrations(**pool, migrations));
    LogInfo("migrations applied", {{"applied", static_cast<int64_t>(applied)},
                                   {"known", static_cast<int64_t>(migrations.size())}});
    return std::unique_ptr<mysql::ConnectionPool>();
  }
  // A new release's pods may start before its migration job has run: wait for it (within the same
  // budget) instead of exiting at once and crash-looping.
  while (true) {
    absl::Status migrated = mysql::CheckMigrationsApplied(**pool, migrations);
    if (migrated.ok()) {
      return std::move(pool).value();
    }
    if (ErrorReason(migrated) != "SCHEMA_OUTDATED" || absl::Now() >= give_up) {
      return migrated;
    }
    LogWarn("schema not migrated yet; waiting for the migrations",
            {{"error", std::string(migrated.message())}});
    absl::SleepFor(absl::Seconds(1));
  }
}

void ExportPoolMetrics(const mysql::ConnectionPool* pool, MetricsRegistry& registry) {
  GaugeFamily& gauges =
      registry.AddGauge("ccrm_db_pool_sessions", "Database sessions by state", {"state"});
  Gauge& open = gauges.WithLabels({"open"});
  Gauge& in_use = gauges.WithLabels({"in_use"});
  Gauge& waiting = gauges.WithLabels({"waiting"});
  Gauge& max = gauges.WithLabels({"max"});
  // Counters (they only grow), brought up to the pool's own totals at each scrape.
  CounterFamily& totals = registry.AddCounter("ccrm_db_pool_sessions_total",
                                              "Sessions opened / discarded since start", {"event"});
  Counter& opened = totals.WithLabels({"opened"});
  Counter& discarded = totals.WithLabels({"discarded"});
  // Scrapes may run at once: one at a time brings the counters up, so none adds a step twice.
  auto hook_mu = std::make_shared<absl::Mutex>();
  registry.AddScrapeHook([=, &open, &in_use, &waiting, &max, &opened, &discarded] {
    absl::MutexLock lock(hook_mu.get());
    mysql::PoolStats s = pool->stats();
    open.Set(s.open);
    in_use.Set(s.in_use);
    waiting.Set(s.waiting);
    max.Set(s.max_size);
    opened.Increment(static_cast<double>(s.opened_total) - opened.value());
    discarded.Increment(static_cast<double>(s.discarded_total) - discarded.value());
  });
}

void ExitOnError(const absl::Status& status, const char* what) {
  LogError(what, {{"error", status.ToString()}});
  std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerChannel(const PeerConfig& peer) {
  grpc::ChannelArguments args;
  // Calls to a peer are small; keep the connection warm across idle periods.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  // Spread calls over every address the name resolves to (a headless Service's pods), per call
  // rather than per connection.
  args.SetServiceConfigJSON(R"({"loadBalancingConfig":[{"round_robin":{}}]})");
  if (peer.tls_ca_file.empty()) {
    return grpc::CreateCustomChannel(peer.address, grpc::InsecureChannelCredentials(), args);
  }
  grpc::SslCredentialsOptions tls;
  ASSIGN_OR_RETURN(tls.pem_root_certs, ReadFileToString(peer.tls_ca_file));
  if (!peer.tls_cert_file.empty()) {
    ASSIGN_OR_RETURN(tls.pem_cert_chain, ReadFileToString(peer.tls_cert_file));
    ASSIGN_OR_RETURN(tls.pem_private_key, ReadFileToString(peer.tls_key_file));
  }
  return grpc::CreateCustomChannel(peer.address, grpc::SslCredentials(tls), args);
}

std::shared_ptr<grpc::Channel> PeerChannelOrExit(const PeerConfig& peer,
                                                 const std::string& peer_name) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = PeerChannel(peer);
  if (!channel.ok()) {
    ExitOnError(channel.status(), (peer_name + " channel").c_str());
  }
  return *std::move(channel);
}

void ParseFlagsOrExit(FlagSet& flags, int argc, char** argv,
                      const std::function<absl::Status()>& validate) {
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  if (absl::Status s = validate(); !s.ok()) {
    ExitWithUsage(flags, s);
  }
}

ServiceBasics StartServiceBasics(const char* service_name, const ServerConfig& server,
                                 const MySqlConfig& mysql, const AuthConfig& auth,
                                 absl::Duration database_wait, const Clock* clock) {
  absl::StatusOr<LogLevel> level = ParseLogLevel(server.log_level);
  if (absl::Status s = InitLogging(service_name, level.value_or(LogLevel::kInfo), server.log_file);
      !s.ok()) {
    ExitOnError(s, "cannot open the log");
  }
  ServiceBasics basics;
  absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> pool =
      OpenServiceDatabase(mysql, database_wait);
  if (!pool.ok()) {
    ExitOnError(pool.status(), "database");
  }
  basics.pool = *std::move(pool);
  if (mysql.migrate_only) {
    return basics;
  }
  absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifierFromConfig(auth, clock);
  if (!verifier.ok()) {
    ExitOnError(verifier.status(), "auth keys");
  }
  basics.verifier = *std::move(verifier);
  return basics;
}

}  // namespace ccrm
