// ReratingRunner over the in-memory repositories and a fake customer-profile, run with RunJob on
// the test's thread: page-by-page progress and counters, drafts made for the job's creator with
// qualitative inputs carried forward, the service's identity towards customer-profile, resuming
// from the stored cursor, a page redone after a crash creating nothing twice, cancellation.
#include "services/credit-rating/domain/rerating_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/ids/etag.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "services/credit-rating/domain/model_definition.h"
#include "tests/credit-rating/domain/service_fakes.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kServiceAuthorization[] = "Bearer credit-rating-service";

// Delegates to the store's job repository; RecordProgress of the page starting at
// `crash_at_page_token` fails once, as if the service died after drafting that page but before
// storing its progress.
class CrashingJobRepository final : public ReratingJobRepository {
 public:
  CrashingJobRepository(ReratingJobRepository* inner, std::string crash_at_page_token)
      : inner_(inner), crash_at_page_token_(std::move(crash_at_page_token)) {}

  absl::StatusOr<ReratingJob> Create(const ReratingJob& job, const IdempotencyKey& key,
                                     const WriteContext& write) override {
    return inner_->Create(job, key, write);
  }
  absl::StatusOr<ReratingJob> Get(const std::string& job_id) override {
    return inner_->Get(job_id);
  }
  absl::StatusOr<Page<ReratingJob>> List(const PageQuery& page) override {
    return inner_->List(page);
  }
  absl::StatusOr<std::vector<ReratingJob>> ListRunning() override { return inner_->ListRunning(); }
  absl::StatusOr<ReratingJob> RecordProgress(const std::string& job_id,
                                             const std::string& expected_page_token,
                                             const ReratingProgress& progress,
                                             const std::string& next_page_token,
                                             const std::string& last_error,
                                             absl::Time now) override {
    if (!crashed_ && expected_page_token == crash_at_page_token_) {
      crashed_ = true;
      return absl::UnavailableError("lost the database connection");
    }
    return inner_->RecordProgress(job_id, expected_page_token, progress, next_page_token,
                                  last_error, now);
  }
  absl::StatusOr<ReratingJob> Finish(const std::string& job_id, ReratingJobState state,
                                     const std::string& last_error, absl::Time now) override {
    return inner_->Finish(job_id, state, last_error, now);
  }

 private:
  ReratingJobRepository* const inner_;
  const std::string crash_at_page_token_;
  // RecordProgress runs on RunJob's thread only (after the page's workers joined).
  bool crashed_ = false;
};

// Delegates to the store's rating repository; LatestApproved of `customer_id` fails once with
// UNAVAILABLE, as a database call that lost its connection.
class FlakyLatestApprovedRepository final : public RatingRepository {
 public:
  FlakyLatestApprovedRepository(RatingRepository* inner, std::string customer_id)
      : inner_(inner), customer_id_(std::move(customer_id)) {}

  absl::StatusOr<Rating> CreateDraft(const Rating& rating, const IdempotencyKey& key,
                                     const WriteContext& write) override {
    return inner_->CreateDraft(rating, key, write);
  }
  absl::StatusOr<std::optional<Rating>> FindCreated(const IdempotencyKey& key) override {
    return inner_->FindCreated(key);
  }
  absl::StatusOr<Rating> Get(const std::string& customer_id,
                             const std::string& rating_id) override {
    return inner_->Get(customer_id, rating_id);
  }
  absl::StatusOr<Page<Rating>> ListForCustomer(const std::string& customer_id,
                                               const RatingFilter& filter,
                                               const PageQuery& page) override {
    return inner_->ListForCustomer(customer_id, filter, page);
  }
  absl::StatusOr<std::optional<Rating>> LatestApproved(const std::string& customer_id) override {
    {
      absl::MutexLock lock(&mu_);
      if (!failed_ && customer_id == customer_id_) {
        failed_ = true;
        return absl::UnavailableError("lost the database connection");
      }
    }
    return inner_->LatestApproved(customer_id);
  }
  absl::StatusOr<Rating> Decide(const std::string& customer_id, const std::string& rating_id,
                                int64_t expected_revision,
                                const std::function<absl::StatusOr<Decision>(
                                    Rating& rating, const std::optional<Rating>& previous)>& decide,
                                const WriteContext& write) override {
    return inner_->Decide(customer_id, rating_id, expected_revision, decide, write);
  }
  absl::StatusOr<Page<Rating>> ListDueForReview(absl::Time due_before,
                                                const PageQuery& page) override {
    return inner_->ListDueForReview(due_before, page);
  }
  absl::StatusOr<bool> MarkReviewRequired(const std::string& customer_id, const std::string& reason,
                                          absl::Time information_time) override {
    return inner_->MarkReviewRequired(customer_id, reason, information_time);
  }

