#include "common/testing/mysql_test_db.h"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <random>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/mysql/migrations.h"
#include "common/mysql/sql_error.h"
#include "common/status/status_macros.h"

namespace ccrm::testing {
namespace {

absl::Status MissingEnv(const char* name, const std::string& problem) {
  return absl::FailedPreconditionError(absl::StrCat(
      name, " ", problem,
      ": the mysql-labelled tests need a MariaDB/MySQL server with an admin account; run them "
      "through tests/run.sh (which starts a throwaway one), or export ",
      kTestMySqlHostEnv, ", ", kTestMySqlPortEnv, ", ", kTestMySqlUserEnv, " and ",
      kTestMySqlPasswordEnv));
}

// `bytes` random bytes as lower-case hex.
std::string RandomHex(int bytes) {
  static std::random_device device;
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    absl::StrAppendFormat(&out, "%02x", device() & 0xff);
  }
  return out;
}

// Runs parameterless statements on one session of `pool` and commits.
absl::Status ExecuteAll(mysql::ConnectionPool& pool, const std::vector<std::string>& statements) {
  ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease, pool.Acquire());
  try {
    for (const std::string& sql : statements) {
      lease->Execute(sql);
    }
    lease->Commit();
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    lease->RollbackQuietly();
    return mysql::SqlErrorToStatus(e);
  }
}

}  // namespace

absl::StatusOr<mysql::ConnectionOptions> TestMySqlAdminOptionsFromEnv() {
  mysql::ConnectionOptions options;
  const char* host = std::getenv(kTestMySqlHostEnv);
  const char* port = std::getenv(kTestMySqlPortEnv);
  const char* user = std::getenv(kTestMySqlUserEnv);
  const char* password = std::getenv(kTestMySqlPasswordEnv);
  if (host == nullptr || *host == '\0') {
    return MissingEnv(kTestMySqlHostEnv, "is not set");
  }
  if (port == nullptr || *port == '\0') {
    return MissingEnv(kTestMySqlPortEnv, "is not set");
  }
  if (user == nullptr || *user == '\0') {
    return MissingEnv(kTestMySqlUserEnv, "is not set");
  }
  if (password == nullptr) {
    return MissingEnv(kTestMySqlPasswordEnv, "is not set");
  }
  options.host = host;
  if (!absl::SimpleAtoi(port, &options.port) || options.port <= 0 || options.port > 65535) {
    return MissingEnv(kTestMySqlPortEnv, absl::StrCat("is not a port number (\"", port, "\")"));
  }
  options.user = user;
  options.password = password;
  options.connect_timeout = absl::Seconds(10);
  options.acquire_timeout = absl::Seconds(30);
  return options;
}

MySqlTestDb::MySqlTestDb(mysql::ConnectionOptions server, std::string database,
                         std::string app_user, std::string app_password)
    : server_(std::move(server)),
      database_(std::move(database)),
      app_user_(std::move(app_user)),
      app_password_(std::move(app_password)) {}

absl::StatusOr<std::unique_ptr<MySqlTestDb>> MySqlTestDb::Create(
    const MySqlTestDbOptions& options) {
  ASSIGN_OR_RETURN(mysql::ConnectionOptions server, TestMySqlAdminOptionsFromEnv());
  static std::atomic<int> counter{0};
  const std::string suffix =
      absl::StrCat(static_cast<int>(getpid()), "_", counter.fetch_add(1), "_", RandomHex(4));
  const std::string database = absl::StrCat("t_", suffix);
  std::string app_user;
  std::string app_password;
  if (options.create_app_user) {
    app_user = absl::StrCat("u_", suffix);
    app_password = RandomHex(24);
  }

  ASSIGN_OR_RETURN(std::unique_ptr<mysql::ConnectionPool> bootstrap,
                   mysql::ConnectionPool::Create(server, 1));
  RETURN_IF_ERROR(
      ExecuteAll(*bootstrap, {absl::StrCat("CREATE DATABASE `", database,
                                           "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")}));
  // From here on the destructor cleans up whatever was made.
  std::unique_ptr<MySqlTestDb> db(new MySqlTestDb(server, database, app_user, app_password));
  if (options.create_app_user) {
    std::vector<std::string> statements;
    for (const char* host : {"localhost", "127.0.0.1"}) {
      statements.push_back(absl::StrCat("CREATE USER '", app_user, "'@'", host, "' IDENTIFIED BY '",
                                        app_password, "'"));
      statements.push_back(absl::StrCat("GRANT SELECT, INSERT, UPDATE, DELETE ON `", database,
                                        "`.* TO '", app_user, "'@'", host, "'"));
    }
    RETURN_IF_ERROR(ExecuteAll(*bootstrap, statements));
  }
  bootstrap.reset();

  ASSIGN_OR_RETURN(db->admin_pool_, db->NewPool(/*admin=*/true, options.pool_size));
  if (!options.migrations_dir.empty()) {
    ASSIGN_OR_RETURN(std::vector<mysql::Migration> migrations,
                     mysql::ReadMigrationDir(options.migrations_dir));
    ASSIGN_OR_RETURN(int applied, mysql::ApplyMigrations(*db->admin_pool_, migrations));
    (void)applied;
  }
  if (options.create_app_user) {
    ASSIGN_OR_RETURN(db->app_pool_, db->NewPool(/*admin=*/false, options.pool_size));
  }
  return db;
}

