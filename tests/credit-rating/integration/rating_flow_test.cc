// credit-rating through its real path: customer-profile holds the customer and statements,
// credit-rating reads them over gRPC with the caller's token and rates, approves, publishes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/testing/status_matchers.h"
#include "tests/credit-rating/integration/credit_rating_env.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::rating::itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
using ::ccrm::customer::itest::Cny;
using ::ccrm::customer::itest::Day;
using ::ccrm::customer::itest::KeyEnterprise;
using ::ccrm::customer::itest::SoundAnnualStatement;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr int64_t kMillion = 1'000'000;

// A borrower the bureau reports 120 days overdue elsewhere, with CNY 3 million overdue now.
const std::string kDefaultedUscc = ::ccrm::customer::itest::UsccFor(987'654'321);
CCRM_CREDIT_RATING_SHARED_SERVICES(RatingEnvOptions{
    {BureauRecord{kDefaultedUscc, 120, 3 * kMillion, 0, 2}}, {}});

class RatingFlowTest : public ::testing::Test {
 protected:
  CreditRatingEnv& env() { return SharedRatingEnv(); }
  std::string Rm() { return env().TokenFor(roles::kRelationshipManager); }
  std::string Analyst() { return env().TokenFor(roles::kCreditAnalyst); }
  std::string Approver() { return env().TokenFor(roles::kCreditApprover); }

  // A KEY customer in customer-profile with statements for `years` (revenue 800m, then growing).
  std::string NewCustomer(const std::vector<int>& years, const std::string& uscc = "") {
    cv1::CreateCustomerRequest create;
    *create.mutable_customer() = KeyEnterprise(absl::StrCat("评级测试企业", ++serial_));
    if (!uscc.empty()) {
      create.mutable_customer()->set_unified_social_credit_code(uscc);
    }
    absl::StatusOr<cv1::Customer> customer =
        CallWithToken(env().customers(), &CustomerStub::CreateCustomer, Rm(), create);
    EXPECT_OK(customer.status());
    for (size_t k = 0; k < years.size(); ++k) {
      cv1::SubmitFinancialStatementRequest submit;
      submit.set_parent(customer->name());
      *submit.mutable_statement() =
          SoundAnnualStatement(years[k], 800 + 50 * static_cast<int64_t>(k));
      EXPECT_OK(
          CallWithToken(env().customers(), &CustomerStub::SubmitFinancialStatement, Rm(), submit)
              .status());
    }
    return customer->name();
  }

  v1::RateCustomerRequest RateRequest(const std::string& customer) {
    v1::RateCustomerRequest request;
    request.set_customer(customer);
    v1::QualitativeInputs& q = *request.mutable_qualitative();
    q.set_management_quality(v1::ASSESSMENT_GOOD);
    q.set_market_position(v1::ASSESSMENT_GOOD);
    q.set_industry_outlook(v1::ASSESSMENT_ADEQUATE);
    q.set_guarantee_strength(v1::ASSESSMENT_GOOD);
    return request;
  }

  absl::StatusOr<v1::Rating> Approve(const v1::Rating& rating, const std::string& token) {
    v1::ApproveRatingRequest approve;
    approve.set_name(rating.name());
    approve.set_etag(rating.etag());
    return env().Call(&RatingStub::ApproveRating, token, approve);
  }

  static int serial_;
};
int RatingFlowTest::serial_ = 0;