 private:
  RatingRepository* const inner_;
  const std::string customer_id_;
  absl::Mutex mu_;  // the runner rates a page's customers on several threads
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
};

class ReratingRunnerTest : public ::testing::Test {
 protected:
  ReratingRunnerTest() {
    // Five customers, three pages of two; c04 has no statements.
    for (const char* id : {"c01", "c02", "c03", "c05"}) {
      bed_.directory.AddCustomer(SampleCustomer(id), SampleStatements(2024));
    }
    bed_.directory.AddCustomer(SampleCustomer("c04"), {});
  }

  static ReratingOptions Options() {
    ReratingOptions options;
    options.page_size = 2;
    options.parallelism = 2;
    options.call_timeout = absl::Seconds(10);
    options.max_attempts = 2;
    options.retry_backoff = absl::ZeroDuration();
    return options;
  }

  ReratingRunnerDeps Deps(ReratingJobRepository* jobs) {
    return ReratingRunnerDeps{jobs, &bed_.service, &bed_.directory, &bed_.clock,
                              [] { return std::string(kServiceAuthorization); }};
  }

  ReratingJob StartJob(ReratingRunner& runner, const std::string& request_id = "req-job") {
    absl::StatusOr<ReratingJob> job = runner.Start(RiskOfficer(), Segment::kUnspecified,
                                                   "corporate", IdempotencyKey{request_id, "fp"});
    EXPECT_TRUE(job.ok()) << job.status();
    return job.value_or(ReratingJob{});
  }

  ReratingJob JobNow(const std::string& job_id) {
    absl::StatusOr<ReratingJob> job = bed_.store.jobs().Get(job_id);
    EXPECT_TRUE(job.ok()) << job.status();
    return job.value_or(ReratingJob{});
  }

  std::vector<Rating> DraftsOf(const std::string& customer_id) {
    absl::StatusOr<RatingList> list =
        bed_.service.List(customer_id, RatingFilter{RatingState::kDraft}, "", 0);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? list->ratings : std::vector<Rating>{};
  }

  RatingTestBed bed_;
  ReratingRunner runner_{Deps(&bed_.store.jobs()), Options()};
};

