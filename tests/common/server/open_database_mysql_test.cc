// OpenServiceDatabase against a real MariaDB: a service started before its migrations have run
// (a new release's pods racing the migration job) waits for them within --database_wait instead
// of exiting, and still refuses to serve an unmigrated schema once the wait is over.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/config/service_config.h"
#include "common/mysql/migrations.h"
#include "common/server/bootstrap.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/service_process.h"
#include "common/testing/status_matchers.h"

namespace ccrm {
namespace {

class OpenServiceDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MySqlTestDbOptions options;  // no migrations: the schema starts empty
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db =
        testing::MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
    char dir_template[] = "/tmp/ccrm_open_db_test_XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    std::ofstream(dir_ + "/001_init.sql")
        << "CREATE TABLE accounts (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n";
    ASSERT_OK_AND_ASSIGN(mysql::ConnectionOptions app, db_->app_options());
    ASSERT_OK(testing::WriteSecretFile(dir_ + "/password", app.password));
    config_.host = app.host;
    config_.port = app.port;
    config_.user = app.user;
    config_.password_file = dir_ + "/password";
    config_.database = app.database;
    config_.pool_size = 2;
    config_.migrations_dir = dir_;
  }

  void TearDown() override {
    db_.reset();
    std::system(("rm -rf " + dir_).c_str());
  }

  // Applies the migrations as the admin (what the migration job does as the migrator).
  absl::Status Migrate() {
    ASSIGN_OR_RETURN(std::vector<mysql::Migration> migrations,
                     mysql::ReadMigrationDir(config_.migrations_dir));
    return mysql::ApplyMigrations(db_->admin_pool(), migrations).status();
  }

  std::unique_ptr<testing::MySqlTestDb> db_;
  std::string dir_;
  MySqlConfig config_;
};

TEST_F(OpenServiceDatabaseTest, AnUnmigratedSchemaIsRefusedOnceTheWaitIsOver) {
  absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> pool =
      OpenServiceDatabase(config_, absl::Seconds(1));
  EXPECT_THAT(pool, ::ccrm::testing::StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(pool.status()), "SCHEMA_OUTDATED");
}

TEST_F(OpenServiceDatabaseTest, WaitsForTheMigrationsThatRunMeanwhile) {
  std::thread migration_job([this] {
    absl::SleepFor(absl::Seconds(2));
    EXPECT_OK(Migrate());
  });
  absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> pool =
      OpenServiceDatabase(config_, absl::Seconds(30));
  migration_job.join();
  ASSERT_OK(pool.status());
  ASSERT_NE(*pool, nullptr);
  pool->reset();
}

}  // namespace
}  // namespace ccrm
