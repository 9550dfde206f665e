#include "services/credit-rating/domain/grade.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;

TEST(GradeTest, NamesEveryGradeAndParsesItBack) {
  const char* const kNames[] = {"AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D"};
  for (size_t i = 0; i < kAllGrades.size(); ++i) {
    EXPECT_EQ(GradeName(kAllGrades[i]), kNames[i]);
    ASSERT_OK_AND_ASSIGN(CreditGrade parsed, ParseGrade(kNames[i]));
    EXPECT_EQ(parsed, kAllGrades[i]);
  }
  EXPECT_EQ(GradeName(CreditGrade::kUnspecified), "");
}

TEST(GradeTest, ParseRejectsAnythingElse) {
  for (const char* bad : {"", "aaa", "Aaa", "AAA ", "E", "BBB-", "UNSPECIFIED"}) {
    EXPECT_THAT(ParseGrade(bad), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(GradeTest, NotchesDownCountsGradesBetween) {
  EXPECT_EQ(NotchesDown(CreditGrade::kA, CreditGrade::kBBB), 1);
  EXPECT_EQ(NotchesDown(CreditGrade::kAAA, CreditGrade::kD), 9);
  EXPECT_EQ(NotchesDown(CreditGrade::kBB, CreditGrade::kA), -2);
  EXPECT_EQ(NotchesDown(CreditGrade::kB, CreditGrade::kB), 0);
  EXPECT_EQ(NotchesDown(CreditGrade::kUnspecified, CreditGrade::kB), 0);
  EXPECT_EQ(NotchesDown(CreditGrade::kB, CreditGrade::kUnspecified), 0);
}

TEST(GradeTest, InvestmentGradeIsBbbOrBetter) {
  EXPECT_TRUE(IsInvestmentGrade(CreditGrade::kAAA));
  EXPECT_TRUE(IsInvestmentGrade(CreditGrade::kBBB));
  EXPECT_FALSE(IsInvestmentGrade(CreditGrade::kBB));
  EXPECT_FALSE(IsInvestmentGrade(CreditGrade::kD));
  EXPECT_FALSE(IsInvestmentGrade(CreditGrade::kUnspecified));
}

}  // namespace
}  // namespace ccrm::rating
