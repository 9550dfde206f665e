#include "services/relationship-service/domain/satisfaction_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;

SurveyScores Survey(int csat, int nps, absl::CivilSecond when) {
  return {csat, nps, absl::FromCivil(when, absl::UTCTimeZone())};
}

TEST(ValidateScoresTest, AcceptsTheRanges) {
  EXPECT_OK(ValidateScores({1, 0, {}}, "survey"));
  EXPECT_OK(ValidateScores({5, 10, {}}, "survey"));
}

TEST(ValidateScoresTest, ReportsBothFieldsAtOnce) {
  absl::Status s = ValidateScores({0, 11, {}}, "survey");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"survey.csat", "must be between 1 and 5"},
                          FieldViolation{"survey.nps", "must be between 0 and 10"}));
  EXPECT_THAT(FieldViolationsOf(ValidateScores({6, -1, {}}, "")),
              ElementsAre(FieldViolation{"csat", "must be between 1 and 5"},
                          FieldViolation{"nps", "must be between 0 and 10"}));
}

TEST(QuarterlyTrendTest, AveragesAndNpsPerQuarter) {
  const std::vector<SurveyScores> surveys = {
      // 2026-Q1: promoter, passive, detractor, promoter → NPS 100 × (2 − 1) / 4 = 25.
      Survey(5, 10, absl::CivilSecond(2026, 1, 5, 9, 0, 0)),
      Survey(4, 8, absl::CivilSecond(2026, 2, 10, 9, 0, 0)),
      Survey(2, 3, absl::CivilSecond(2026, 3, 31, 23, 59, 59)),
      Survey(4, 9, absl::CivilSecond(2026, 3, 1, 0, 0, 0)),
      // 2026-Q3: one detractor.
      Survey(3, 6, absl::CivilSecond(2026, 7, 1, 0, 0, 0)),
  };
  std::vector<SatisfactionPoint> trend = QuarterlyTrend(surveys, absl::CivilDay(2026, 8, 15), 4);
  ASSERT_EQ(trend.size(), 2u);  // 2026-Q2 had no surveys and is left out
  EXPECT_EQ(trend[0].period, "2026-Q1");
  EXPECT_EQ(trend[0].surveys, 4);
  EXPECT_DOUBLE_EQ(trend[0].average_csat, 3.75);
  EXPECT_DOUBLE_EQ(trend[0].nps_score, 25.0);
  EXPECT_EQ(trend[1].period, "2026-Q3");
  EXPECT_EQ(trend[1].surveys, 1);
  EXPECT_DOUBLE_EQ(trend[1].average_csat, 3.0);
  EXPECT_DOUBLE_EQ(trend[1].nps_score, -100.0);
}

TEST(QuarterlyTrendTest, WindowSpansYearsAndIgnoresOutsiders) {
  const std::vector<SurveyScores> surveys = {
      Survey(1, 0, absl::CivilSecond(2025, 6, 30, 23, 59, 59)),  // 2025-Q2: just before the window
      Survey(5, 9, absl::CivilSecond(2025, 7, 1, 0, 0, 0)),  // 2025-Q3: first quarter of the window
      Survey(4, 7, absl::CivilSecond(2025, 12, 31, 12, 0, 0)),  // 2025-Q4
      Survey(2, 2, absl::CivilSecond(2026, 4, 1, 0, 0, 0)),     // 2026-Q2: after today's quarter
  };
  std::vector<SatisfactionPoint> trend = QuarterlyTrend(surveys, absl::CivilDay(2026, 3, 31), 3);
  ASSERT_EQ(trend.size(), 2u);
  EXPECT_EQ(trend[0].period, "2025-Q3");
  EXPECT_DOUBLE_EQ(trend[0].nps_score, 100.0);
  EXPECT_EQ(trend[1].period, "2025-Q4");
  EXPECT_DOUBLE_EQ(trend[1].nps_score, 0.0);  // a passive
  EXPECT_DOUBLE_EQ(trend[1].average_csat, 4.0);
}

TEST(QuarterlyTrendTest, QuarterIsTakenInUtc) {
  // 2026-04-01 07:00 in Shanghai is still 2026-03-31 in UTC: Q1.
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2026, 3, 31, 23, 0, 0), absl::UTCTimeZone());
  std::vector<SatisfactionPoint> trend = QuarterlyTrend({{4, 9, t}}, absl::CivilDay(2026, 4, 2), 2);
  ASSERT_EQ(trend.size(), 1u);
  EXPECT_EQ(trend[0].period, "2026-Q1");
}

TEST(QuarterlyTrendTest, EmptyInputsGiveAnEmptyTrend) {
  EXPECT_TRUE(QuarterlyTrend({}, absl::CivilDay(2026, 1, 1), 8).empty());
  EXPECT_TRUE(QuarterlyTrend({Survey(5, 10, absl::CivilSecond(2026, 1, 2, 0, 0, 0))},
                             absl::CivilDay(2026, 1, 1), 0)
                  .empty());
}

TEST(IsSatisfactionDropTest, LowCsatWithoutHistory) {
  EXPECT_TRUE(IsSatisfactionDrop(std::nullopt, {2, 8, {}}));
  EXPECT_FALSE(IsSatisfactionDrop(std::nullopt, {3, 0, {}}));
}

TEST(IsSatisfactionDropTest, CsatFallOfTwo) {
  EXPECT_TRUE(IsSatisfactionDrop(SurveyScores{5, 8, {}}, {3, 8, {}}));
  EXPECT_FALSE(IsSatisfactionDrop(SurveyScores{5, 8, {}}, {4, 8, {}}));
  EXPECT_FALSE(IsSatisfactionDrop(SurveyScores{3, 8, {}}, {5, 8, {}}));
}

TEST(IsSatisfactionDropTest, PromoterTurnedDetractor) {
  EXPECT_TRUE(IsSatisfactionDrop(SurveyScores{4, 9, {}}, {4, 6, {}}));
  EXPECT_FALSE(IsSatisfactionDrop(SurveyScores{4, 9, {}}, {4, 7, {}}));
  EXPECT_FALSE(IsSatisfactionDrop(SurveyScores{4, 8, {}}, {4, 0, {}}));
}

}  // namespace
}  // namespace ccrm::relationship
