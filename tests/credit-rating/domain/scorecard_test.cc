#include "services/credit-rating/domain/scorecard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The textbook points-to-double-odds example (Siddiqi, Credit Risk Scorecards): 600 points at
// odds of 50:1, 20 points to double the odds.
//   factor = 20 / ln 2            = 28.8539008
//   offset = 600 − factor · ln 50 = 600 − 28.8539008 · 3.9120230 = 487.1228762
ScoreScaling TextbookScaling() { return ScoreScaling{600, 50, 20}; }
constexpr double kFactor = 28.85390081777927;
constexpr double kOffset = 487.1228762045055;

TEST(ScoreScalingTest, FactorAndOffsetOfTheTextbookExample) {
  EXPECT_NEAR(TextbookScaling().Factor(), kFactor, 1e-12);
  EXPECT_NEAR(TextbookScaling().Offset(), kOffset, 1e-10);
  EXPECT_NEAR(TextbookScaling().Factor(), 28.8539, 1e-4);
  EXPECT_NEAR(TextbookScaling().Offset(), 487.1229, 1e-4);
}

TEST(ScoreScalingTest, ProbabilityOfDefaultFollowsTheOdds) {
  const ScoreScaling s = TextbookScaling();
  EXPECT_NEAR(ProbabilityOfDefault(s, 600), 1.0 / 51, 1e-15);   // odds 50:1
  EXPECT_NEAR(ProbabilityOfDefault(s, 620), 1.0 / 101, 1e-15);  // odds 100:1
  EXPECT_NEAR(ProbabilityOfDefault(s, 580), 1.0 / 26, 1e-15);   // odds 25:1
  EXPECT_NEAR(ProbabilityOfDefault(s, kOffset), 0.5, 1e-15);    // odds 1:1
}

TEST(ScoreScalingTest, ProbabilityStaysStrictlyBetweenZeroAndOne) {
  const ScoreScaling s = TextbookScaling();
  EXPECT_GT(ProbabilityOfDefault(s, 1e6), 0.0);
  EXPECT_LT(ProbabilityOfDefault(s, -1e6), 1.0);
  EXPECT_LT(ProbabilityOfDefault(s, 1e6), 1e-12);
  EXPECT_GT(ProbabilityOfDefault(s, -1e6), 1 - 1e-12);
}

// Two factors on the textbook scaling, intercept 3:
//   current_ratio (coefficient 0.8): (−∞, 1) −0.5, [1, 2) 0.2, gap, [2.5, ∞) 0.6; missing −0.3
//   management_quality (0.5): STRONG 0.4, ADEQUATE 0, WEAK −0.4; missing −0.2
ScorecardModel SmallModel() {
  ScorecardModel m;
  m.model_id = "m-1";
  m.family = "corporate-test";
  m.intercept = 3.0;
  m.scaling = TextbookScaling();
  ScorecardFactor current;
  current.input = "current_ratio";
  current.coefficient = 0.8;
  current.numeric_bins = {{std::nullopt, 1.0, -0.5}, {1.0, 2.0, 0.2}, {2.5, std::nullopt, 0.6}};
  current.missing_woe = -0.3;
  ScorecardFactor management;
  management.input = "management_quality";
  management.coefficient = 0.5;
  management.category_bins = {{"STRONG", 0.4}, {"ADEQUATE", 0.0}, {"WEAK", -0.4}};
  management.missing_woe = -0.2;
  m.factors = {current, management};
  // Deliberately not in grade order.
  m.grade_bands = {{CreditGrade::kBBB, 580},
                   {CreditGrade::kA, 620},
                   {CreditGrade::kB, 500},
                   {CreditGrade::kBB, 540}};
  m.industry_adjustments = {{"C", -2}, {"C30", -5}};
  m.macro_adjustment_points = -3;
  return m;
}

ScorecardInputs Inputs(double current_ratio, const std::string& management) {
  ScorecardInputs in;
  in.numeric["current_ratio"] = current_ratio;
  in.categories["management_quality"] = management;
  return in;
}

