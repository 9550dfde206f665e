// The MySQL survey and contribution repositories: the contract (satisfaction_contract_test.cc)
// against a real MariaDB as the least-privilege user, events read back from outbox_events; plus
// what only a database shows: money through DECIMAL(38,9) exactly, a reused request id that
// writes nothing, and racing retries of one survey that record it once.
#include <cppconn/resultset.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/relationship-service/storage/mysql_satisfaction_repository.h"
#include "tests/relationship-service/storage/satisfaction_contract.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;

absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewSatisfactionTestDb() {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = RELATIONSHIP_MIGRATIONS_DIR;
  return testing::MySqlTestDb::Create(options);
}

// The outbox rows, oldest first.
absl::StatusOr<std::vector<events::OutboxEvent>> ReadOutbox(mysql::ConnectionPool& pool) {
  return mysql::RunReadOnly<std::vector<events::OutboxEvent>>(
      pool, mysql::TxOptions{},
      [](mysql::Session& s) -> absl::StatusOr<std::vector<events::OutboxEvent>> {
        std::unique_ptr<sql::ResultSet> rs(
            s.Prepare("SELECT event_id, event_type, subject, request_id, payload, occur_time "
                      "FROM outbox_events ORDER BY sequence")
                .executeQuery());
        std::vector<events::OutboxEvent> out;
        while (rs->next()) {
          events::OutboxEvent e;
          e.event_id = rs->getString("event_id").asStdString();
          e.event_type = rs->getString("event_type").asStdString();
          e.subject = rs->getString("subject").asStdString();
          e.request_id = rs->getString("request_id").asStdString();
          e.payload = rs->getString("payload").asStdString();
          e.occur_time = mysql::GetTime(*rs, "occur_time");
          out.push_back(std::move(e));
        }
        return out;
      });
}

class MySqlSatisfactionBackend final : public SatisfactionBackend {
 public:
  explicit MySqlSatisfactionBackend(std::unique_ptr<testing::MySqlTestDb> db)
      : db_(std::move(db)), surveys_(&db_->app_pool()), contributions_(&db_->app_pool()) {}

  SurveyRepository& surveys() override { return surveys_; }
  ContributionRepository& contributions() override { return contributions_; }
  absl::StatusOr<std::vector<events::OutboxEvent>> events() override {
    return ReadOutbox(db_->admin_pool());
  }

 private:
  std::unique_ptr<testing::MySqlTestDb> db_;
  MySqlSurveyRepository surveys_;
  MySqlContributionRepository contributions_;
};

absl::StatusOr<std::unique_ptr<SatisfactionBackend>> NewMySqlSatisfactionBackend() {
  absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewSatisfactionTestDb();
  if (!db.ok()) {
    return db.status();
  }
  return std::unique_ptr<SatisfactionBackend>(
      std::make_unique<MySqlSatisfactionBackend>(*std::move(db)));
}

INSTANTIATE_TEST_SUITE_P(MySql, SatisfactionContractTest,
                         ::testing::Values(SatisfactionBackendFactory{
                             "mysql", &NewMySqlSatisfactionBackend}));

class MySqlSatisfactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewSatisfactionTestDb();
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
    surveys_ = std::make_unique<MySqlSurveyRepository>(&db_->app_pool());
    contributions_ = std::make_unique<MySqlContributionRepository>(&db_->app_pool());
  }

  int64_t QueryInt(const std::string& sql) {
    absl::StatusOr<int64_t> n = db_->QueryIntAsAdmin(sql);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }
  std::string QueryString(const std::string& sql) {
    absl::StatusOr<std::string> s = db_->QueryStringAsAdmin(sql);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.value_or("");
  }

  static Survey LowSurvey(int n) {
    Survey s;
    s.survey_id = absl::StrFormat("0194c000-0000-7000-8000-%012d", n);
    s.customer_id = CustomerId(1);
    s.csat = 1;
    s.nps = 0;
    s.comment = "等待放款时间过长";
    s.survey_time = At(0);
    s.manager_id = "rm-1";
    s.recorded_by = "rm-1";
    s.create_time = At(10);
    return s;
  }

  std::unique_ptr<testing::MySqlTestDb> db_;
  std::unique_ptr<MySqlSurveyRepository> surveys_;
  std::unique_ptr<MySqlContributionRepository> contributions_;
  fakes::PlainEventEncoder encoder_;
};