TEST_F(ReratingRunnerTest, RatesEveryCustomerPageByPage) {
  const ReratingJob started = StartJob(runner_);
  EXPECT_EQ(started.state, ReratingJobState::kRunning);
  EXPECT_EQ(started.created_by, "risk-officer-1");
  EXPECT_EQ(started.model_family, "corporate");

  ASSERT_OK(runner_.RunJob(started.job_id));
  const ReratingJob job = JobNow(started.job_id);
  EXPECT_EQ(job.state, ReratingJobState::kSucceeded);
  EXPECT_TRUE(job.finish_time.has_value());
  EXPECT_EQ(job.page_token, "");
  EXPECT_EQ(job.counts.processed, 5);
  EXPECT_EQ(job.counts.rated, 4);
  EXPECT_EQ(job.counts.skipped, 1);  // c04: no statements
  EXPECT_EQ(job.counts.failed, 0);
  EXPECT_EQ(job.counts.rated + job.counts.skipped + job.counts.failed, job.counts.processed);
  EXPECT_EQ(job.last_error, "");
  EXPECT_THAT(bed_.directory.listed_page_tokens(), ElementsAre("", "c02", "c04"));

  for (const char* id : {"c01", "c02", "c03", "c05"}) {
    SCOPED_TRACE(id);
    const std::vector<Rating> drafts = DraftsOf(id);
    ASSERT_THAT(drafts, SizeIs(1));
    EXPECT_EQ(drafts[0].rerating_job, absl::StrCat("reratingJobs/", started.job_id));
    EXPECT_EQ(drafts[0].maker, "risk-officer-1");
    EXPECT_EQ(drafts[0].computed.model_id, kDefaultCorporateModelId);
    // Never assessed: the qualitative factors are missing inputs, not a refusal.
    EXPECT_EQ(drafts[0].qualitative.management_quality, Assessment::kUnspecified);
    EXPECT_EQ(drafts[0].qualitative.guarantee_strength, Assessment::kUnspecified);
  }
  EXPECT_THAT(DraftsOf("c04"), IsEmpty());
  // Drafts still need a checker: nothing is published.
  EXPECT_THAT(bed_.store.outbox(), IsEmpty());

  // A finished job runs no more.
  const int calls = bed_.directory.calls();
  ASSERT_OK(runner_.RunJob(started.job_id));
  EXPECT_EQ(bed_.directory.calls(), calls);
}

TEST_F(ReratingRunnerTest, TheJobsCreatorCannotApproveItsDrafts) {
  Caller creator = RiskOfficer();
  creator.principal.roles.push_back(roles::kCreditApprover);
  ASSERT_OK_AND_ASSIGN(ReratingJob job, runner_.Start(creator, Segment::kUnspecified, "corporate",
                                                      IdempotencyKey{"req-job", "fp"}));
  ASSERT_OK(runner_.RunJob(job.job_id));
  const std::vector<Rating> drafts = DraftsOf("c01");
  ASSERT_THAT(drafts, SizeIs(1));
  absl::StatusOr<Rating> own =
      bed_.service.Approve(creator, "c01", drafts[0].rating_id, FormatEtag(drafts[0].revision), {});
  EXPECT_THAT(own, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ErrorReason(own.status()), "MAKER_CANNOT_APPROVE");
}

TEST_F(ReratingRunnerTest, QualitativeInputsAreCarriedForwardFromTheApprovedRating) {
  ASSERT_OK_AND_ASSIGN(Rating rated, bed_.service.Rate(Analyst(), SampleRateRequest("c01"),
                                                       IdempotencyKey{"req-1", "fp-1"}));
  ASSERT_OK_AND_ASSIGN(Rating approved, bed_.service.Approve(Approver(), "c01", rated.rating_id,
                                                             FormatEtag(rated.revision), {}));
  bed_.clock.Advance(absl::Hours(1));

  const ReratingJob job = StartJob(runner_);
  ASSERT_OK(runner_.RunJob(job.job_id));
  const std::vector<Rating> c01 = DraftsOf("c01");
  ASSERT_THAT(c01, SizeIs(1));
  const QualitativeInputs want = SampleQualitative();
  EXPECT_EQ(c01[0].qualitative.management_quality, want.management_quality);
  EXPECT_EQ(c01[0].qualitative.market_position, want.market_position);
  EXPECT_EQ(c01[0].qualitative.industry_outlook, want.industry_outlook);
  EXPECT_EQ(c01[0].qualitative.guarantee_strength, want.guarantee_strength);
  const std::vector<Rating> c02 = DraftsOf("c02");
  ASSERT_THAT(c02, SizeIs(1));
  EXPECT_EQ(c02[0].qualitative.management_quality, Assessment::kUnspecified);
  // The approved rating stays in force until a checker approves the new draft.
  ASSERT_OK_AND_ASSIGN(Rating latest, bed_.service.LatestApproved("c01"));
  EXPECT_EQ(latest.rating_id, approved.rating_id);
}