TEST_F(RatingFlowTest, RatiosComeFromTheStatementsInCustomerProfile) {
  const std::string customer = NewCustomer({2024, 2025});
  v1::ComputeFinancialRatiosRequest request;
  request.set_customer(customer);
  ASSERT_OK_AND_ASSIGN(v1::FinancialRatios ratios,
                       env().Call(&RatingStub::ComputeFinancialRatios, Analyst(), request));
  EXPECT_EQ(ratios.fiscal_year(), 2025);
  EXPECT_THAT(ratios.prior_statement(), Not(IsEmpty()));
  auto value_of = [&](const std::string& name) {
    for (const v1::RatioValue& r : ratios.ratios()) {
      if (r.ratio() == name) {
        EXPECT_TRUE(r.has_value()) << name << ": " << r.undefined_reason();
        return r.value();
      }
    }
    ADD_FAILURE() << "no ratio " << name;
    return 0.0;
  };
  EXPECT_DOUBLE_EQ(value_of("current_ratio"), 400.0 / 250.0);
  EXPECT_DOUBLE_EQ(value_of("quick_ratio"), 300.0 / 250.0);
  EXPECT_DOUBLE_EQ(value_of("debt_to_asset"), 0.5);
  EXPECT_DOUBLE_EQ(value_of("interest_coverage"), 85.0 / 8.0);
  EXPECT_DOUBLE_EQ(value_of("dscr"), 2.0);
  EXPECT_NEAR(value_of("revenue_growth"), 850.0 / 800.0 - 1, 1e-12);

  request.set_fiscal_year(2024);
  ASSERT_OK_AND_ASSIGN(ratios, env().Call(&RatingStub::ComputeFinancialRatios, Analyst(), request));
  for (const v1::RatioValue& r : ratios.ratios()) {
    if (r.ratio() == "revenue_growth") {
      EXPECT_FALSE(r.has_value()) << "no FY2023 statement: growth is undefined, not zero";
      EXPECT_THAT(r.undefined_reason(), Not(IsEmpty()));
    }
  }
}

TEST_F(RatingFlowTest, UnknownCustomerIsNotFoundAndNoStatementsIsFailedPrecondition) {
  v1::RateCustomerRequest request = RateRequest("customers/0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091");
  EXPECT_THAT(env().Call(&RatingStub::RateCustomer, Analyst(), request),
              testing::StatusIs(absl::StatusCode::kNotFound));
  request = RateRequest(NewCustomer({}));
  EXPECT_THAT(env().Call(&RatingStub::RateCustomer, Analyst(), request),
              FailsWith(absl::StatusCode::kFailedPrecondition, "NO_USABLE_STATEMENTS"));
}

TEST_F(RatingFlowTest, BadInputNamesEveryField) {
  v1::RateCustomerRequest request;
  request.set_customer("customers/not-a-uuid");
  request.mutable_market()->set_equity_volatility(-1);
  absl::StatusOr<v1::Rating> r = env().Call(&RatingStub::RateCustomer, Analyst(), request);
  EXPECT_THAT(r, testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(r), ::testing::IsSupersetOf({"customer", "market.equity_value",
                                                          "market.equity_volatility"}));
  request = RateRequest(NewCustomer({2025}));
  request.mutable_qualitative()->clear_market_position();
  request.mutable_qualitative()->clear_guarantee_strength();
  r = env().Call(&RatingStub::RateCustomer, Analyst(), request);
  EXPECT_THAT(ViolatedFields(r),
              ElementsAre("qualitative.market_position", "qualitative.guarantee_strength"));
}

