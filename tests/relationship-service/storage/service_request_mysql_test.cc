// MySqlServiceRequestRepository: the service-request repository contract
// (service_request_contract_test.cc) against a real MariaDB as the least-privilege user, with the
// events read back from outbox_events; plus what only a database shows: the migration seeds the
// shipped SLA table (and re-running it changes nothing), two sweeps at once escalate each request
// exactly once, a sweep skips the requests another transaction holds and takes one step per
// request over many batches, and a status update that fails half-way leaves no trace.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql/migrations.h"
#include "common/mysql/query_params.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/relationship-service/storage/mysql_service_request_repository.h"
#include "tests/relationship-service/storage/service_request_contract.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;

absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewRelationshipTestDb() {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = RELATIONSHIP_MIGRATIONS_DIR;
  return testing::MySqlTestDb::Create(options);
}

// The outbox rows, oldest first, read as the admin.
absl::StatusOr<std::vector<events::OutboxEvent>> OutboxEvents(testing::MySqlTestDb& db) {
  return mysql::ReadAllRows<events::OutboxEvent>(
      db.admin_pool(),
      "SELECT event_id, event_type, subject, request_id, payload, occur_time FROM outbox_events "
      "ORDER BY sequence",
      mysql::QueryParams(), [](sql::ResultSet& rs) -> absl::StatusOr<events::OutboxEvent> {
        events::OutboxEvent e;
        e.event_id = rs.getString("event_id").asStdString();
        e.event_type = rs.getString("event_type").asStdString();
        e.subject = rs.getString("subject").asStdString();
        e.request_id = rs.getString("request_id").asStdString();
        e.payload = rs.getString("payload").asStdString();
        e.occur_time = mysql::GetTime(rs, "occur_time");
        return e;
      });
}

class MySqlBackend final : public ServiceRequestBackend {
 public:
  explicit MySqlBackend(std::unique_ptr<testing::MySqlTestDb> db)
      : db_(std::move(db)), requests_(&db_->app_pool()) {}

  ServiceRequestRepository& requests() override { return requests_; }
  absl::StatusOr<std::vector<events::OutboxEvent>> events() override { return OutboxEvents(*db_); }

 private:
  std::unique_ptr<testing::MySqlTestDb> db_;
  MySqlServiceRequestRepository requests_;
};

absl::StatusOr<std::unique_ptr<ServiceRequestBackend>> NewMySqlBackend() {
  absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewRelationshipTestDb();
  if (!db.ok()) {
    return db.status();
  }
  return std::unique_ptr<ServiceRequestBackend>(std::make_unique<MySqlBackend>(*std::move(db)));
}

INSTANTIATE_TEST_SUITE_P(MySql, ServiceRequestContractTest,
                         ::testing::Values(ServiceRequestBackendFactory{"mysql",
                                                                        &NewMySqlBackend}));

class MySqlServiceRequestTest : public ::testing::Test {
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
  fakes::PlainEventEncoder encoder_;
};

using RuleRow = std::tuple<int, int, bool, int, int>;