TEST_F(ReratingRunnerTest, CustomerProfileIsAskedWithTheServicesIdentity) {
  const ReratingJob job = StartJob(runner_);
  ASSERT_OK(runner_.RunJob(job.job_id));
  const std::vector<CallIdentity> identities = bed_.directory.identities();
  ASSERT_FALSE(identities.empty());
  for (const CallIdentity& identity : identities) {
    EXPECT_EQ(identity.authorization, kServiceAuthorization);
    EXPECT_EQ(identity.deadline, bed_.clock.Now() + absl::Seconds(10));
  }
}

TEST_F(ReratingRunnerTest, FailuresAreCountedAndTheJobGoesOn) {
  bed_.directory.FailCustomer("c02", absl::InternalError("corrupt record"));
  bed_.directory.FailCustomer("c03", absl::UnavailableError("customer-profile is restarting"));
  const ReratingJob started = StartJob(runner_);
  ASSERT_OK(runner_.RunJob(started.job_id));
  const ReratingJob job = JobNow(started.job_id);
  EXPECT_EQ(job.state, ReratingJobState::kSucceeded);
  EXPECT_EQ(job.counts.processed, 5);
  EXPECT_EQ(job.counts.rated, 2);    // c01, c05
  EXPECT_EQ(job.counts.skipped, 1);  // c04
  EXPECT_EQ(job.counts.failed, 2);   // c02, c03
  EXPECT_THAT(job.last_error, HasSubstr("customers/c0"));
  // A transient failure is retried up to max_attempts; a permanent one is not.
  EXPECT_EQ(bed_.directory.GetCustomerCalls("c03"), 2);
  EXPECT_EQ(bed_.directory.GetCustomerCalls("c02"), 1);
  EXPECT_THAT(DraftsOf("c02"), IsEmpty());
  EXPECT_THAT(DraftsOf("c05"), SizeIs(1));
}

// Only NOT_FOUND (NO_APPROVED_RATING) means "no assessment to carry forward": a failed read of the
// approved rating is retried like Rate's transient errors (or counts the customer as failed), and
// never yields a draft whose qualitative factors score as "not assessed".
TEST_F(ReratingRunnerTest, AStorageErrorReadingTheApprovedRatingDoesNotDropTheAssessment) {
  ASSERT_OK_AND_ASSIGN(Rating rated, bed_.service.Rate(Analyst(), SampleRateRequest("c01"),
                                                       IdempotencyKey{"req-1", "fp-1"}));
  ASSERT_OK(bed_.service.Approve(Approver(), "c01", rated.rating_id, FormatEtag(rated.revision), {})
                .status());
  bed_.clock.Advance(absl::Hours(1));

  FlakyLatestApprovedRepository flaky(&bed_.store.ratings(), "c01");
  RatingService service(RatingServiceDeps{&flaky, &bed_.models, &bed_.store.pricing(),
                                          &bed_.directory, &bed_.bureau, &bed_.encoder,
                                          &bed_.clock});
  ReratingRunnerDeps deps = Deps(&bed_.store.jobs());
  deps.ratings = &service;
  ReratingRunner runner(std::move(deps), Options());
  const ReratingJob job = StartJob(runner);
  ASSERT_OK(runner.RunJob(job.job_id));

  // Either the customer is retried (a draft with the assessment) or counted as failed (no
  // draft); a draft without the assessment is wrong.
  for (const Rating& draft : DraftsOf("c01")) {
    EXPECT_EQ(draft.qualitative.management_quality, SampleQualitative().management_quality)
        << "the re-rating draft lost the approved rating's qualitative assessment";
    EXPECT_EQ(draft.qualitative.guarantee_strength, SampleQualitative().guarantee_strength);
  }
}

