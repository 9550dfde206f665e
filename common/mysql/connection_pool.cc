#include "common/mysql/connection_pool.h"

#include <mysql_driver.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/mysql/sql_error.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::mysql {
namespace {

// Connector/C++ wants the driver fetched once, before threads race for it.
sql::mysql::MySQL_Driver* Driver() {
  static sql::mysql::MySQL_Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

int Seconds(absl::Duration d) { return std::max(1, static_cast<int>(absl::ToInt64Seconds(d))); }

// CR_SSL_CONNECTION_ERROR: the client could not set up TLS (no TLS on the server, a chain or host
// name that does not verify, an unreadable CA or key).
constexpr int kErrTlsConnection = 2026;

absl::Status CheckTlsOptions(const ConnectionOptions& o) {
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return absl::InvalidArgumentError("a MySQL client certificate needs its key, and the reverse");
  }
  if (!o.tls_cert_file.empty() && o.tls_ca_file.empty()) {
    return absl::InvalidArgumentError("a MySQL client certificate needs a CA to verify the server");
  }
  return absl::OkStatus();
}

// Connector/C++ 1.1.12 over libmariadb, as tests/common/mysql/mysql_tls_db_test.cc shows:
// sslCA alone verifies the chain but not the host name, and talks plaintext to a server that
// offers no TLS. sslVerify (MYSQL_OPT_SSL_VERIFY_SERVER_CERT) adds the host name check and
// refuses such a server. sslEnforce does not refuse plaintext there, and OPT_SSL_MODE never
// reaches libmariadb, so neither is used.
void AddTlsProperties(const ConnectionOptions& o, sql::ConnectOptionsMap& properties) {
  if (o.tls_ca_file.empty()) {
    return;
  }
  properties["sslCA"] = o.tls_ca_file;
  properties["sslVerify"] = true;
  if (!o.tls_cert_file.empty()) {
    properties["sslCert"] = o.tls_cert_file;
    properties["sslKey"] = o.tls_key_file;
  }
}

}  // namespace

absl::StatusOr<ConnectionOptions> ConnectionOptionsFromConfig(const MySqlConfig& config) {
  ConnectionOptions o;
  o.host = config.host;
  o.port = config.port;
  o.user = config.user;
  o.database = config.database;
  o.connect_timeout = config.connect_timeout;
  o.read_timeout = config.read_timeout;
  o.write_timeout = config.write_timeout;
  o.acquire_timeout = config.acquire_timeout;
  o.tls_ca_file = config.tls_ca_file;
  o.tls_cert_file = config.tls_cert_file;
  o.tls_key_file = config.tls_key_file;
  if (!config.password_file.empty()) {
    ASSIGN_OR_RETURN(std::string password, ReadFileToString(config.password_file));
    o.password = std::string(absl::StripTrailingAsciiWhitespace(password));
  }
  return o;
}

Session::Session(std::unique_ptr<sql::Connection> connection)
    : connection_(std::move(connection)) {}

Session::~Session() {
  prepared_.clear();
  statement_.reset();
  if (connection_ != nullptr) {
    try {
      connection_->close();
    } catch (const sql::SQLException&) {
      // Closing a broken connection may throw; there is nothing left to do with it.
    }
  }
}

sql::PreparedStatement& Session::Prepare(const std::string& sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::unique_ptr<sql::PreparedStatement> stmt(connection_->prepareStatement(sql));
    it = prepared_.emplace(sql, std::move(stmt)).first;
  } else {
    it->second->clearParameters();
  }
  return *it->second;
}

void Session::Execute(const std::string& sql) {
  if (statement_ == nullptr) {
    statement_.reset(connection_->createStatement());
  }
  statement_->execute(sql);
}

// COMMIT and ROLLBACK go as statements: Connector/C++ 1.1's Connection::commit() and rollback()
// ignore the server's answer, so a connection lost during COMMIT looked like a commit (measured:
// tests/fault found acknowledged writes missing after MariaDB was killed). A statement throws.
void Session::Commit() { Execute("COMMIT"); }

void Session::RollbackQuietly() {
  try {
    Execute("ROLLBACK");
  } catch (const sql::SQLException&) {
    broken_ = true;
  }
}

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<Session> session)
    : pool_(pool), session_(std::move(session)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), session_(std::move(other.session_)) {}

