// The MySQL engagement repository: the engagement contract (engagement_contract_test.cc) against
// a real MariaDB as the least-privilege user, events read back from outbox_events; plus what only
// a database shows: two sweepers racing over the same overdue engagements, a sweep skipping a
// row another transaction holds, PlanNewCustomerIn inside the consumer's transaction (once per
// customer, also when racing), racing completions of one engagement, and that a refused
// interaction writes nothing.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/relationship-service/storage/mysql_engagement_repository.h"
#include "services/relationship-service/storage/mysql_interaction_repository.h"
#include "services/relationship-service/storage/mysql_manager_repository.h"
#include "tests/relationship-service/storage/engagement_contract.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::UnorderedElementsAre;

absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewEngagementTestDb() {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = RELATIONSHIP_MIGRATIONS_DIR;
  return testing::MySqlTestDb::Create(options);
}

// Every outbox row, in sequence order, read as the admin.
absl::StatusOr<std::vector<events::OutboxEvent>> ReadOutbox(mysql::ConnectionPool& pool) {
  return mysql::RunReadOnly<std::vector<events::OutboxEvent>>(
      pool, mysql::TxOptions{},
      [](mysql::Session& s) -> absl::StatusOr<std::vector<events::OutboxEvent>> {
        sql::PreparedStatement& select = s.Prepare(
            "SELECT event_id, event_type, subject, request_id, payload, occur_time "
            "FROM outbox_events ORDER BY sequence");
        std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
        std::vector<events::OutboxEvent> out;
        while (rs->next()) {
          out.push_back(events::OutboxEvent{
              rs->getString("event_id").asStdString(), rs->getString("event_type").asStdString(),
              rs->getString("subject").asStdString(), rs->getString("request_id").asStdString(),
              rs->getString("payload").asStdString(), mysql::GetTime(*rs, "occur_time")});
        }
        return out;
      });
}

class MySqlEngagementBackend final : public EngagementBackend {
 public:
  explicit MySqlEngagementBackend(std::unique_ptr<testing::MySqlTestDb> db)
      : db_(std::move(db)),
        engagements_(&db_->app_pool()),
        managers_(&db_->app_pool()),
        interactions_(&db_->app_pool()) {}

  EngagementRepository& engagements() override { return engagements_; }
  ManagerRepository& managers() override { return managers_; }
  InteractionRepository& interactions() override { return interactions_; }
  absl::StatusOr<std::vector<events::OutboxEvent>> events() override {
    return ReadOutbox(db_->admin_pool());
  }

 private:
  std::unique_ptr<testing::MySqlTestDb> db_;
  MySqlEngagementRepository engagements_;
  MySqlManagerRepository managers_;
  MySqlInteractionRepository interactions_;
};

absl::StatusOr<std::unique_ptr<EngagementBackend>> NewMySqlEngagementBackend() {
  absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewEngagementTestDb();
  if (!db.ok()) {
    return db.status();
  }
  return std::unique_ptr<EngagementBackend>(
      std::make_unique<MySqlEngagementBackend>(*std::move(db)));
}

INSTANTIATE_TEST_SUITE_P(MySql, EngagementContractTest,
                         ::testing::Values(EngagementBackendFactory{"mysql",
                                                                    &NewMySqlEngagementBackend}));

class MySqlEngagementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewEngagementTestDb();
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
  }

  int64_t QueryInt(const std::string& sql) {
    absl::StatusOr<int64_t> n = db_->QueryIntAsAdmin(sql);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  // `count` open engagements of `customer_id` numbered from `first`, all long past their grace
  // on 20 March 2026.
  void PlanOverdue(const std::string& customer_id, int first, int count) {
    std::vector<Engagement> plan;
    for (int n = first; n < first + count; ++n) {
      plan.push_back(SampleEngagement(n, customer_id, absl::CivilDay(2026, 1, 1 + n % 28), 5));
    }
    MySqlEngagementRepository engagements(&db_->app_pool());
    ASSERT_OK(engagements
                  .ReplacePlan(customer_id, absl::CivilDay(2025, 1, 1), plan, Key("", ""), Write(0))
                  .status());
  }

  // Runs PlanNewCustomerIn in a transaction of its own on `pool`.
  static absl::StatusOr<int> PlanNewCustomer(mysql::ConnectionPool& pool,
                                             const std::string& customer_id,
                                             const std::vector<Engagement>& plan) {
    return mysql::RunInTransaction<int>(pool, mysql::TxOptions{},
                                        [&](mysql::Session& s) -> absl::StatusOr<int> {
                                          return PlanNewCustomerIn(s, customer_id, plan);
                                        });
  }

  const MissedEventEncoder encoder_;
  std::unique_ptr<testing::MySqlTestDb> db_;
};