TEST(EvaluateScorecardTest, ScoresTheWorkedExample) {
  // ln odds = 3 + 0.8·0.2 + 0.5·0.4 = 3.36; unadjusted score = offset + factor · 3.36 = 584.07;
  // industry "C3011" takes the longest prefix "C30" (−5), macro −3: 576.07, grade BB.
  ASSERT_OK_AND_ASSIGN(ScoreResult r,
                       EvaluateScorecard(SmallModel(), Inputs(1.5, "STRONG"), "C3011"));
  EXPECT_NEAR(r.score, 576.0719829522438, 1e-9);
  EXPECT_DOUBLE_EQ(r.industry_adjustment_points, -5);
  EXPECT_DOUBLE_EQ(r.macro_adjustment_points, -3);
  EXPECT_EQ(r.model_grade, CreditGrade::kBB);
  EXPECT_NEAR(r.probability_of_default, 0.04382480690963832, 1e-12);
  ASSERT_EQ(r.contributions.size(), 2u);
  // Each factor: factor · coefficient · woe + (offset + factor · intercept) / 2.
  const double share = (kOffset + kFactor * 3.0) / 2;
  EXPECT_EQ(r.contributions[0].input, "current_ratio");
  EXPECT_EQ(r.contributions[0].input_value, "1.5");
  EXPECT_DOUBLE_EQ(r.contributions[0].woe, 0.2);
  EXPECT_NEAR(r.contributions[0].points, kFactor * 0.8 * 0.2 + share, 1e-9);
  EXPECT_NEAR(r.contributions[0].points, 291.45891345976634, 1e-9);
  EXPECT_EQ(r.contributions[1].input, "management_quality");
  EXPECT_EQ(r.contributions[1].input_value, "STRONG");
  EXPECT_DOUBLE_EQ(r.contributions[1].woe, 0.4);
  EXPECT_NEAR(r.contributions[1].points, 292.6130694924775, 1e-9);
}

TEST(EvaluateScorecardTest, ContributionsAddUpToTheUnadjustedScore) {
  for (double current : {0.2, 1.0, 1.99, 3.0}) {
    for (const char* management : {"STRONG", "ADEQUATE", "WEAK"}) {
      ASSERT_OK_AND_ASSIGN(ScoreResult r,
                           EvaluateScorecard(SmallModel(), Inputs(current, management), "A01"));
      double sum = 0;
      for (const FactorContribution& c : r.contributions) {
        sum += c.points;
      }
      EXPECT_NEAR(sum, r.score - r.industry_adjustment_points - r.macro_adjustment_points, 1e-9);
      EXPECT_DOUBLE_EQ(r.industry_adjustment_points, 0);
    }
  }
}

TEST(EvaluateScorecardTest, DoublingTheOddsAddsThePdo) {
  ScorecardModel m = SmallModel();
  m.industry_adjustments.clear();
  m.macro_adjustment_points = 0;
  ASSERT_OK_AND_ASSIGN(ScoreResult base, EvaluateScorecard(m, Inputs(1.5, "STRONG"), ""));
  m.intercept += std::log(2.0);
  ASSERT_OK_AND_ASSIGN(ScoreResult doubled, EvaluateScorecard(m, Inputs(1.5, "STRONG"), ""));
  EXPECT_NEAR(doubled.score - base.score, 20.0, 1e-9);
  EXPECT_NEAR((1 / doubled.probability_of_default - 1) / (1 / base.probability_of_default - 1), 2.0,
              1e-9);
}

double WoeOf(double current_ratio) {
  absl::StatusOr<ScoreResult> r =
      EvaluateScorecard(SmallModel(), Inputs(current_ratio, "WEAK"), "");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->contributions[0].woe : std::nan("");
}

TEST(EvaluateScorecardTest, BinsIncludeTheirLowerBoundOnly) {
  EXPECT_DOUBLE_EQ(WoeOf(-5), -0.5);
  EXPECT_DOUBLE_EQ(WoeOf(0.9999), -0.5);
  EXPECT_DOUBLE_EQ(WoeOf(1.0), 0.2);
  EXPECT_DOUBLE_EQ(WoeOf(1.9999), 0.2);
  EXPECT_DOUBLE_EQ(WoeOf(2.5), 0.6);
  EXPECT_DOUBLE_EQ(WoeOf(1e9), 0.6);
}

