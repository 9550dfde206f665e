// The MySQL repositories: the repository contract (repository_contract_test.cc) against a real
// MariaDB, plus what only a database shows: racing writers, the outbox committing with the
// rating or not at all, the stored form of a rating, and MarkReviewRequiredIn inside the
// caller's transaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "services/credit-rating/storage/mysql_model_repository.h"
#include "services/credit-rating/storage/mysql_rating_repository.h"
#include "services/credit-rating/storage/mysql_rerating_job_repository.h"
#include "tests/credit-rating/storage/repository_contract.h"
#include "tests/credit-rating/storage/storage_samples.h"
#include "tests/credit-rating/storage/storage_test_base.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;

using DecideFn =
    std::function<absl::StatusOr<Decision>(Rating& rating, const std::optional<Rating>& previous)>;

class MySqlBackend final : public RepositoryBackend {
 public:
  explicit MySqlBackend(std::unique_ptr<testing::MySqlTestDb> db)
      : db_(std::move(db)),
        models_(&db_->app_pool()),
        ratings_(&db_->app_pool()),
        jobs_(&db_->app_pool()) {}

  ModelRepository& models() override { return models_; }
  RatingRepository& ratings() override { return ratings_; }
  ReratingJobRepository& jobs() override { return jobs_; }
  std::vector<events::OutboxEvent> Outbox() override {
    absl::StatusOr<std::vector<events::OutboxEvent>> rows = ReadOutbox(db_->admin_pool());
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.value_or(std::vector<events::OutboxEvent>{});
  }

 private:
  std::unique_ptr<testing::MySqlTestDb> db_;
  MySqlModelRepository models_;
  MySqlRatingRepository ratings_;
  MySqlReratingJobRepository jobs_;
};

absl::StatusOr<std::unique_ptr<RepositoryBackend>> NewMySqlBackend() {
  absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewCreditRatingTestDb();
  if (!db.ok()) {
    return db.status();
  }
  return std::unique_ptr<RepositoryBackend>(std::make_unique<MySqlBackend>(*std::move(db)));
}

INSTANTIATE_TEST_SUITE_P(MySql, RepositoryContractTest,
                         ::testing::Values(BackendFactory{"mysql", &NewMySqlBackend}));

DecideFn ApproveWith(std::vector<events::OutboxEvent> events) {
  return [=](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
    r.state = RatingState::kApproved;
    r.final_grade = CreditGrade::kBB;
    r.checker = "checker-1";
    r.decision_time = At(10);
    r.valid_until = At(10) + absl::Hours(24 * 365);
    return Decision{events};
  };
}

class MySqlRepositoriesTest : public StorageTest {
 protected:
  void CreateDrafts(int customer, const std::vector<int>& rating_ids) {
    MySqlRatingRepository ratings(&pool());
    for (int id : rating_ids) {
      ASSERT_OK(ratings
                    .CreateDraft(SampleRating(CustomerId(customer), RatingId(id), At(id)),
                                 Key("", ""), Write(id))
                    .status());
    }
  }
};