std::vector<RuleRow> Rows(const SlaTable& table) {
  std::vector<RuleRow> rows;
  for (const SlaRule& r : table.rules) {
    rows.emplace_back(static_cast<int>(r.type), static_cast<int>(r.priority), r.green_channel,
                      r.response_hours, r.resolution_hours);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST_F(MySqlServiceRequestTest, TheMigrationSeedsTheShippedSlaTableOnce) {
  MySqlServiceRequestRepository requests(&db_->app_pool());
  ASSERT_OK_AND_ASSIGN(SlaTable seeded, requests.LoadSlaTable());
  EXPECT_EQ(Rows(seeded), Rows(DefaultSlaTable()));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sla_rules"), 16);

  // An operator tightens one rule; re-running the migration keeps it and adds nothing.
  ASSERT_OK(db_->ExecuteAsAdmin(
      "UPDATE sla_rules SET response_hours = 1 WHERE type = 'COMPLAINT' AND priority = 'HIGH' "
      "AND green_channel = 0"));
  ASSERT_OK_AND_ASSIGN(std::vector<mysql::Migration> migrations,
                       mysql::ReadMigrationDir(RELATIONSHIP_MIGRATIONS_DIR));
  const auto it = std::find_if(migrations.begin(), migrations.end(),
                               [](const mysql::Migration& m) { return m.version == 3; });
  ASSERT_NE(it, migrations.end());
  for (const std::string& statement : mysql::SplitSqlStatements(it->sql)) {
    ASSERT_OK(db_->ExecuteAsAdmin(statement));
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM sla_rules"), 16);
  EXPECT_EQ(QueryInt("SELECT response_hours FROM sla_rules WHERE type = 'COMPLAINT' AND "
                     "priority = 'HIGH' AND green_channel = 0"),
            1);
}

TEST_F(MySqlServiceRequestTest, TwoSweepsAtOnceEscalateEachRequestExactlyOnce) {
  constexpr int kRequests = 200;
  MySqlServiceRequestRepository setup(&db_->app_pool());
  for (int n = 1; n <= kRequests; ++n) {
    // Past the response deadline at the sweep, the resolution deadline still ahead.
    ASSERT_OK(setup
                  .Create(SampleServiceRequest(n, CustomerId(n % 7), n % 50), IdempotencyKey{},
                          encoder_, Write(0))
                  .status());
  }
  constexpr int kSweepers = 2;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db_->NewPool(/*admin=*/false, kSweepers));
  {
    MySqlServiceRequestRepository requests(wide.get());
    WriteContext sweep = Write(5 * 3600);
    sweep.actor = "system:sla-sweep";
    std::vector<absl::StatusOr<int>> results(kSweepers, absl::UnknownError("did not run"));
    std::vector<std::thread> threads;
    for (int i = 0; i < kSweepers; ++i) {
      threads.emplace_back([&, i] { results[i] = requests.EscalateDue(1000, encoder_, sweep); });
    }
    for (std::thread& t : threads) {
      t.join();
    }
    int total = 0;
    for (const absl::StatusOr<int>& result : results) {
      ASSERT_OK(result.status());
      total += *result;
    }
    EXPECT_EQ(total, kRequests);
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_requests WHERE escalation_level = 1"),
            kRequests);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_requests WHERE revision = 2"), kRequests);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'SlaBreached'"),
            kRequests);
  EXPECT_EQ(QueryInt("SELECT COUNT(DISTINCT subject) FROM outbox_events "
                     "WHERE event_type = 'SlaBreached'"),
            kRequests);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_request_changes WHERE action = 'escalated'"),
            kRequests);
  EXPECT_EQ(QueryInt("SELECT COUNT(DISTINCT service_request_id) FROM service_request_changes "
                     "WHERE action = 'escalated'"),
            kRequests);
}

