// The repositories work with nothing more than a service account's rights (SELECT, INSERT,
// UPDATE, DELETE on its own schema; every other test in this binary runs as that account too),
// and that account can reach neither another service's schema nor change its own schema.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql/transaction.h"
#include "services/credit-rating/storage/mysql_model_repository.h"
#include "services/credit-rating/storage/mysql_pricing_repository.h"
#include "services/credit-rating/storage/mysql_rating_repository.h"
#include "services/credit-rating/storage/mysql_rerating_job_repository.h"
#include "tests/credit-rating/storage/storage_samples.h"
#include "tests/credit-rating/storage/storage_test_base.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;

class MySqlLeastPrivilegeTest : public StorageTest {
 protected:
  // Runs `statement` as the app user; the status its failure maps to.
  absl::Status RunAsApp(const std::string& statement, bool query) {
    return mysql::RunInTransaction(pool(), mysql::TxOptions{}, [&](mysql::Session& s) {
      if (query) {
        std::unique_ptr<sql::ResultSet> rs(s.Prepare(statement).executeQuery());
      } else {
        s.Execute(statement);
      }
      return absl::OkStatus();
    });
  }
};

TEST_F(MySqlLeastPrivilegeTest, AppUserRunsEveryRepositoryOperation) {
  MySqlModelRepository models(&pool());
  MySqlRatingRepository ratings(&pool());
  MySqlPricingRepository pricing(&pool());
  MySqlReratingJobRepository jobs(&pool());

  ScorecardModel shipped = SampleModel("corporate");
  shipped.model_id = kDefaultCorporateModelId;
  shipped.version = 1;
  ASSERT_OK(models.Seed(shipped));
  ASSERT_OK_AND_ASSIGN(ScorecardModel m,
                       models.Create(SampleModel("corporate"), Key("m", "f"), Write(0)));
  ASSERT_OK(models.Create(SampleModel("corporate"), Key("m", "f"), Write(0)).status());
  ASSERT_OK(models.Get(m.model_id).status());
  ASSERT_OK(models.List("", {}).status());
  ASSERT_OK(models.Activate(m.model_id, 1, Write(1)).status());
  ASSERT_OK(models.GetActive("corporate").status());

  ASSERT_OK(
      ratings.CreateDraft(SampleRating(CustomerId(1), RatingId(1), At(0)), Key("r", "f"), Write(2))
          .status());
  ASSERT_OK(ratings.Get(CustomerId(1), RatingId(1)).status());
  ASSERT_OK(ratings.ListForCustomer(CustomerId(1), {}, {}).status());
  ASSERT_OK(ratings
                .Decide(
                    CustomerId(1), RatingId(1), 1,
                    [](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
                      r.state = RatingState::kApproved;
                      r.valid_until = At(5);
                      return Decision{{Event("t", "s", "p")}};
                    },
                    Write(3))
                .status());
  ASSERT_OK(ratings.LatestApproved(CustomerId(1)).status());
  ASSERT_OK(ratings.ListDueForReview(At(10), {}).status());
  ASSERT_OK(ratings.MarkReviewRequired(CustomerId(1), "new FY", At(4)).status());

  ASSERT_OK(pricing.Load(absl::CivilDay(2025, 6, 30)).status());

  ReratingJob job;
  job.model_family = "corporate";
  ASSERT_OK_AND_ASSIGN(ReratingJob j, jobs.Create(job, Key("j", "f"), Write(5)));
  ASSERT_OK(jobs.Get(j.job_id).status());
  ASSERT_OK(jobs.List({}).status());
  ASSERT_OK(jobs.ListRunning().status());
  ASSERT_OK(jobs.RecordProgress(j.job_id, "", {1, 1, 0, 0}, "t", "", At(6)).status());
  ASSERT_OK(jobs.Finish(j.job_id, ReratingJobState::kSucceeded, "", At(7)).status());
}

TEST_F(MySqlLeastPrivilegeTest, AppUserCannotReachAnotherSchema) {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = CREDIT_RATING_MIGRATIONS_DIR;
  options.create_app_user = false;
  options.pool_size = 1;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<testing::MySqlTestDb> other,
                       testing::MySqlTestDb::Create(options));

  EXPECT_THAT(RunAsApp(absl::StrCat("SELECT COUNT(*) FROM `", other->database(), "`.ratings"),
                       /*query=*/true),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(
      RunAsApp(absl::StrCat("UPDATE `", other->database(), "`.pricing_rules SET spread_bps = 0"),
               /*query=*/false),
      StatusIs(absl::StatusCode::kPermissionDenied));
  // The admin of the fixture can: the refusals above are about the account, not the tables.
  EXPECT_EQ(other->QueryIntAsAdmin("SELECT COUNT(*) FROM pricing_rules WHERE spread_bps = 0")
                .value_or(-1),
            9);
}

TEST_F(MySqlLeastPrivilegeTest, AppUserCannotChangeItsOwnSchema) {
  EXPECT_THAT(RunAsApp("CREATE TABLE sneaky (id INT PRIMARY KEY)", /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RunAsApp("DROP TABLE outbox_events", /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RunAsApp("ALTER TABLE ratings DROP INDEX uk_ratings_approved", /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RunAsApp("SELECT user FROM mysql.user", /*query=*/true),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace ccrm::rating