ConnectionPool::Lease::~Lease() {
  if (session_ != nullptr) {
    pool_->Release(std::move(session_));
  }
}

ConnectionPool::ConnectionPool(ConnectionOptions options, int max_size)
    : options_(std::move(options)), max_size_(max_size) {}

ConnectionPool::~ConnectionPool() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(ConnectionOptions options,
                                                                       int max_size) {
  RETURN_IF_ERROR(CheckTlsOptions(options));
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(std::move(options), max_size));
  ASSIGN_OR_RETURN(auto first, pool->Open());
  {
    absl::MutexLock lock(&pool->mu_);
    pool->open_ = 1;
    pool->opened_total_ = 1;
    pool->idle_.push_back(std::move(first));
  }
  return pool;
}

absl::StatusOr<std::unique_ptr<Session>> ConnectionPool::Open() {
  sql::ConnectOptionsMap o;
  o["hostName"] = options_.host;
  o["port"] = options_.port;
  o["userName"] = options_.user;
  o["password"] = options_.password;
  o["schema"] = options_.database;
  o["OPT_CONNECT_TIMEOUT"] = Seconds(options_.connect_timeout);
  o["OPT_READ_TIMEOUT"] = Seconds(options_.read_timeout);
  o["OPT_WRITE_TIMEOUT"] = Seconds(options_.write_timeout);
  o["OPT_RECONNECT"] = false;
  o["OPT_CHARSET_NAME"] = "utf8mb4";
  AddTlsProperties(options_, o);
  try {
    std::unique_ptr<sql::Connection> connection(Driver()->connect(o));
    auto session = std::make_unique<Session>(std::move(connection));
    session->Execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    session->Execute(
        "SET SESSION time_zone = '+00:00', "
        "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
        "NO_ENGINE_SUBSTITUTION'");
    return session;
  } catch (const sql::SQLException& e) {
    absl::Status s = SqlErrorToStatus(e);
    if (e.getErrorCode() == kErrTlsConnection) {
      // UNAVAILABLE like any server we cannot talk to safely: start-up keeps retrying (a server
      // may come back with a certificate that verifies), a caller's request is not at fault.
      return WithReason(
          absl::UnavailableError(absl::StrCat("TLS to the database failed: ", s.message())),
          "DATABASE_TLS_FAILED");
    }
    if (s.code() == absl::StatusCode::kInternal) {
      // A connect-time failure we did not classify is still "cannot reach the database".
      return WithReason(absl::UnavailableError(s.message()), "DATABASE_UNAVAILABLE");
    }
    return s;
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(absl::Time deadline) {
  const absl::Time give_up = std::min(deadline, absl::Now() + options_.acquire_timeout);
  {
    absl::MutexLock lock(&mu_);
    ++waiting_;
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < max_size_;
    };
    mu_.AwaitWithDeadline(absl::Condition(&available), give_up);
    --waiting_;
    if (!idle_.empty()) {
      std::unique_ptr<Session> session = std::move(idle_.back());
      idle_.pop_back();
      ++in_use_;
      return Lease(this, std::move(session));
    }
    if (open_ >= max_size_) {
      if (give_up == deadline) {
        return absl::DeadlineExceededError("deadline passed while waiting for a database session");
      }
      return WithReason(
          absl::UnavailableError(absl::StrCat("all ", max_size_, " database sessions are busy")),
          "DATABASE_POOL_EXHAUSTED");
    }
    ++open_;
    ++in_use_;
  }
  absl::StatusOr<std::unique_ptr<Session>> session = Open();
  absl::MutexLock lock(&mu_);
  if (!session.ok()) {
    --open_;
    --in_use_;
    return session.status();
  }
  ++opened_total_;
  return Lease(this, *std::move(session));
}

void ConnectionPool::Release(std::unique_ptr<Session> session) {
  absl::MutexLock lock(&mu_);
  --in_use_;
  if (session->broken()) {
    --open_;
    ++discarded_total_;
    return;  // the session closes outside any reuse
  }
  idle_.push_back(std::move(session));
}

PoolStats ConnectionPool::stats() const {
  absl::MutexLock lock(&mu_);
  return PoolStats{max_size_, open_, in_use_, waiting_, opened_total_, discarded_total_};
}

}  // namespace ccrm::mysql
