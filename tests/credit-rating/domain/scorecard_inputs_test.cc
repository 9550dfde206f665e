#include "services/credit-rating/domain/scorecard_inputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/credit-rating/domain/ratios.h"

namespace ccrm::rating {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::SizeIs;

TEST(ScorecardInputsTest, AssessmentNames) {
  EXPECT_EQ(AssessmentName(Assessment::kStrong), "STRONG");
  EXPECT_EQ(AssessmentName(Assessment::kGood), "GOOD");
  EXPECT_EQ(AssessmentName(Assessment::kAdequate), "ADEQUATE");
  EXPECT_EQ(AssessmentName(Assessment::kWeak), "WEAK");
  EXPECT_EQ(AssessmentName(Assessment::kPoor), "POOR");
  EXPECT_EQ(AssessmentName(Assessment::kUnspecified), "");
}

TEST(ScorecardInputsTest, CategoryInputsAreTheFourAssessments) {
  EXPECT_THAT(CategoryInputNames(), ElementsAre("management_quality", "market_position",
                                                "industry_outlook", "guarantee_strength"));
  EXPECT_TRUE(IsCategoryInput("market_position"));
  EXPECT_FALSE(IsCategoryInput("current_ratio"));
}

TEST(ScorecardInputsTest, NumericInputsAreRatiosAnalyticsAndBureauFindings) {
  const auto& names = NumericInputNames();
  EXPECT_THAT(names, SizeIs(19));
  EXPECT_THAT(names, Contains(ratio_names::kRevenueGrowth));
  EXPECT_THAT(names, Contains(ratio_names::kCashRatio));
  EXPECT_THAT(names, Contains("altman_z_double_prime"));
  EXPECT_THAT(names, Contains("merton_default_probability"));
  EXPECT_THAT(names, Contains("bureau_max_days_overdue"));
  EXPECT_THAT(names, Contains("bureau_open_lawsuits"));
  EXPECT_THAT(names, Contains("bureau_guarantees_to_equity"));
}

TEST(ScorecardInputsTest, KnownInputs) {
  EXPECT_TRUE(IsKnownScorecardInput("dscr"));
  EXPECT_TRUE(IsKnownScorecardInput("guarantee_strength"));
  EXPECT_TRUE(IsKnownScorecardInput("bureau_guarantees_to_equity"));
  EXPECT_FALSE(IsKnownScorecardInput("DSCR"));
  EXPECT_FALSE(IsKnownScorecardInput(""));
  EXPECT_FALSE(IsKnownScorecardInput("ebitda"));
}

}  // namespace
}  // namespace ccrm::rating