TEST(EvaluateScorecardTest, ValueInAGapGetsTheMissingWoe) {
  ASSERT_OK_AND_ASSIGN(ScoreResult r, EvaluateScorecard(SmallModel(), Inputs(2.0, "WEAK"), ""));
  EXPECT_DOUBLE_EQ(r.contributions[0].woe, -0.3);
  EXPECT_EQ(r.contributions[0].input_value, "undefined: no bin for value 2");
}

TEST(EvaluateScorecardTest, MissingInputsGetTheMissingWoeAndTheirReason) {
  ScorecardInputs in;
  in.undefined_reasons["current_ratio"] = "current_liabilities is zero";
  ASSERT_OK_AND_ASSIGN(ScoreResult r, EvaluateScorecard(SmallModel(), in, "C3011"));
  EXPECT_EQ(r.contributions[0].input_value, "undefined: current_liabilities is zero");
  EXPECT_DOUBLE_EQ(r.contributions[0].woe, -0.3);
  EXPECT_EQ(r.contributions[1].input_value, "undefined: missing");
  EXPECT_DOUBLE_EQ(r.contributions[1].woe, -0.2);
  // ln odds = 3 − 0.24 − 0.1 = 2.66 → 563.87 − 8 = 555.87: BB.
  EXPECT_NEAR(r.score, 555.8742523797983, 1e-9);
  EXPECT_EQ(r.model_grade, CreditGrade::kBB);
}

TEST(EvaluateScorecardTest, UnknownCategoryGetsTheMissingWoe) {
  ASSERT_OK_AND_ASSIGN(ScoreResult r, EvaluateScorecard(SmallModel(), Inputs(1.5, "GOOD"), ""));
  EXPECT_EQ(r.contributions[1].input_value, "undefined: no bin for category GOOD");
  EXPECT_DOUBLE_EQ(r.contributions[1].woe, -0.2);
}

TEST(EvaluateScorecardTest, IndustryAdjustmentUsesTheLongestPrefix) {
  auto industry_points = [](const std::string& code) {
    absl::StatusOr<ScoreResult> r = EvaluateScorecard(SmallModel(), Inputs(1.5, "GOOD"), code);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->industry_adjustment_points : std::nan("");
  };
  EXPECT_DOUBLE_EQ(industry_points("C3011"), -5);
  EXPECT_DOUBLE_EQ(industry_points("C30"), -5);
  EXPECT_DOUBLE_EQ(industry_points("C3"), -2);
  EXPECT_DOUBLE_EQ(industry_points("C4010"), -2);
  EXPECT_DOUBLE_EQ(industry_points("A0111"), 0);
  EXPECT_DOUBLE_EQ(industry_points(""), 0);
}

TEST(EvaluateScorecardTest, GradeIsTheBestBandReachedElseTheWorstBand) {
  ScorecardModel m = SmallModel();
  m.industry_adjustments.clear();
  m.factors.resize(1);
  m.factors[0].coefficient = 0;  // the score is offset + factor · intercept + macro
  auto grade_at = [&](double target_score) {
    m.macro_adjustment_points = target_score - (kOffset + kFactor * m.intercept);
    absl::StatusOr<ScoreResult> r = EvaluateScorecard(m, Inputs(1.5, "WEAK"), "");
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_NEAR(r->score, target_score, 1e-9);
    return r.ok() ? r->model_grade : CreditGrade::kUnspecified;
  };
  EXPECT_EQ(grade_at(700), CreditGrade::kA);
  EXPECT_EQ(grade_at(620.001), CreditGrade::kA);
  EXPECT_EQ(grade_at(619.999), CreditGrade::kBBB);
  EXPECT_EQ(grade_at(540.001), CreditGrade::kBB);
  EXPECT_EQ(grade_at(500.001), CreditGrade::kB);
  EXPECT_EQ(grade_at(100), CreditGrade::kB);
}