TEST_F(RatingFlowTest, MakerCheckerApprovalPublishesAndIsIdempotent) {
  const std::string customer = NewCustomer({2024, 2025});
  v1::RateCustomerRequest request = RateRequest(customer);
  request.set_request_id(absl::StrCat("rate-", customer.substr(10)));
  // A person holding both roles drafts…
  const std::string both =
      env().Token("it-analyst-approver", {roles::kCreditAnalyst, roles::kCreditApprover});
  ASSERT_OK_AND_ASSIGN(v1::Rating draft, env().Call(&RatingStub::RateCustomer, both, request));
  EXPECT_EQ(draft.state(), v1::RATING_STATE_DRAFT);
  EXPECT_EQ(draft.maker(), "it-analyst-approver");
  EXPECT_NE(draft.final_grade(), v1::CREDIT_GRADE_UNSPECIFIED);
  EXPECT_GT(draft.contributions_size(), 5);
  ASSERT_GE(draft.statement_periods_size(), 1);
  EXPECT_EQ(draft.statement_periods(0).fiscal_year(), 2025);
  EXPECT_TRUE(draft.has_altman());
  // The same request again is the same rating.
  ASSERT_OK_AND_ASSIGN(v1::Rating again, env().Call(&RatingStub::RateCustomer, both, request));
  EXPECT_EQ(again.rating_id(), draft.rating_id());

  // …but may not approve their own rating; an analyst may not approve at all.
  EXPECT_THAT(Approve(draft, both),
              FailsWith(absl::StatusCode::kPermissionDenied, "MAKER_CANNOT_APPROVE"));
  EXPECT_THAT(Approve(draft, Analyst()), testing::StatusIs(absl::StatusCode::kPermissionDenied));
  v1::ApproveRatingRequest stale;
  stale.set_name(draft.name());
  stale.set_etag("r99");
  EXPECT_THAT(env().Call(&RatingStub::ApproveRating, Approver(), stale),
              testing::StatusIs(absl::StatusCode::kAborted));

  ASSERT_OK_AND_ASSIGN(std::vector<ccrm::common::v1::Event> before, env().ReadEvents(0));
  ASSERT_OK_AND_ASSIGN(v1::Rating approved, Approve(draft, Approver()));
  EXPECT_EQ(approved.state(), v1::RATING_STATE_APPROVED);
  EXPECT_EQ(approved.checker(), "it-credit_approver");
  EXPECT_TRUE(approved.has_valid_until());
  const absl::Duration validity =
      absl::FromUnixSeconds(approved.valid_until().seconds()) - absl::Now();
  EXPECT_GT(validity, absl::Hours(24 * 360));
  EXPECT_LT(validity, absl::Hours(24 * 367));

  v1::GetLatestApprovedRatingRequest latest;
  latest.set_customer(customer);
  ASSERT_OK_AND_ASSIGN(v1::Rating current,
                       env().Call(&RatingStub::GetLatestApprovedRating, Rm(), latest));
  EXPECT_EQ(current.rating_id(), draft.rating_id());

  ASSERT_OK_AND_ASSIGN(std::vector<ccrm::common::v1::Event> after,
                       env().ReadEvents(before.empty() ? 0 : before.back().sequence()));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].event_type(), "ccrm.rating.v1.RatingApproved");
  v1::RatingApproved payload;
  ASSERT_TRUE(after[0].payload().UnpackTo(&payload));
  EXPECT_EQ(payload.rating(), draft.name());
  EXPECT_EQ(payload.final_grade(), approved.final_grade());
}

TEST_F(RatingFlowTest, OverrideNeedsAReasonAndADowngradeIsPublished) {
  const std::string customer = NewCustomer({2024, 2025});
  ASSERT_OK_AND_ASSIGN(v1::Rating first,
                       env().Call(&RatingStub::RateCustomer, Analyst(), RateRequest(customer)));
  v1::ApproveRatingRequest approve;
  approve.set_name(first.name());
  approve.set_etag(first.etag());
  approve.set_override_grade(v1::CREDIT_GRADE_AA);
  EXPECT_THAT(ViolatedFields(env().Call(&RatingStub::ApproveRating, Approver(), approve)),
              ElementsAre("override_reason"));
  approve.set_override_reason("parent guarantee from a state-owned group");
  ASSERT_OK_AND_ASSIGN(v1::Rating approved,
                       env().Call(&RatingStub::ApproveRating, Approver(), approve));
  EXPECT_EQ(approved.final_grade(), v1::CREDIT_GRADE_AA);
  EXPECT_EQ(approved.override_reason(), "parent guarantee from a state-owned group");

  ASSERT_OK_AND_ASSIGN(std::vector<ccrm::common::v1::Event> before, env().ReadEvents(0));
  ASSERT_OK_AND_ASSIGN(v1::Rating second,
                       env().Call(&RatingStub::RateCustomer, Analyst(), RateRequest(customer)));
  ASSERT_OK_AND_ASSIGN(v1::Rating second_approved, Approve(second, Approver()));
  ASSERT_GT(second_approved.final_grade(), v1::CREDIT_GRADE_AA) << "the model grade is below AA";
  ASSERT_OK_AND_ASSIGN(std::vector<ccrm::common::v1::Event> after,
                       env().ReadEvents(before.back().sequence()));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].event_type(), "ccrm.rating.v1.RatingDowngraded");
  v1::RatingDowngraded downgraded;
  ASSERT_TRUE(after[1].payload().UnpackTo(&downgraded));
  EXPECT_EQ(downgraded.previous_grade(), v1::CREDIT_GRADE_AA);
  EXPECT_EQ(downgraded.new_grade(), second_approved.final_grade());
  EXPECT_EQ(downgraded.notches(), static_cast<int>(second_approved.final_grade()) -
                                      static_cast<int>(v1::CREDIT_GRADE_AA));

  v1::ListRatingsRequest history;
  history.set_parent(customer);
  ASSERT_OK_AND_ASSIGN(v1::ListRatingsResponse list,
                       env().Call(&RatingStub::ListRatings, Rm(), history));
  ASSERT_EQ(list.ratings_size(), 2);
  EXPECT_EQ(list.ratings(0).state(), v1::RATING_STATE_APPROVED);
  EXPECT_EQ(list.ratings(1).state(), v1::RATING_STATE_SUPERSEDED);
}