TEST_F(ReratingRunnerTest, ResumesFromTheStoredCursor) {
  const ReratingJob started = StartJob(runner_);
  // A run that crashed after recording the first page [c01, c02].
  ReratingProgress first_page;
  first_page.processed = 2;
  first_page.rated = 2;
  ASSERT_OK(bed_.store.jobs()
                .RecordProgress(started.job_id, "", first_page, "c02", "", bed_.clock.Now())
                .status());

  // The restarted service.
  ReratingRunner restarted(Deps(&bed_.store.jobs()), Options());
  ASSERT_OK(restarted.RunJob(started.job_id));
  const ReratingJob job = JobNow(started.job_id);
  EXPECT_EQ(job.state, ReratingJobState::kSucceeded);
  EXPECT_EQ(job.counts.processed, 5);
  EXPECT_EQ(job.counts.rated, 4);
  EXPECT_EQ(job.counts.skipped, 1);
  EXPECT_THAT(bed_.directory.listed_page_tokens(), ElementsAre("c02", "c04"));
  EXPECT_THAT(DraftsOf("c01"), IsEmpty());
  EXPECT_THAT(DraftsOf("c02"), IsEmpty());
  EXPECT_THAT(DraftsOf("c03"), SizeIs(1));
  EXPECT_THAT(DraftsOf("c05"), SizeIs(1));
}

TEST_F(ReratingRunnerTest, APageRedoneAfterACrashCreatesNothingTwice) {
  CrashingJobRepository crashing(&bed_.store.jobs(), /*crash_at_page_token=*/"c02");
  ReratingRunner crashed(Deps(&crashing), Options());
  const ReratingJob started = StartJob(crashed);
  // Page [c01, c02] is recorded; page [c03, c04] is drafted, then its progress is lost.
  EXPECT_THAT(crashed.RunJob(started.job_id), StatusIs(absl::StatusCode::kUnavailable));
  ReratingJob job = JobNow(started.job_id);
  EXPECT_EQ(job.state, ReratingJobState::kRunning);
  EXPECT_EQ(job.page_token, "c02");
  EXPECT_EQ(job.counts.processed, 2);
  const std::vector<Rating> c03_before = DraftsOf("c03");
  ASSERT_THAT(c03_before, SizeIs(1));

  bed_.clock.Advance(absl::Minutes(10));
  ReratingRunner restarted(Deps(&bed_.store.jobs()), Options());
  ASSERT_OK(restarted.RunJob(started.job_id));
  job = JobNow(started.job_id);
  EXPECT_EQ(job.state, ReratingJobState::kSucceeded);
  EXPECT_EQ(job.counts.processed, 5);
  EXPECT_EQ(job.counts.rated, 4);
  EXPECT_EQ(job.counts.skipped, 1);
  EXPECT_THAT(bed_.directory.listed_page_tokens(), ElementsAre("", "c02", "c02", "c04"));
  for (const char* id : {"c01", "c02", "c03", "c05"}) {
    EXPECT_THAT(DraftsOf(id), SizeIs(1)) << id;
  }
  const std::vector<Rating> c03_after = DraftsOf("c03");
  ASSERT_THAT(c03_after, SizeIs(1));
  EXPECT_EQ(c03_after[0].rating_id, c03_before[0].rating_id);
  EXPECT_EQ(c03_after[0].create_time, c03_before[0].create_time);
}

TEST_F(ReratingRunnerTest, APermanentListingFailureFailsTheJob) {
  const ReratingJob started = StartJob(runner_);
  bed_.directory.FailEveryCall(absl::PermissionDeniedError("credit-rating may not list"));
  EXPECT_THAT(runner_.RunJob(started.job_id), StatusIs(absl::StatusCode::kPermissionDenied));
  const ReratingJob job = JobNow(started.job_id);
  EXPECT_EQ(job.state, ReratingJobState::kFailed);
  EXPECT_THAT(job.last_error, HasSubstr("listing customers: credit-rating may not list"));
  EXPECT_EQ(job.counts.processed, 0);
}