TEST(EvaluateScorecardTest, RejectsAnInvalidModel) {
  ScorecardModel m = SmallModel();
  m.scaling.pdo = 0;
  EXPECT_THAT(EvaluateScorecard(m, Inputs(1.5, "STRONG"), ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// ---- Validation ----

std::vector<FieldViolation> Violations(const ScorecardModel& m) {
  return FieldViolationsOf(ValidateScorecardModel(m, "model"));
}

TEST(ValidateScorecardModelTest, AcceptsTheSmallModel) {
  EXPECT_OK(ValidateScorecardModel(SmallModel(), "model"));
}

TEST(ValidateScorecardModelTest, ReportsNumericBinProblemsByPath) {
  ScorecardModel m = SmallModel();
  m.factors[0].numeric_bins = {
      {2.0, 1.0, 0.1}, {0.5, 3.0, 0.2}, {std::nullopt, 5.0, 0.3}, {5.0, std::nullopt, 0.4}};
  m.factors[0].numeric_bins[3].woe = std::numeric_limits<double>::quiet_NaN();
  std::swap(m.factors[0], m.factors[1]);  // the numeric factor is factors[1]
  EXPECT_THAT(
      Violations(m),
      ElementsAre(
          FieldViolation{"model.factors[1].numeric_bins[0]",
                         "lower_bound 2 must be below upper_bound 1"},
          FieldViolation{"model.factors[1].numeric_bins[1]",
                         "overlaps numeric_bins[0]: bins must ascend without overlap "
                         "(lower_bound 0.5 is below the previous upper_bound 1)"},
          FieldViolation{"model.factors[1].numeric_bins[2].lower_bound",
                         "only the first bin may have an open lower bound"},
          FieldViolation{"model.factors[1].numeric_bins[3].woe", "must be a finite number"}));
}

TEST(ValidateScorecardModelTest, ReportsOpenUpperBoundBeforeTheLastBin) {
  ScorecardModel m = SmallModel();
  m.factors[0].numeric_bins = {{std::nullopt, std::nullopt, 0.1}, {1.0, std::nullopt, 0.2}};
  EXPECT_THAT(Violations(m),
              ElementsAre(FieldViolation{"model.factors[0].numeric_bins[0].upper_bound",
                                         "only the last bin may have an open upper bound"}));
}

TEST(ValidateScorecardModelTest, ReportsFactorProblems) {
  ScorecardModel m = SmallModel();
  ScorecardFactor unknown;
  unknown.input = "ebitda";
  unknown.numeric_bins = {{std::nullopt, std::nullopt, 0}};
  ScorecardFactor repeated = m.factors[0];
  repeated.coefficient = std::numeric_limits<double>::infinity();
  m.factors[1].numeric_bins = {{std::nullopt, std::nullopt, 0}};
  m.factors[1].category_bins.push_back({"STRONG", 0.1});
  m.factors[1].category_bins.push_back({"EXCELLENT", 0.9});
  m.factors.push_back(unknown);
  m.factors.push_back(repeated);
  EXPECT_THAT(
      Violations(m),
      ElementsAre(
          FieldViolation{"model.factors[1].numeric_bins", "must be empty for a qualitative input"},
          FieldViolation{"model.factors[1].category_bins[3].category", "repeats category_bins[0]"},
          FieldViolation{"model.factors[1].category_bins[4].category",
                         "must be one of STRONG, GOOD, ADEQUATE, WEAK, POOR"},
          FieldViolation{"model.factors[2].input",
                         "is not a known scorecard input (see docs/credit-rating-analytics.md for "
                         "the inputs)"},
          FieldViolation{"model.factors[3].coefficient", "must be a finite number"},
          FieldViolation{"model.factors[3].input", "repeats factors[0]"}));
}

TEST(ValidateScorecardModelTest, ReportsMissingBinsAndFactors) {
  ScorecardModel m = SmallModel();
  m.factors[0].numeric_bins.clear();
  m.factors[0].category_bins = {{"STRONG", 1}};
  m.factors[1].category_bins.clear();
  EXPECT_THAT(
      Violations(m),
      ElementsAre(
          FieldViolation{"model.factors[0].category_bins", "must be empty for a numeric input"},
          FieldViolation{"model.factors[0].numeric_bins", "at least one bin is required"},
          FieldViolation{"model.factors[1].category_bins", "at least one bin is required"}));
  m.factors.clear();
  EXPECT_THAT(Violations(m),
              ElementsAre(FieldViolation{"model.factors", "at least one factor is required"}));
}

TEST(ValidateScorecardModelTest, ReportsGradeBandProblems) {
  ScorecardModel m = SmallModel();
  m.grade_bands = {{CreditGrade::kA, 620}, {CreditGrade::kBBB, 620},
                   {CreditGrade::kD, 100}, {CreditGrade::kUnspecified, 50},
                   {CreditGrade::kA, 700}, {CreditGrade::kCCC, 630}};
  EXPECT_THAT(
      Violations(m),
      ElementsAre(
          FieldViolation{"model.grade_bands[2].grade",
                         "D cannot have a band: it comes only from default evidence"},
          FieldViolation{"model.grade_bands[3].grade",
                         "must be one of AAA, AA, A, BBB, BB, B, CCC, CC, C"},
          FieldViolation{"model.grade_bands[4].grade", "repeats grade_bands[0]"},
          FieldViolation{"model.grade_bands[1].min_score",
                         "must be below the min_score of A (620): a worse grade needs a lower "
                         "score"},
          FieldViolation{"model.grade_bands[5].min_score",
                         "must be below the min_score of BBB (620): a worse grade needs a lower "
                         "score"}));
  m.grade_bands.clear();
  EXPECT_THAT(Violations(m),
              ElementsAre(FieldViolation{"model.grade_bands", "at least one band is required"}));
}

TEST(ValidateScorecardModelTest, ReportsModelLevelProblems) {
  ScorecardModel m = SmallModel();
  m.family = "Corporate";
  m.intercept = std::numeric_limits<double>::quiet_NaN();
  m.scaling = ScoreScaling{600, 0, -20};
  m.industry_adjustments = {{"c30", 1}, {"C30", 2}, {"C30", 3}, {"", 4}};
  m.macro_adjustment_points = std::numeric_limits<double>::infinity();
  m.validity_months = 0;
  m.max_statement_age_months = 37;
  const char* kPrefixRule =
      "must be a GB/T 4754 code prefix: a letter A-T and up to four digits, e.g. \"C30\"";
  EXPECT_THAT(
      Violations(m),
      ElementsAre(FieldViolation{"model.family", "may hold only a-z, 0-9 and '-'"},
                  FieldViolation{"model.intercept", "must be a finite number"},
                  FieldViolation{"model.scaling.base_odds", "must be a positive number"},
                  FieldViolation{"model.scaling.pdo", "must be a positive number"},
                  FieldViolation{"model.industry_adjustments[0].industry_code_prefix", kPrefixRule},
                  FieldViolation{"model.industry_adjustments[2].industry_code_prefix",
                                 "repeats industry_adjustments[1]"},
                  FieldViolation{"model.industry_adjustments[3].industry_code_prefix", kPrefixRule},
                  FieldViolation{"model.macro_adjustment_points", "must be a finite number"},
                  FieldViolation{"model.validity_months", "must be 1 to 36 months"},
                  FieldViolation{"model.max_statement_age_months", "must be 1 to 36 months"}));
}

TEST(ValidateScorecardModelTest, FamilyRules) {
  ScorecardModel m = SmallModel();
  m.family = "";
  EXPECT_THAT(Violations(m), ElementsAre(FieldViolation{"model.family", "is required"}));
  m.family = std::string(65, 'a');
  EXPECT_THAT(Violations(m),
              ElementsAre(FieldViolation{"model.family", "must be at most 64 characters"}));
  m.family = std::string(64, 'a');
  EXPECT_THAT(Violations(m), IsEmpty());
  m.family = "sme-2025";
  EXPECT_THAT(Violations(m), IsEmpty());
}

TEST(ValidateScorecardModelTest, EmptyFieldGivesUnprefixedPaths) {
  ScorecardModel m = SmallModel();
  m.validity_months = 40;
  EXPECT_THAT(FieldViolationsOf(ValidateScorecardModel(m, "")),
              ElementsAre(FieldViolation{"validity_months", "must be 1 to 36 months"}));
}

}  // namespace
}  // namespace ccrm::rating
