// The MySQL repositories: the repository contract (repository_contract_test.cc) against a real
// MariaDB, as the least-privilege user the service runs as, plus what only a database shows:
// racing assigns for one customer, racing upserts from one source, UpsertTaskIn inside the
// caller's transaction, and that the app user cannot change the schema.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql/transaction.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/relationship-service/storage/mysql_interaction_repository.h"
#include "services/relationship-service/storage/mysql_manager_repository.h"
#include "services/relationship-service/storage/mysql_task_repository.h"
#include "tests/relationship-service/storage/repository_contract.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;

absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewRelationshipTestDb() {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = RELATIONSHIP_MIGRATIONS_DIR;
  return testing::MySqlTestDb::Create(options);
}

class MySqlBackend final : public RelationshipBackend {
 public:
  explicit MySqlBackend(std::unique_ptr<testing::MySqlTestDb> db)
      : db_(std::move(db)),
        managers_(&db_->app_pool()),
        interactions_(&db_->app_pool()),
        tasks_(&db_->app_pool()) {}

  ManagerRepository& managers() override { return managers_; }
  InteractionRepository& interactions() override { return interactions_; }
  TaskRepository& tasks() override { return tasks_; }

 private:
  std::unique_ptr<testing::MySqlTestDb> db_;
  MySqlManagerRepository managers_;
  MySqlInteractionRepository interactions_;
  MySqlTaskRepository tasks_;
};

absl::StatusOr<std::unique_ptr<RelationshipBackend>> NewMySqlBackend() {
  absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewRelationshipTestDb();
  if (!db.ok()) {
    return db.status();
  }
  return std::unique_ptr<RelationshipBackend>(std::make_unique<MySqlBackend>(*std::move(db)));
}

INSTANTIATE_TEST_SUITE_P(MySql, RelationshipContractTest,
                         ::testing::Values(BackendFactory{"mysql", &NewMySqlBackend}));

class MySqlRelationshipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewRelationshipTestDb();
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
  }

  int64_t QueryInt(const std::string& sql) {
    absl::StatusOr<int64_t> n = db_->QueryIntAsAdmin(sql);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::unique_ptr<testing::MySqlTestDb> db_;
};

TEST_F(MySqlRelationshipTest, RacingAssignsForOneCustomerLeaveACleanHistory) {
  constexpr int kWriters = 4;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db_->NewPool(/*admin=*/false, kWriters));
  {
    MySqlManagerRepository managers(wide.get());
    std::vector<absl::Status> results(kWriters, absl::UnknownError("did not run"));
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([&, i] {
        results[i] = managers
                         .Assign(SampleAssignment(CustomerId(1), absl::StrCat("rm-", i), false),
                                 AnySize, Write(i))
                         .status();
      });
    }
    for (std::thread& t : threads) {
      t.join();
    }
    for (const absl::Status& status : results) {
      EXPECT_OK(status);
    }
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM assignments"), kWriters);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM assignments WHERE end_time IS NULL"), 1);
  // Every ended assignment ended when another began.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM assignments a WHERE a.end_time IS NOT NULL AND NOT "
                     "EXISTS (SELECT 1 FROM assignments b WHERE b.start_time = a.end_time AND "
                     "b.assignment_id <> a.assignment_id)"),
            0);
}

TEST_F(MySqlRelationshipTest, RacingUpsertsFromOneSourceKeepOneOpenTask) {
  constexpr int kWriters = 4;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db_->NewPool(/*admin=*/false, kWriters));
  {
    MySqlTaskRepository tasks(wide.get());
    std::vector<absl::Status> results(kWriters, absl::UnknownError("did not run"));
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([&, i] {
        results[i] =
            tasks
                .Upsert(SampleTask(TaskId(i + 1), "rm-1", "alerts/1", absl::CivilDay(2026, 3, 9)),
                        Write(i))
                .status();
      });
    }
    for (std::thread& t : threads) {
      t.join();
    }
    for (const absl::Status& status : results) {
      EXPECT_OK(status);
    }
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM follow_up_tasks"), 1);
  EXPECT_EQ(QueryInt("SELECT revision FROM follow_up_tasks"), kWriters);
}

TEST_F(MySqlRelationshipTest, UpsertTaskInWritesInTheCallersTransaction) {
  const FollowUpTask task = SampleTask(TaskId(1), "rm-1", "alerts/1", absl::CivilDay(2026, 3, 9));
  absl::Status rolled_back = mysql::RunInTransaction(
      db_->app_pool(), mysql::TxOptions{}, [&](mysql::Session& s) -> absl::Status {
        absl::StatusOr<FollowUpTask> stored = UpsertTaskIn(s, task, At(0));
        if (!stored.ok()) {
          return stored.status();
        }
        return absl::CancelledError("the consumer gave up");
      });
  EXPECT_THAT(rolled_back, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM follow_up_tasks"), 0);

  ASSERT_OK(mysql::RunInTransaction(
      db_->app_pool(), mysql::TxOptions{},
      [&](mysql::Session& s) -> absl::Status { return UpsertTaskIn(s, task, At(0)).status(); }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM follow_up_tasks WHERE status = 'OPEN'"), 1);
}

TEST_F(MySqlRelationshipTest, AppUserCannotChangeTheSchema) {
  absl::Status drop = mysql::RunInTransaction(db_->app_pool(), mysql::TxOptions{},
                                              [](mysql::Session& s) -> absl::Status {
                                                s.Execute("DROP TABLE follow_up_tasks");
                                                return absl::OkStatus();
                                              });
  EXPECT_THAT(drop, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM follow_up_tasks"), 0);
}

}  // namespace
}  // namespace ccrm::relationship