TEST_F(MySqlEngagementTest, TwoSweepersMarkEachOfTwoHundredEngagementsOnce) {
  constexpr int kEngagements = 200;
  PlanOverdue(CustomerId(1), 1, kEngagements / 2);
  PlanOverdue(CustomerId(2), 1 + kEngagements / 2, kEngagements / 2);
  ASSERT_EQ(QueryInt("SELECT COUNT(*) FROM engagements WHERE state = 'OPEN'"), kEngagements);

  constexpr int kSweepers = 2;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db_->NewPool(/*admin=*/false, kSweepers));
  {
    MySqlEngagementRepository engagements(wide.get());
    std::vector<absl::StatusOr<int>> results(kSweepers, absl::UnknownError("did not run"));
    absl::Notification go;
    std::vector<std::thread> threads;
    for (int i = 0; i < kSweepers; ++i) {
      threads.emplace_back([&, i] {
        go.WaitForNotification();
        WriteContext write = Write(100 + i);
        write.request_id = absl::StrCat("sweeper-", i);
        results[i] = engagements.SweepMissed(absl::CivilDay(2026, 3, 20), 1000, encoder_, write);
      });
    }
    go.Notify();
    for (std::thread& t : threads) {
      t.join();
    }
    int total = 0;
    for (const absl::StatusOr<int>& result : results) {
      ASSERT_OK(result.status());
      total += *result;
    }
    EXPECT_EQ(total, kEngagements) << "between them, every engagement once";
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements WHERE state = 'MISSED'"), kEngagements);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), kEngagements);
  EXPECT_EQ(QueryInt("SELECT COUNT(DISTINCT subject) FROM outbox_events"), kEngagements);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'EngagementMissed'"),
            kEngagements);

  MySqlEngagementRepository engagements(&db_->app_pool());
  ASSERT_OK_AND_ASSIGN(
      int again, engagements.SweepMissed(absl::CivilDay(2026, 3, 20), 1000, encoder_, Write(200)));
  EXPECT_EQ(again, 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), kEngagements);
}

TEST_F(MySqlEngagementTest, SweepSkipsAnEngagementAnotherTransactionHolds) {
  PlanOverdue(CustomerId(1), 1, 3);
  MySqlEngagementRepository engagements(&db_->app_pool());
  {
    // Another replica (or an interaction completing it) holds engagement 2's row.
    ASSERT_OK_AND_ASSIGN(mysql::ConnectionPool::Lease holder, db_->admin_pool().Acquire());
    mysql::Transaction tx(*holder);
    sql::PreparedStatement& lock =
        holder->Prepare("SELECT engagement_id FROM engagements WHERE engagement_id = ? FOR UPDATE");
    lock.setString(1, EngagementId(2));
    std::unique_ptr<sql::ResultSet> locked(lock.executeQuery());
    ASSERT_TRUE(locked->next());

    // Without waiting for the lock, the sweep takes the other two.
    ASSERT_OK_AND_ASSIGN(
        int swept, engagements.SweepMissed(absl::CivilDay(2026, 3, 20), 10, encoder_, Write(10)));
    EXPECT_EQ(swept, 2);
  }  // rolled back: the lock is released
  ASSERT_OK_AND_ASSIGN(Engagement held, engagements.Get(CustomerId(1), EngagementId(2)));
  EXPECT_EQ(held.state, EngagementState::kOpen);
  ASSERT_OK_AND_ASSIGN(
      int later, engagements.SweepMissed(absl::CivilDay(2026, 3, 20), 10, encoder_, Write(20)));
  EXPECT_EQ(later, 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 3);
}