TEST_F(MySqlRepositoriesTest, RacingCreatesInOneFamilyGetDistinctVersions) {
  constexpr int kWriters = 4;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db().NewPool(/*admin=*/false, kWriters));
  MySqlModelRepository models(wide.get());
  std::vector<absl::StatusOr<ScorecardModel>> results(kWriters, absl::UnknownError("did not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = models.Create(SampleModel("corporate"), Key("", ""), Write(i)); });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  std::set<int> versions;
  for (const auto& result : results) {
    ASSERT_OK(result.status());
    versions.insert(result->version);
  }
  EXPECT_EQ(versions, (std::set<int>{1, 2, 3, 4}));
}

TEST_F(MySqlRepositoriesTest, RacingApprovalsOfOneCustomerLeaveOneApproved) {
  constexpr int kCheckers = 4;
  CreateDrafts(1, {1, 2, 3, 4});
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> wide,
                       db().NewPool(/*admin=*/false, kCheckers));
  MySqlRatingRepository ratings(wide.get());
  std::vector<absl::Status> results(kCheckers, absl::UnknownError("did not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kCheckers; ++i) {
    threads.emplace_back([&, i] {
      results[i] = ratings
                       .Decide(CustomerId(1), RatingId(i + 1), 1,
                               ApproveWith({Event("t", "s", absl::StrCat(i))}), Write(10 + i))
                       .status();
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (const absl::Status& status : results) {
    EXPECT_OK(status);
  }
  EXPECT_EQ(Count("ratings WHERE state = 'APPROVED'"), 1);
  EXPECT_EQ(Count("ratings WHERE state = 'SUPERSEDED'"), 3);
  EXPECT_EQ(Count("outbox_events"), 4);
}

TEST_F(MySqlRepositoriesTest, EventsCommitWithTheDecisionOrNotAtAll) {
  CreateDrafts(1, {1, 2});
  MySqlRatingRepository ratings(&pool());
  ASSERT_OK(
      ratings.Decide(CustomerId(1), RatingId(1), 1, ApproveWith({Event("t", "s", "a")}), Write(10))
          .status());
  // Two events with one id: the second INSERT into the outbox fails, after the supersession and
  // the rating's UPDATE ran; all of it must roll back.
  events::OutboxEvent twice = Event("t", "s", "b");
  twice.event_id = "0193d000-0000-7000-8000-000000000001";
  EXPECT_THAT(ratings.Decide(CustomerId(1), RatingId(2), 1, ApproveWith({twice, twice}), Write(20)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  ASSERT_OK_AND_ASSIGN(Rating draft, ratings.Get(CustomerId(1), RatingId(2)));
  EXPECT_EQ(draft.state, RatingState::kDraft);
  EXPECT_EQ(draft.revision, 1);
  ASSERT_OK_AND_ASSIGN(Rating approved, ratings.Get(CustomerId(1), RatingId(1)));
  EXPECT_EQ(approved.state, RatingState::kApproved);
  EXPECT_EQ(approved.revision, 2);
  EXPECT_EQ(Count("outbox_events"), 1);
}

TEST_F(MySqlRepositoriesTest, StoresNamesInColumnsAndTheRestAsAJsonDocument) {
  CreateDrafts(1, {1});
  MySqlRatingRepository ratings(&pool());
  ASSERT_OK(ratings.Decide(CustomerId(1), RatingId(1), 1, ApproveWith({}), Write(10)).status());
  const std::string where = absl::StrCat(" FROM ratings WHERE rating_id = '", RatingId(1), "'");
  EXPECT_EQ(QueryString("SELECT state" + where), "APPROVED");
  EXPECT_EQ(QueryString("SELECT model_grade" + where), "BBB");
  EXPECT_EQ(QueryString("SELECT final_grade" + where), "BB");
  EXPECT_EQ(QueryString("SELECT approved_customer_id" + where), CustomerId(1));
  EXPECT_EQ(QueryString("SELECT valid_until" + where), "2027-03-01 09:00:10.123456");
  EXPECT_EQ(QueryString("SELECT JSON_VALID(document)" + where), "1");
  EXPECT_EQ(QueryString("SELECT JSON_VALUE(document, '$.segment')" + where), "SME");
  EXPECT_EQ(
      QueryString("SELECT JSON_VALUE(document, '$.computed.ratios[1].undefined_reason')" + where),
      "debt_service is missing");

  // Two APPROVED rows for one customer are refused by the schema itself.
  CreateDrafts(1, {2});
  EXPECT_THAT(db().ExecuteAsAdmin("UPDATE ratings SET state = 'APPROVED'"),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(MySqlRepositoriesTest, UnreadableStoredRatingIsInternal) {
  CreateDrafts(1, {1});
  ASSERT_OK(db().ExecuteAsAdmin("UPDATE ratings SET document = '{\"segment\": \"MEGA\"}'"));
  MySqlRatingRepository ratings(&pool());
  EXPECT_THAT(ratings.Get(CustomerId(1), RatingId(1)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("segment")));
  ASSERT_OK(db().ExecuteAsAdmin("UPDATE ratings SET document = '{}', final_grade = 'E'"));
  EXPECT_THAT(ratings.Get(CustomerId(1), RatingId(1)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("unreadable")));
}

TEST_F(MySqlRepositoriesTest, MarkReviewRequiredInCommitsAndRollsBackWithTheCaller) {
  CreateDrafts(1, {1});
  MySqlRatingRepository ratings(&pool());
  ASSERT_OK(ratings.Decide(CustomerId(1), RatingId(1), 1, ApproveWith({}), Write(10)).status());

  // The caller's transaction fails after marking: the mark rolls back with it.
  absl::Status failed = mysql::RunInTransaction(pool(), mysql::TxOptions{}, [&](mysql::Session& s) {
    absl::StatusOr<bool> marked = MarkReviewRequiredIn(s, CustomerId(1), "new FY", At(20));
    EXPECT_TRUE(marked.ok() && *marked) << marked.status();
    return absl::InternalError("the handler failed later");
  });
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kInternal));
  ASSERT_OK_AND_ASSIGN(Rating unmarked, ratings.Get(CustomerId(1), RatingId(1)));
  EXPECT_FALSE(unmarked.review_required);
  EXPECT_EQ(unmarked.revision, 2);

  absl::StatusOr<bool> result = false;
  ASSERT_OK(mysql::RunInTransaction(pool(), mysql::TxOptions{}, [&](mysql::Session& s) {
    result = MarkReviewRequiredIn(s, CustomerId(1), "new statement FY2025", At(21));
    return result.status();
  }));
  ASSERT_OK(result.status());
  EXPECT_TRUE(*result);
  ASSERT_OK_AND_ASSIGN(Rating marked, ratings.Get(CustomerId(1), RatingId(1)));
  EXPECT_TRUE(marked.review_required);
  EXPECT_EQ(marked.review_reason, "new statement FY2025");
  EXPECT_EQ(marked.revision, 3);
  EXPECT_EQ(QueryString(absl::StrCat("SELECT update_time FROM ratings WHERE rating_id = '",
                                     RatingId(1), "'")),
            "2026-03-01 09:00:21.123456");

  ASSERT_OK(mysql::RunInTransaction(pool(), mysql::TxOptions{}, [&](mysql::Session& s) {
    result = MarkReviewRequiredIn(s, CustomerId(2), "no rating", At(22));
    return result.status();
  }));
  ASSERT_OK(result.status());
  EXPECT_FALSE(*result);
}

TEST_F(MySqlRepositoriesTest, DatabaseErrorsFromMarkReviewRequiredInAreStatuses) {
  ASSERT_OK(db().ExecuteAsAdmin("RENAME TABLE ratings TO ratings_gone"));
  absl::StatusOr<bool> result = true;
  absl::Status status = mysql::RunInTransaction(pool(), mysql::TxOptions{}, [&](mysql::Session& s) {
    result = MarkReviewRequiredIn(s, CustomerId(1), "new FY", At(1));
    return result.status();
  });
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInternal, HasSubstr("1146")));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace ccrm::rating