TEST_F(RatingFlowTest, BureauDefaultEvidenceMakesTheGradeD) {
  const std::string customer = NewCustomer({2025}, kDefaultedUscc);
  ASSERT_OK_AND_ASSIGN(v1::Rating draft,
                       env().Call(&RatingStub::RateCustomer, Analyst(), RateRequest(customer)));
  EXPECT_EQ(draft.final_grade(), v1::CREDIT_GRADE_D);
  EXPECT_DOUBLE_EQ(draft.probability_of_default(), 1.0);
  EXPECT_THAT(draft.default_reason(), Not(IsEmpty()));
  EXPECT_EQ(draft.bureau_report().max_days_overdue_24m(), 120);
  v1::ApproveRatingRequest approve;
  approve.set_name(draft.name());
  approve.set_etag(draft.etag());
  approve.set_override_grade(v1::CREDIT_GRADE_BB);
  approve.set_override_reason("relationship manager vouches");
  EXPECT_THAT(env().Call(&RatingStub::ApproveRating, Approver(), approve),
              FailsWith(absl::StatusCode::kFailedPrecondition, "DEFAULT_NOT_OVERRIDABLE"));
}

TEST_F(RatingFlowTest, ANewStatementMakesTheApprovedRatingDueForReview) {
  const std::string customer = NewCustomer({2024, 2025});
  ASSERT_OK_AND_ASSIGN(v1::Rating draft,
                       env().Call(&RatingStub::RateCustomer, Analyst(), RateRequest(customer)));
  ASSERT_OK(Approve(draft, Approver()).status());

  cv1::SubmitFinancialStatementRequest submit;
  submit.set_parent(customer);
  // The third-quarter management accounts of 2026.
  *submit.mutable_statement() = SoundAnnualStatement(2026, 220);
  submit.mutable_statement()->set_period_type(cv1::PERIOD_TYPE_QUARTERLY);
  submit.mutable_statement()->set_fiscal_quarter(3);
  submit.mutable_statement()->set_audited(false);
  *submit.mutable_statement()->mutable_period_end_date() = Day(2026, 9, 30);
  ASSERT_OK(CallWithToken(env().customers(), &CustomerStub::SubmitFinancialStatement, Rm(), submit)
                .status());
  // The consumer applies customer-profile's event asynchronously: poll (this is not a speed test).
  bool found = false;
  for (int attempt = 0; attempt < 300 && !found; ++attempt) {
    v1::ListRatingsDueForReviewRequest due;
    due.set_page_size(500);
    ASSERT_OK_AND_ASSIGN(v1::ListRatingsDueForReviewResponse response,
                         env().Call(&RatingStub::ListRatingsDueForReview, Approver(), due));
    for (const v1::Rating& r : response.ratings()) {
      if (r.rating_id() == draft.rating_id()) {
        found = true;
        EXPECT_TRUE(r.review_required());
        EXPECT_EQ(r.review_reason(), "new financial statement FY2026 Q3");
      }
    }
    if (!found) {
      absl::SleepFor(absl::Milliseconds(100));
    }
  }
  EXPECT_TRUE(found) << "the approved rating never became due for review";
}