TEST_F(ReratingRunnerTest, OnlyCustomersOfTheJobsSegmentAreRated) {
  bed_.directory.AddCustomer(SampleCustomer("k01", Segment::kKey), SampleStatements(2024));
  ASSERT_OK_AND_ASSIGN(ReratingJob started, runner_.Start(RiskOfficer(), Segment::kKey, "corporate",
                                                          IdempotencyKey{"r", "f"}));
  ASSERT_OK(runner_.RunJob(started.job_id));
  const ReratingJob job = JobNow(started.job_id);
  EXPECT_EQ(job.state, ReratingJobState::kSucceeded);
  EXPECT_EQ(job.counts.processed, 1);
  EXPECT_EQ(job.counts.rated, 1);
  EXPECT_THAT(DraftsOf("k01"), SizeIs(1));
  EXPECT_THAT(DraftsOf("c01"), IsEmpty());
}

TEST_F(ReratingRunnerTest, ACancelledJobDoesNothingMore) {
  const ReratingJob started = StartJob(runner_);
  ASSERT_OK_AND_ASSIGN(ReratingJob cancelled, runner_.Cancel(RiskOfficer(), started.job_id));
  EXPECT_EQ(cancelled.state, ReratingJobState::kCancelled);
  EXPECT_TRUE(cancelled.finish_time.has_value());
  EXPECT_THAT(cancelled.last_error, HasSubstr("risk-officer-1"));

  absl::StatusOr<ReratingJob> again = runner_.Cancel(RiskOfficer(), started.job_id);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "JOB_NOT_RUNNING");

  ASSERT_OK(runner_.RunJob(started.job_id));
  EXPECT_EQ(bed_.directory.calls(), 0);
  EXPECT_EQ(JobNow(started.job_id).state, ReratingJobState::kCancelled);
  for (const char* id : {"c01", "c02", "c03", "c05"}) {
    EXPECT_THAT(DraftsOf(id), IsEmpty()) << id;
  }
  EXPECT_THAT(runner_.Cancel(RiskOfficer(), "0193c000-0000-7000-8000-000000000099"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ReratingRunnerTest, StartNeedsAFamilyWithAnActiveModel) {
  absl::StatusOr<ReratingJob> no_model =
      runner_.Start(RiskOfficer(), Segment::kUnspecified, "sme", IdempotencyKey{"r1", "f"});
  EXPECT_THAT(no_model, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(no_model.status()), "NO_ACTIVE_MODEL");
  absl::StatusOr<ReratingJob> no_family =
      runner_.Start(RiskOfficer(), Segment::kUnspecified, "", IdempotencyKey{"r2", "f"});
  EXPECT_THAT(no_family, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(no_family.status()),
              ElementsAre(Field(&FieldViolation::field, "model_family")));
  ASSERT_OK_AND_ASSIGN(ReratingJobList jobs, runner_.List("", 0));
  EXPECT_THAT(jobs.jobs, IsEmpty());
}

TEST_F(ReratingRunnerTest, StartIsIdempotentByKey) {
  const ReratingJob first = StartJob(runner_, "req-same");
  bed_.clock.Advance(absl::Seconds(5));
  const ReratingJob replay = StartJob(runner_, "req-same");
  EXPECT_EQ(replay.job_id, first.job_id);
  const ReratingJob other = StartJob(runner_, "req-other");
  EXPECT_NE(other.job_id, first.job_id);
  ASSERT_OK_AND_ASSIGN(ReratingJobList jobs, runner_.List("", 0));
  EXPECT_THAT(jobs.jobs, SizeIs(2));
}

}  // namespace
}  // namespace ccrm::rating
