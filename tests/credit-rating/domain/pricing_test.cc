#include "services/credit-rating/domain/pricing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;

PricingTable Table() {
  PricingTable t;
  t.lpr = LoanPrimeRates{310, 360};
  PricingRule bbb_sme;
  bbb_sme.grade = CreditGrade::kBBB;
  bbb_sme.segment = Segment::kSme;
  bbb_sme.spread_bps = 120;
  bbb_sme.max_tenor_months = 84;
  bbb_sme.collateral_requirement = "PARTIAL";
  bbb_sme.min_collateral_coverage_bps = 5000;
  bbb_sme.min_dscr = 1.2;
  bbb_sme.max_debt_to_asset = 0.7;
  bbb_sme.approval_authority = "BRANCH_CREDIT_COMMITTEE";
  PricingRule bbb_key = bbb_sme;
  bbb_key.segment = Segment::kKey;
  bbb_key.spread_bps = 80;
  PricingRule cc_sme;
  cc_sme.grade = CreditGrade::kCC;
  cc_sme.segment = Segment::kSme;
  cc_sme.eligible = false;
  cc_sme.spread_bps = 0;
  cc_sme.approval_authority = "HEAD_OFFICE_CREDIT_COMMITTEE";
  t.rules = {bbb_key, bbb_sme, cc_sme};
  return t;
}

TEST(RecommendTermsTest, PricesOverTheOneYearLprUpToSixtyMonths) {
  ASSERT_OK_AND_ASSIGN(PricingTerms t,
                       RecommendTerms(Table(), CreditGrade::kBBB, Segment::kSme, 60));
  EXPECT_TRUE(t.eligible);
  EXPECT_EQ(t.reason, "");
  EXPECT_EQ(t.grade, CreditGrade::kBBB);
  EXPECT_EQ(t.segment, Segment::kSme);
  EXPECT_EQ(t.tenor_months, 60);
  EXPECT_EQ(t.lpr_term, "1Y");
  EXPECT_EQ(t.lpr_bps, 310);
  EXPECT_EQ(t.spread_bps, 120);
  EXPECT_EQ(t.all_in_rate_bps, 430);
  EXPECT_EQ(t.max_tenor_months, 84);
  EXPECT_EQ(t.collateral_requirement, "PARTIAL");
  EXPECT_EQ(t.min_collateral_coverage_bps, 5000);
  EXPECT_DOUBLE_EQ(t.min_dscr, 1.2);
  EXPECT_DOUBLE_EQ(t.max_debt_to_asset, 0.7);
  EXPECT_EQ(t.approval_authority, "BRANCH_CREDIT_COMMITTEE");
}

TEST(RecommendTermsTest, PricesOverTheFiveYearLprAboveSixtyMonths) {
  ASSERT_OK_AND_ASSIGN(PricingTerms t,
                       RecommendTerms(Table(), CreditGrade::kBBB, Segment::kKey, 61));
  EXPECT_TRUE(t.eligible);
  EXPECT_EQ(t.lpr_term, "5Y");
  EXPECT_EQ(t.lpr_bps, 360);
  EXPECT_EQ(t.spread_bps, 80);
  EXPECT_EQ(t.all_in_rate_bps, 440);
}

TEST(RecommendTermsTest, TenorAboveTheMaximumIsNotEligible) {
  ASSERT_OK_AND_ASSIGN(PricingTerms t,
                       RecommendTerms(Table(), CreditGrade::kBBB, Segment::kSme, 85));
  EXPECT_FALSE(t.eligible);
  EXPECT_EQ(t.reason,
            "tenor of 85 months exceeds the maximum of 84 months at grade BBB for segment SME");
  EXPECT_EQ(t.max_tenor_months, 84);
  EXPECT_EQ(t.all_in_rate_bps, 480);
  ASSERT_OK_AND_ASSIGN(PricingTerms at_max,
                       RecommendTerms(Table(), CreditGrade::kBBB, Segment::kSme, 84));
  EXPECT_TRUE(at_max.eligible);
}

TEST(RecommendTermsTest, IneligibleGradeGivesNoPrice) {
  ASSERT_OK_AND_ASSIGN(PricingTerms t,
                       RecommendTerms(Table(), CreditGrade::kCC, Segment::kSme, 12));
  EXPECT_FALSE(t.eligible);
  EXPECT_EQ(t.reason, "no new credit at grade CC");
  EXPECT_EQ(t.lpr_term, "1Y");
  EXPECT_EQ(t.lpr_bps, 0);
  EXPECT_EQ(t.all_in_rate_bps, 0);
  EXPECT_EQ(t.approval_authority, "HEAD_OFFICE_CREDIT_COMMITTEE");
}

TEST(RecommendTermsTest, MissingRowIsAFailedPrecondition) {
  absl::StatusOr<PricingTerms> t =
      RecommendTerms(Table(), CreditGrade::kA, Segment::kFirstTimeBorrower, 12);
  EXPECT_THAT(t, StatusIs(absl::StatusCode::kFailedPrecondition,
                          "the pricing table has no row for grade A and segment "
                          "FIRST_TIME_BORROWER"));
  EXPECT_EQ(ErrorReason(t.status()), "PRICING_RULE_MISSING");
}

TEST(RecommendTermsTest, ValidatesTheRequest) {
  absl::StatusOr<PricingTerms> t =
      RecommendTerms(Table(), CreditGrade::kUnspecified, Segment::kUnspecified, 0);
  ASSERT_THAT(t, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      FieldViolationsOf(t.status()),
      ElementsAre(FieldViolation{"grade", "is required (AAA … D)"},
                  FieldViolation{"segment", "is required (KEY, SME or FIRST_TIME_BORROWER)"},
                  FieldViolation{"tenor_months", "must be 1 to 360 months"}));
  EXPECT_THAT(RecommendTerms(Table(), CreditGrade::kBBB, Segment::kSme, 361),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(RecommendTerms(Table(), static_cast<CreditGrade>(11), Segment::kSme, 12),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ccrm::rating