TEST_F(RatingFlowTest, PricingFromAGradeOrFromTheCustomersApprovedRating) {
  v1::RecommendPricingRequest request;
  request.set_grade(v1::CREDIT_GRADE_BBB);
  request.set_segment(v1::SEGMENT_SME);
  request.set_tenor_months(36);
  ASSERT_OK_AND_ASSIGN(v1::PricingRecommendation terms,
                       env().Call(&RatingStub::RecommendPricing, Rm(), request));
  EXPECT_TRUE(terms.eligible());
  EXPECT_EQ(terms.lpr_term(), "1Y");
  EXPECT_EQ(terms.all_in_rate_bps(), terms.lpr_bps() + terms.spread_bps());
  request.set_tenor_months(84);
  ASSERT_OK_AND_ASSIGN(terms, env().Call(&RatingStub::RecommendPricing, Rm(), request));
  EXPECT_EQ(terms.lpr_term(), "5Y");
  request.set_grade(v1::CREDIT_GRADE_CC);
  request.set_tenor_months(12);
  ASSERT_OK_AND_ASSIGN(terms, env().Call(&RatingStub::RecommendPricing, Rm(), request));
  EXPECT_FALSE(terms.eligible());

  v1::RecommendPricingRequest by_customer;
  by_customer.set_customer(NewCustomer({2025}));
  by_customer.set_tenor_months(24);
  EXPECT_THAT(env().Call(&RatingStub::RecommendPricing, Rm(), by_customer),
              FailsWith(absl::StatusCode::kFailedPrecondition, "NO_APPROVED_RATING"));
}

TEST_F(RatingFlowTest, MertonAndAltmanAsRpcs) {
  v1::CalculateMertonRequest merton;
  *merton.mutable_equity_value() = Cny(3 * kMillion);
  merton.set_equity_volatility(0.80);
  *merton.mutable_debt() = Cny(10 * kMillion);
  merton.set_risk_free_rate(0.05);
  merton.set_horizon_years(1);
  ASSERT_OK_AND_ASSIGN(v1::MertonResult result,
                       env().Call(&RatingStub::CalculateMerton, Analyst(), merton));
  EXPECT_NEAR(result.asset_value() / kMillion, 12.40, 0.01);
  EXPECT_NEAR(result.asset_volatility(), 0.2123, 0.0005);
  EXPECT_NEAR(result.default_probability(), 0.127, 0.001);
  merton.set_equity_volatility(0);
  EXPECT_THAT(ViolatedFields(env().Call(&RatingStub::CalculateMerton, Analyst(), merton)),
              ElementsAre("equity_volatility"));

  v1::CalculateAltmanZRequest altman;
  altman.set_variant(v1::ALTMAN_VARIANT_Z_DOUBLE_PRIME);
  *altman.mutable_working_capital() = Cny(150);
  *altman.mutable_retained_earnings() = Cny(200);
  *altman.mutable_ebit() = Cny(85);
  *altman.mutable_equity() = Cny(500);
  *altman.mutable_revenue() = Cny(850);
  *altman.mutable_total_assets() = Cny(1000);
  *altman.mutable_total_liabilities() = Cny(500);
  ASSERT_OK_AND_ASSIGN(v1::AltmanResult z,
                       env().Call(&RatingStub::CalculateAltmanZ, Analyst(), altman));
  // 6.56×0.15 + 3.26×0.20 + 6.72×0.085 + 1.05×1.0 = 0.984 + 0.652 + 0.5712 + 1.05 = 3.2572: safe.
  EXPECT_NEAR(z.score(), 3.2572, 1e-9);
  EXPECT_EQ(z.zone(), v1::ALTMAN_ZONE_SAFE);
}