MySqlTestDb::~MySqlTestDb() {
  app_pool_.reset();
  admin_pool_.reset();
  absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> bootstrap =
      mysql::ConnectionPool::Create(server_, 1);
  if (!bootstrap.ok()) {
    std::cerr << "MySqlTestDb: cannot drop " << database_ << ": " << bootstrap.status() << "\n";
    return;
  }
  // A session that still holds a lock in the database would block DROP DATABASE: give up soon.
  std::vector<std::string> statements = {"SET SESSION lock_wait_timeout = 20",
                                         absl::StrCat("DROP DATABASE IF EXISTS `", database_, "`")};
  if (!app_user_.empty()) {
    statements.push_back(absl::StrCat("DROP USER IF EXISTS '", app_user_, "'@'localhost', '",
                                      app_user_, "'@'127.0.0.1'"));
  }
  absl::Status status = ExecuteAll(**bootstrap, statements);
  if (!status.ok()) {
    std::cerr << "MySqlTestDb: cannot drop " << database_ << ": " << status << "\n";
  }
}

mysql::ConnectionOptions MySqlTestDb::admin_options() const {
  mysql::ConnectionOptions options = server_;
  options.database = database_;
  return options;
}

absl::StatusOr<mysql::ConnectionOptions> MySqlTestDb::app_options() const {
  if (app_user_.empty()) {
    return absl::FailedPreconditionError("this test database was made without an app user");
  }
  mysql::ConnectionOptions options = admin_options();
  options.user = app_user_;
  options.password = app_password_;
  return options;
}

absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> MySqlTestDb::NewPool(bool admin,
                                                                            int max_size) const {
  mysql::ConnectionOptions options = admin_options();
  if (!admin) {
    ASSIGN_OR_RETURN(options, app_options());
  }
  return mysql::ConnectionPool::Create(std::move(options), max_size);
}

absl::Status MySqlTestDb::ExecuteAsAdmin(const std::string& sql) {
  return ExecuteAll(*admin_pool_, {sql});
}

absl::StatusOr<int64_t> MySqlTestDb::QueryIntAsAdmin(const std::string& sql) {
  ASSIGN_OR_RETURN(std::string text, QueryStringAsAdmin(sql));
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", sql, "\" gave \"", text, "\", not an integer"));
  }
  return value;
}

absl::StatusOr<std::string> MySqlTestDb::QueryStringAsAdmin(const std::string& sql) {
  ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease, admin_pool_->Acquire());
  try {
    std::string value;
    {
      sql::PreparedStatement& stmt = lease->Prepare(sql);
      std::unique_ptr<sql::ResultSet> rs(stmt.executeQuery());
      if (!rs->next()) {
        lease->Commit();
        return absl::NotFoundError(absl::StrCat("\"", sql, "\" selected no row"));
      }
      value = rs->getString(1).asStdString();
    }
    lease->Commit();
    return value;
  } catch (const sql::SQLException& e) {
    lease->RollbackQuietly();
    return mysql::SqlErrorToStatus(e);
  }
}

}  // namespace ccrm::testing
