// A throwaway MySQL/MariaDB database for tests that need a real server. It reads the server
// from CCRM_TEST_MYSQL_HOST / _PORT / _USER / _PASSWORD (an admin account, as tests/run.sh sets
// them up), creates a uniquely named database, optionally a least-privilege user that may only
// SELECT/INSERT/UPDATE/DELETE in it (as a service's own user may), applies a migrations
// directory as the admin, hands out connection pools, and drops the database and the user when
// destroyed. Missing variables are an error (tests must fail, never skip silently).
//
// Example:
//   class RepoTest : public ::testing::Test {
//    protected:
//     void SetUp() override {
//       MySqlTestDbOptions options;
//       options.migrations_dir = CUSTOMER_PROFILE_MIGRATIONS_DIR;
//       auto db = MySqlTestDb::Create(options);
//       ASSERT_TRUE(db.ok()) << db.status();
//       db_ = *std::move(db);
//     }
//     std::unique_ptr<MySqlTestDb> db_;
//   };
//   ... MySqlCustomerRepository repo(&db_->app_pool(), &cipher, &encoder);
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/mysql/connection_pool.h"

namespace ccrm::testing {

inline constexpr char kTestMySqlHostEnv[] = "CCRM_TEST_MYSQL_HOST";
inline constexpr char kTestMySqlPortEnv[] = "CCRM_TEST_MYSQL_PORT";
inline constexpr char kTestMySqlUserEnv[] = "CCRM_TEST_MYSQL_USER";
inline constexpr char kTestMySqlPasswordEnv[] = "CCRM_TEST_MYSQL_PASSWORD";

// The admin account from the environment, with no database selected. FAILED_PRECONDITION naming
// the missing or malformed variable (and how to run the tests) otherwise.
absl::StatusOr<mysql::ConnectionOptions> TestMySqlAdminOptionsFromEnv();

struct MySqlTestDbOptions {
  // Applied with the admin account when not empty.
  std::string migrations_dir;
  // Also create the least-privilege user (SELECT, INSERT, UPDATE, DELETE on this database only,
  // for 'localhost' and '127.0.0.1').
  bool create_app_user = true;
  // Size of each pool the fixture owns.
  int pool_size = 8;
};

class MySqlTestDb final {
 public:
  // Creates the database (and user) and applies the migrations. FAILED_PRECONDITION when the
  // environment does not name a server; UNAVAILABLE / PERMISSION_DENIED when it cannot be used;
  // a migration's error as it comes.
  static absl::StatusOr<std::unique_ptr<MySqlTestDb>> Create(const MySqlTestDbOptions& options);

  MySqlTestDb(const MySqlTestDb&) = delete;
  MySqlTestDb& operator=(const MySqlTestDb&) = delete;
  // Closes the pools it owns, then drops the database and the user (errors are printed to
  // stderr, not thrown). Pools made by NewPool must be destroyed before.
  ~MySqlTestDb();

  const std::string& database() const { return database_; }
  // Empty when no app user was created.
  const std::string& app_user() const { return app_user_; }

  // Admin account, this database selected.
  mysql::ConnectionPool& admin_pool() { return *admin_pool_; }
  // Least-privilege account, this database selected; requires create_app_user.
  mysql::ConnectionPool& app_pool() { return *app_pool_; }

  mysql::ConnectionOptions admin_options() const;
  // FAILED_PRECONDITION when no app user was created.
  absl::StatusOr<mysql::ConnectionOptions> app_options() const;

  // A new pool of `max_size` sessions for the admin or the app user (e.g. to size it for a
  // concurrency test). Destroy it before this object.
  absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> NewPool(bool admin, int max_size) const;

  // Runs statements without parameters as the admin in this database and commits (DDL, DML for
  // test setup). The status the database error maps to otherwise.
  absl::Status ExecuteAsAdmin(const std::string& sql);
  // The single integer `sql` selects (e.g. "SELECT COUNT(*) FROM customers"), as the admin.
  absl::StatusOr<int64_t> QueryIntAsAdmin(const std::string& sql);
  // The single text value `sql` selects (NULL as ""), as the admin.
  absl::StatusOr<std::string> QueryStringAsAdmin(const std::string& sql);

 private:
  MySqlTestDb(mysql::ConnectionOptions server, std::string database, std::string app_user,
              std::string app_password);

  const mysql::ConnectionOptions server_;
  const std::string database_;
  const std::string app_user_;
  const std::string app_password_;
  std::unique_ptr<mysql::ConnectionPool> admin_pool_;
  std::unique_ptr<mysql::ConnectionPool> app_pool_;
};

}  // namespace ccrm::testing