TEST_F(MySqlServiceRequestTest, TheSweepSkipsRequestsAnotherTransactionHolds) {
  constexpr int kRequests = 20;
  constexpr int kHeld = 5;
  MySqlServiceRequestRepository requests(&db_->app_pool());
  for (int n = 1; n <= kRequests; ++n) {
    ASSERT_OK(
        requests
            .Create(SampleServiceRequest(n, CustomerId(1), n), IdempotencyKey{}, encoder_, Write(0))
            .status());
  }
  WriteContext sweep = Write(5 * 3600);
  sweep.actor = "system:sla-sweep";
  {
    // Another replica is in the middle of escalating the first five.
    ASSERT_OK_AND_ASSIGN(mysql::ConnectionPool::Lease holder, db_->admin_pool().Acquire());
    mysql::Transaction held(*holder);
    sql::PreparedStatement& lock = holder->Prepare(
        "SELECT service_request_id FROM service_requests WHERE service_request_id <= ? "
        "FOR UPDATE");
    lock.setString(1, ServiceRequestId(kHeld));
    std::unique_ptr<sql::ResultSet> rs(lock.executeQuery());
    int locked = 0;
    while (rs->next()) {
      ++locked;
    }
    ASSERT_EQ(locked, kHeld);

    const absl::Time started = absl::Now();
    ASSERT_OK_AND_ASSIGN(int escalated, requests.EscalateDue(1000, encoder_, sweep));
    EXPECT_EQ(escalated, kRequests - kHeld);
    EXPECT_LT(absl::Now() - started, absl::Seconds(10)) << "the sweep waited for the held rows";
    EXPECT_EQ(QueryInt(absl::StrCat("SELECT COUNT(*) FROM service_requests WHERE "
                                    "escalation_level = 0 AND service_request_id <= '",
                                    ServiceRequestId(kHeld), "'")),
              kHeld);
  }
  // Released (rolled back): the next sweep takes them.
  ASSERT_OK_AND_ASSIGN(int rest, requests.EscalateDue(1000, encoder_, sweep));
  EXPECT_EQ(rest, kHeld);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_requests WHERE escalation_level = 1"),
            kRequests);
}

TEST_F(MySqlServiceRequestTest, ASweepOverManyBatchesTakesOneStepPerRequest) {
  // More candidates than one batch holds, every one past both deadlines: the first sweep must
  // not come back to the requests its earlier batches raised to level 1.
  constexpr int kRequests = 250;
  MySqlServiceRequestRepository requests(&db_->app_pool());
  for (int n = 1; n <= kRequests; ++n) {
    ASSERT_OK(requests
                  .Create(SampleServiceRequest(n, CustomerId(n % 3), n % 60), IdempotencyKey{},
                          encoder_, Write(0))
                  .status());
  }
  WriteContext sweep = Write(50 * 3600);
  sweep.actor = "system:sla-sweep";
  ASSERT_OK_AND_ASSIGN(int first, requests.EscalateDue(1000, encoder_, sweep));
  EXPECT_EQ(first, kRequests);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_requests WHERE escalation_level = 1"),
            kRequests);
  ASSERT_OK_AND_ASSIGN(int second, requests.EscalateDue(1000, encoder_, sweep));
  EXPECT_EQ(second, kRequests);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_requests WHERE escalation_level = 2"),
            kRequests);
  ASSERT_OK_AND_ASSIGN(int third, requests.EscalateDue(1000, encoder_, sweep));
  EXPECT_EQ(third, 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'SlaBreached'"),
            2 * kRequests);
}

TEST_F(MySqlServiceRequestTest, AStatusUpdateThatFailsHalfWayLeavesNoTrace) {
  MySqlServiceRequestRepository requests(&db_->app_pool());
  ASSERT_OK(
      requests
          .Create(SampleServiceRequest(1, CustomerId(1), 0), IdempotencyKey{}, encoder_, Write(0))
          .status());
  // The request's row takes the change; the change record's note (TEXT) does not.
  const std::string too_long(70000, 'x');
  absl::StatusOr<ServiceRequest> failed =
      requests.UpdateStatus(CustomerId(1), ServiceRequestId(1), 1,
                            ServiceRequestStatus::kInProgress, too_long, Write(60));
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kInvalidArgument));

  ASSERT_OK_AND_ASSIGN(ServiceRequest got, requests.Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(got.status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(got.revision, 1);
  EXPECT_EQ(got.first_response_time, std::nullopt);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_request_changes"), 1);

  // A refused change writes nothing either.
  EXPECT_THAT(requests.UpdateStatus(CustomerId(1), ServiceRequestId(1), 1,
                                    ServiceRequestStatus::kClosed, "", Write(60)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM service_request_changes"), 1);
  EXPECT_EQ(QueryInt("SELECT revision FROM service_requests"), 1);
}

}  // namespace
}  // namespace ccrm::relationship