TEST_F(MySqlEngagementTest, PlanNewCustomerInStoresOnePlanPerCustomer) {
  const std::vector<Engagement> plan = {
      SampleEngagement(2, CustomerId(1), absl::CivilDay(2026, 4, 1)),
      SampleEngagement(1, CustomerId(1), absl::CivilDay(2026, 3, 15)),
      SampleEngagement(3, CustomerId(1), absl::CivilDay(2026, 5, 1))};

  // The consumer's transaction gave up: nothing stays, the claim neither.
  absl::Status rolled_back = mysql::RunInTransaction(
      db_->app_pool(), mysql::TxOptions{}, [&](mysql::Session& s) -> absl::Status {
        absl::StatusOr<int> planned = PlanNewCustomerIn(s, CustomerId(1), plan);
        if (!planned.ok()) {
          return planned.status();
        }
        EXPECT_EQ(*planned, 3);
        return absl::CancelledError("the consumer gave up");
      });
  EXPECT_THAT(rolled_back, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements"), 0);

  ASSERT_OK_AND_ASSIGN(int first, PlanNewCustomer(db_->app_pool(), CustomerId(1), plan));
  EXPECT_EQ(first, 3);
  // Delivered again (other ids, as a second consumer run would make them): nothing more.
  std::vector<Engagement> again = {SampleEngagement(4, CustomerId(1), absl::CivilDay(2026, 4, 1))};
  ASSERT_OK_AND_ASSIGN(int second, PlanNewCustomer(db_->app_pool(), CustomerId(1), again));
  EXPECT_EQ(second, 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements"), 3);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements WHERE state = 'OPEN' AND "
                     "customer_id = '" +
                     CustomerId(1) + "'"),
            3);

  // A customer someone already planned for by hand keeps that plan.
  MySqlEngagementRepository engagements(&db_->app_pool());
  ASSERT_OK(engagements
                .ReplacePlan(CustomerId(2), absl::CivilDay(2026, 3, 1),
                             {SampleEngagement(5, CustomerId(2), absl::CivilDay(2026, 6, 1))},
                             Key("", ""), Write(0))
                .status());
  ASSERT_OK_AND_ASSIGN(
      int planned_by_hand,
      PlanNewCustomer(db_->app_pool(), CustomerId(2),
                      {SampleEngagement(6, CustomerId(2), absl::CivilDay(2026, 4, 1))}));
  EXPECT_EQ(planned_by_hand, 0);

  ASSERT_OK_AND_ASSIGN(int empty, PlanNewCustomer(db_->app_pool(), CustomerId(3), {}));
  EXPECT_EQ(empty, 0);
}

TEST_F(MySqlEngagementTest, RacingNewCustomerPlansStoreOne) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db_->NewPool(/*admin=*/false, 2));
  std::vector<absl::StatusOr<int>> results(2, absl::UnknownError("did not run"));
  {
    absl::Notification go;
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        std::vector<Engagement> plan;
        for (int n = 0; n < 3; ++n) {
          plan.push_back(
              SampleEngagement(10 * (i + 1) + n, CustomerId(1), absl::CivilDay(2026, 4, 1 + n)));
        }
        go.WaitForNotification();
        results[i] = PlanNewCustomer(*wide, CustomerId(1), plan);
      });
    }
    go.Notify();
    for (std::thread& t : threads) {
      t.join();
    }
  }
  std::vector<int> planned;
  for (const absl::StatusOr<int>& r : results) {
    ASSERT_OK(r.status());
    planned.push_back(*r);
  }
  EXPECT_THAT(planned, UnorderedElementsAre(3, 0));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements"), 3);
}

TEST_F(MySqlEngagementTest, AnInteractionWithAMissingEngagementWritesNothing) {
  PlanOverdue(CustomerId(1), 1, 1);
  MySqlInteractionRepository interactions(&db_->app_pool());
  absl::StatusOr<Interaction> missing = interactions.Log(
      CompletingInteraction(1, CustomerId(1), EngagementId(404)), Key("log-1", "f"), Write(10));
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "ENGAGEMENT_NOT_FOUND");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM interactions"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys WHERE scope = 'interactions.log'"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements WHERE state = 'OPEN'"), 1);

  // Corrected, the same request goes through.
  ASSERT_OK(interactions
                .Log(CompletingInteraction(1, CustomerId(1), EngagementId(1)), Key("log-1", "f"),
                     Write(11))
                .status());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM interactions"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements WHERE state = 'COMPLETED'"), 1);
}

TEST_F(MySqlEngagementTest, RacingCompletionsOfOneEngagementLetOneThrough) {
  PlanOverdue(CustomerId(1), 1, 1);
  constexpr int kWriters = 4;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db_->NewPool(/*admin=*/false, kWriters));
  std::vector<absl::Status> results(kWriters, absl::UnknownError("did not run"));
  {
    MySqlInteractionRepository interactions(wide.get());
    absl::Notification go;
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([&, i] {
        go.WaitForNotification();
        results[i] = interactions
                         .Log(CompletingInteraction(i + 1, CustomerId(1), EngagementId(1)),
                              Key("", ""), Write(i))
                         .status();
      });
    }
    go.Notify();
    for (std::thread& t : threads) {
      t.join();
    }
  }
  int completed = 0;
  for (const absl::Status& status : results) {
    if (status.ok()) {
      ++completed;
    } else {
      EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
      EXPECT_EQ(ErrorReason(status), "ENGAGEMENT_ALREADY_COMPLETED");
    }
  }
  EXPECT_EQ(completed, 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM interactions"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM engagements e JOIN interactions i ON "
                     "e.completed_by = i.interaction_id"),
            1);
}

}  // namespace
}  // namespace ccrm::relationship