TEST_F(MySqlSatisfactionTest, MoneyRoundTripsExactlyToNineDecimalsAndLargeUnits) {
  Contribution c;
  c.customer_id = CustomerId(1);
  c.month = absl::CivilDay(2026, 10, 1);
  // The largest amount the repository takes: 18 whole digits.
  c.interest_income = Money{"CNY", 999'999'999'999'999'999, 999'999'999};
  c.fee_income = Money{"CNY", 0, 1};
  c.average_deposits = Money{"CNY", 123'456'789'012, 345'678'901};
  c.recorded_by = "rm-1";
  c.record_time = At(0);
  ASSERT_OK(contributions_->Record(c, Key("req-1", "fp-1"), Write(0)).status());

  EXPECT_EQ(QueryString("SELECT CAST(interest_income AS CHAR) FROM contributions"),
            "999999999999999999.999999999");
  EXPECT_EQ(QueryString("SELECT CAST(fee_income AS CHAR) FROM contributions"), "0.000000001");
  EXPECT_EQ(QueryString("SELECT currency_code FROM contributions"), "CNY");
  ASSERT_OK_AND_ASSIGN(std::vector<Contribution> months,
                       contributions_->Since(CustomerId(1), absl::CivilDay(2026, 10, 1)));
  ASSERT_EQ(months.size(), 1u);
  EXPECT_EQ(months[0].interest_income, c.interest_income);
  EXPECT_EQ(months[0].fee_income, c.fee_income);
  EXPECT_EQ(months[0].average_deposits, c.average_deposits);
}

TEST_F(MySqlSatisfactionTest, ASurveyReplayWithAnotherFingerprintWritesNothing) {
  ASSERT_OK(surveys_->Record(LowSurvey(1), Key("req-1", "fp-1"), encoder_, Write(0)).status());
  ASSERT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 1);

  absl::StatusOr<Survey> reused =
      surveys_->Record(LowSurvey(2), Key("req-1", "fp-2"), encoder_, Write(5));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM satisfaction_surveys"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 1);
  EXPECT_EQ(QueryString("SELECT fingerprint FROM idempotency_keys"), "fp-1");
}

TEST_F(MySqlSatisfactionTest, RacingRetriesOfOneSurveyRecordItOnce) {
  constexpr int kWriters = 4;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db_->NewPool(/*admin=*/false, kWriters));
  std::vector<absl::StatusOr<Survey>> results(kWriters, absl::UnknownError("did not run"));
  {
    MySqlSurveyRepository surveys(wide.get());
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
      // Each retry carries the id the service generated for it.
      threads.emplace_back([&, i] {
        results[i] = surveys.Record(LowSurvey(i + 1), Key("req-1", "fp-1"), encoder_, Write(i));
      });
    }
    for (std::thread& t : threads) {
      t.join();
    }
  }
  ASSERT_OK(results[0].status());
  for (const absl::StatusOr<Survey>& result : results) {
    ASSERT_OK(result.status());
    EXPECT_EQ(result->survey_id, results[0]->survey_id);
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM satisfaction_surveys"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 1);
}

TEST_F(MySqlSatisfactionTest, ScoresOutOfRangeAreRefusedByTheSchema) {
  Survey bad = LowSurvey(1);
  bad.csat = 6;
  // The domain validates first; the CHECK constraint is the last guard (an INTERNAL error).
  EXPECT_THAT(surveys_->Record(bad, Key("", ""), encoder_, Write(0)),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM satisfaction_surveys"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 0);
}

}  // namespace
}  // namespace ccrm::relationship
