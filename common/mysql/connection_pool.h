// A bounded pool of MySQL sessions over Connector/C++ 1.1 (JDBC-style API). Auto-reconnect is
// off: a session whose connection broke is discarded, never silently reused, because a
// reconnected session would autocommit while the caller believes it is in a transaction.
// Sessions run in autocommit (transactions are explicit: see transaction.h), READ COMMITTED, UTC,
// strict SQL mode; each caches its prepared statements (Connector/C++ prepares server-side, so
// re-preparing costs round trips).
//
// Example:
//   ASSIGN_OR_RETURN(auto pool, ConnectionPool::Create(options, 8));
//   ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool->Acquire(deadline));
//   sql::PreparedStatement& stmt = lease->Prepare("SELECT 1");
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/config/service_config.h"

namespace ccrm::mysql {

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration read_timeout = absl::Seconds(30);
  absl::Duration write_timeout = absl::Seconds(30);
  absl::Duration acquire_timeout = absl::Seconds(5);
  // TLS, off when tls_ca_file is empty. With a CA every connection must negotiate TLS, the
  // server's chain must verify against the CA and its certificate must name `host` (DNS name or
  // IP, as given); a server without TLS is refused, never talked to in plaintext. The client
  // certificate and key (both or neither, and only with the CA) answer REQUIRE X509 accounts.
  // The connector reads the files at each new connection, so renewed files need no restart.
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Reads the password file named by the config. NOT_FOUND if it cannot be read.
absl::StatusOr<ConnectionOptions> ConnectionOptionsFromConfig(const MySqlConfig& config);

// One open connection; used by one thread at a time.
class Session final {
 public:
  explicit Session(std::unique_ptr<sql::Connection> connection);
  ~Session();

  // A cached prepared statement with its parameters cleared. Throws sql::SQLException.
  sql::PreparedStatement& Prepare(const std::string& sql);
  // Runs a statement without parameters (DDL, SET, ...). Throws sql::SQLException.
  void Execute(const std::string& sql);
  void Commit();
  // Never throws; marks the session broken when the rollback fails.
  void RollbackQuietly();

  sql::Connection& connection() { return *connection_; }
  bool broken() const { return broken_; }
  void MarkBroken() { broken_ = true; }

  // Runs `action` once the open transaction has committed (Transaction::Commit); dropped if it
  // rolls back. For what must not happen before the data is durable, e.g. waking the outbox's
  // streams.
  void AfterCommit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }
  std::vector<std::function<void()>> TakeAfterCommit() { return std::exchange(after_commit_, {}); }

 private:
  std::unique_ptr<sql::Connection> connection_;
  std::unique_ptr<sql::Statement> statement_;
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> prepared_;
  bool broken_ = false;
  std::vector<std::function<void()>> after_commit_;
};

struct PoolStats {
  int max_size = 0;
  int open = 0;
  int in_use = 0;
  int waiting = 0;
  int64_t opened_total = 0;
  int64_t discarded_total = 0;
};

class ConnectionPool final {
 public:
  // Hands a session back to the pool (or discards it when broken) on destruction.
  class Lease final {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Session* operator->() { return session_.get(); }
    Session& operator*() { return *session_; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Session> session);
    ConnectionPool* pool_;
    std::unique_ptr<Session> session_;
  };

  // Opens one connection to prove the options work: UNAVAILABLE when the server cannot be
  // reached (reason DATABASE_TLS_FAILED when TLS cannot be negotiated or the server's certificate
  // does not verify), PERMISSION_DENIED on bad credentials (or an account that requires TLS or a
  // client certificate it did not get), INVALID_ARGUMENT when a client certificate or key is
  // given without the other or without a CA.
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Create(ConnectionOptions options,
                                                                int max_size);
  ~ConnectionPool();

  // A healthy session, waiting until `deadline` (capped by acquire_timeout) for one to be free.
  // UNAVAILABLE (reason DATABASE_POOL_EXHAUSTED) when none frees up in time, UNAVAILABLE when a
  // new connection cannot be opened, DEADLINE_EXCEEDED when `deadline` itself passed.
  absl::StatusOr<Lease> Acquire(absl::Time deadline = absl::InfiniteFuture());

  PoolStats stats() const;
  const ConnectionOptions& options() const { return options_; }

 private:
  ConnectionPool(ConnectionOptions options, int max_size);
  absl::StatusOr<std::unique_ptr<Session>> Open();
  void Release(std::unique_ptr<Session> session);

  const ConnectionOptions options_;
  const int max_size_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Session>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t opened_total_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t discarded_total_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ccrm::mysql