TEST_F(RatingFlowTest, ANewModelVersionIsCreatedActivatedAndUsed) {
  v1::GetScorecardModelRequest get;
  get.set_name("scorecardModels/00000000-0000-7000-8000-00000000c0a1");
  ASSERT_OK_AND_ASSIGN(v1::ScorecardModel shipped,
                       env().Call(&RatingStub::GetScorecardModel, Analyst(), get));
  EXPECT_EQ(shipped.family(), "corporate");
  EXPECT_EQ(shipped.state(), v1::MODEL_STATE_ACTIVE);

  v1::CreateScorecardModelRequest create;
  *create.mutable_model() = shipped;
  create.mutable_model()->set_family("project-finance");
  create.mutable_model()->set_macro_adjustment_points(-10);
  EXPECT_THAT(env().Call(&RatingStub::CreateScorecardModel, Analyst(), create),
              testing::StatusIs(absl::StatusCode::kPermissionDenied));
  const std::string officer = env().TokenFor(roles::kRiskOfficer);
  ASSERT_OK_AND_ASSIGN(v1::ScorecardModel created,
                       env().Call(&RatingStub::CreateScorecardModel, officer, create));
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.state(), v1::MODEL_STATE_DRAFT);

  const std::string customer = NewCustomer({2025});
  v1::RateCustomerRequest rate = RateRequest(customer);
  rate.set_model_family("project-finance");
  EXPECT_THAT(env().Call(&RatingStub::RateCustomer, Analyst(), rate),
              FailsWith(absl::StatusCode::kFailedPrecondition, "NO_ACTIVE_MODEL"));
  v1::ActivateScorecardModelRequest activate;
  activate.set_name(created.name());
  activate.set_etag(created.etag());
  ASSERT_OK_AND_ASSIGN(v1::ScorecardModel active,
                       env().Call(&RatingStub::ActivateScorecardModel, officer, activate));
  EXPECT_EQ(active.state(), v1::MODEL_STATE_ACTIVE);
  ASSERT_OK_AND_ASSIGN(v1::Rating rating, env().Call(&RatingStub::RateCustomer, Analyst(), rate));
  EXPECT_EQ(rating.model(), created.name());
  EXPECT_DOUBLE_EQ(rating.macro_adjustment_points(), -10);

  create.mutable_model()->clear_factors();
  EXPECT_THAT(ViolatedFields(env().Call(&RatingStub::CreateScorecardModel, officer, create)),
              ::testing::Contains("model.factors"));
}

TEST_F(RatingFlowTest, PortfolioReratingDraftsARatingForEveryCustomer) {
  for (int k = 0; k < 3; ++k) {
    NewCustomer({2025});
  }
  v1::StartPortfolioReratingRequest start;
  start.set_segment(v1::SEGMENT_KEY);
  const std::string officer = env().TokenFor(roles::kRiskOfficer);
  ASSERT_OK_AND_ASSIGN(v1::ReratingJob job,
                       env().Call(&RatingStub::StartPortfolioRerating, officer, start));
  EXPECT_EQ(job.state(), v1::RERATING_JOB_STATE_RUNNING);
  v1::GetReratingJobRequest get;
  get.set_name(job.name());
  for (int attempt = 0; attempt < 600 && job.state() == v1::RERATING_JOB_STATE_RUNNING; ++attempt) {
    absl::SleepFor(absl::Milliseconds(100));
    ASSERT_OK_AND_ASSIGN(job, env().Call(&RatingStub::GetReratingJob, officer, get));
  }
  ASSERT_EQ(job.state(), v1::RERATING_JOB_STATE_SUCCEEDED) << job.last_error();
  EXPECT_GE(job.processed(), 3);
  EXPECT_GE(job.rated(), 3);
  EXPECT_EQ(job.processed(), job.rated() + job.skipped() + job.failed());
  EXPECT_EQ(job.failed(), 0) << job.last_error();
}

}  // namespace
}  // namespace ccrm::rating::itest
