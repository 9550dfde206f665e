#include "services/credit-rating/domain/rating_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

absl::Time At(int y, int m, int d) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, 9, 30, 0), absl::UTCTimeZone());
}

Money Cny(int64_t thousands) { return Money{"CNY", thousands * 1000, 0}; }

StatementFigures Annual(const std::string& id, int fiscal_year) {
  StatementFigures s;
  s.statement_id = id;
  s.period_type = PeriodType::kAnnual;
  s.fiscal_year = fiscal_year;
  s.period_end_date = absl::CivilDay(fiscal_year, 12, 31);
  s.audited = true;
  s.currency_code = "CNY";
  return s;
}

// FY2024, thousands of yuan. Altman Z″ of it:
//   X1 = (6000 − 4000) / 20000 = 0.1    X2 = 3000 / 20000 = 0.15
//   X3 = 2000 / 20000 = 0.1             X4 = 8000 / 12000 = 0.6667
//   Z″ = 6.56·0.1 + 3.26·0.15 + 6.72·0.1 + 1.05·0.6667 = 0.656 + 0.489 + 0.672 + 0.7 = 2.517
StatementFigures Fy2024() {
  StatementFigures s = Annual("fs-2024", 2024);
  s.cash = Cny(1'500);
  s.inventory = Cny(2'000);
  s.current_assets = Cny(6'000);
  s.total_assets = Cny(20'000);
  s.short_term_debt = Cny(3'000);
  s.current_liabilities = Cny(4'000);
  s.long_term_debt = Cny(4'000);
  s.total_liabilities = Cny(12'000);
  s.total_equity = Cny(8'000);
  s.retained_earnings = Cny(3'000);
  s.revenue = Cny(25'000);
  s.cost_of_sales = Cny(18'000);
  s.operating_profit = Cny(2'500);
  s.interest_expense = Cny(500);
  s.ebit = Cny(2'000);
  s.net_profit = Cny(1'200);
  s.operating_cash_flow = Cny(3'000);
  s.debt_service = Cny(2'400);
  return s;
}

StatementFigures Fy2023() {
  StatementFigures s = Annual("fs-2023", 2023);
  s.revenue = Cny(20'000);
  return s;
}

StatementFigures Quarter(int year, int quarter, absl::CivilDay end) {
  StatementFigures s = Fy2024();
  s.statement_id = absl::StrCat("fs-", year, "q", quarter);
  s.period_type = PeriodType::kQuarterly;
  s.fiscal_year = year;
  s.fiscal_quarter = quarter;
  s.period_end_date = end;
  return s;
}

QualitativeInputs Qualitative() {
  QualitativeInputs q;
  q.management_quality = Assessment::kGood;
  q.market_position = Assessment::kAdequate;
  q.industry_outlook = Assessment::kWeak;
  q.guarantee_strength = Assessment::kStrong;
  return q;
}

BureauReport CleanBureau() {
  BureauReport b;
  b.source = "file";
  b.report_id = "rpt-42";
  b.report_date = absl::CivilDay(2025, 6, 1);
  b.max_days_overdue_24m = 0;
  b.current_overdue_amount = Cny(0);
  b.guarantees_given = Cny(2'000);
  b.open_lawsuits = 1;
  b.other_bank_loans = Cny(5'000);
  return b;
}

// ---- SelectUsableStatements ----

TEST(SelectUsableStatementsTest, TakesTheLatestAnnualAndItsPriorYear) {
  const std::vector<StatementFigures> statements = {
      Fy2023(), Quarter(2025, 1, absl::CivilDay(2025, 3, 31)), Fy2024(), Annual("fs-2022", 2022)};
  ASSERT_OK_AND_ASSIGN(UsableStatements u, SelectUsableStatements(statements, At(2025, 6, 30), 18));
  EXPECT_EQ(u.latest.statement_id, "fs-2024");
  ASSERT_TRUE(u.prior_year.has_value());
  EXPECT_EQ(u.prior_year->statement_id, "fs-2023");
}

TEST(SelectUsableStatementsTest, PriorYearMustShareTheCurrency) {
  StatementFigures usd = Fy2023();
  usd.currency_code = "USD";
  ASSERT_OK_AND_ASSIGN(UsableStatements u,
                       SelectUsableStatements({Fy2024(), usd}, At(2025, 6, 30), 18));
  EXPECT_EQ(u.latest.statement_id, "fs-2024");
  EXPECT_FALSE(u.prior_year.has_value());
}

TEST(SelectUsableStatementsTest, NoPriorYearWhenAYearIsSkipped) {
  ASSERT_OK_AND_ASSIGN(
      UsableStatements u,
      SelectUsableStatements({Fy2024(), Annual("fs-2022", 2022)}, At(2025, 6, 30), 18));
  EXPECT_FALSE(u.prior_year.has_value());
}

TEST(SelectUsableStatementsTest, PrefersTheAuditedStatementOfTheSamePeriod) {
  StatementFigures draft = Fy2024();
  draft.statement_id = "fs-2024-draft";
  draft.audited = false;
  ASSERT_OK_AND_ASSIGN(UsableStatements u,
                       SelectUsableStatements({draft, Fy2024()}, At(2025, 6, 30), 18));
  EXPECT_EQ(u.latest.statement_id, "fs-2024");
}

TEST(SelectUsableStatementsTest, AgeLimitIsInclusive) {
  // 18 months before 2025-06-30 is 2023-12-30: a period ending 2023-12-31 is usable.
  EXPECT_OK(SelectUsableStatements({Fy2023()}, At(2025, 6, 30), 18));
  // A day later the limit is 2024-01-01.
  absl::StatusOr<UsableStatements> late = SelectUsableStatements({Fy2023()}, At(2025, 7, 1), 18);
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kFailedPrecondition,
                             "no annual financial statement with a period ending on or after "
                             "2024-01-01 (at most 18 months before 2025-07-01)"));
  EXPECT_EQ(ErrorReason(late.status()), "NO_USABLE_STATEMENTS");
}

TEST(SelectUsableStatementsTest, AgeLimitClampsToTheEndOfAShortMonth) {
  // 6 months before 2025-08-31 is 2025-02-28 (February has no 31st).
  StatementFigures feb = Annual("fs-feb", 2025);
  feb.period_end_date = absl::CivilDay(2025, 2, 28);
  EXPECT_OK(SelectUsableStatements({feb}, At(2025, 8, 31), 6));
  feb.period_end_date = absl::CivilDay(2025, 2, 27);
  EXPECT_THAT(SelectUsableStatements({feb}, At(2025, 8, 31), 6),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(SelectUsableStatementsTest, QuarterlyStatementsAloneAreNotEnough) {
  EXPECT_THAT(
      SelectUsableStatements({Quarter(2025, 1, absl::CivilDay(2025, 3, 31))}, At(2025, 6, 30), 18),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(SelectUsableStatements({}, At(2025, 6, 30), 18),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

// ---- BuildScorecardInputs ----

TEST(BuildScorecardInputsTest, MapsEverySource) {
  const StatementFigures latest = Fy2024();
  const std::vector<RatioValue> ratios = ComputeRatios(latest, nullptr);
  AltmanResult altman;
  altman.variant = AltmanVariant::kZDoublePrime;
  altman.score = 2.517;
  MertonResult merton;
  merton.default_probability = 0.0123;
  const ScorecardInputs in =
      BuildScorecardInputs(ratios, Qualitative(), altman, merton, CleanBureau(), latest);
  EXPECT_DOUBLE_EQ(in.numeric.at("current_ratio"), 1.5);
  EXPECT_DOUBLE_EQ(in.numeric.at("dscr"), 1.25);
  EXPECT_EQ(in.numeric.count("revenue_growth"), 0u);
  EXPECT_DOUBLE_EQ(in.numeric.at("altman_z_double_prime"), 2.517);
  EXPECT_DOUBLE_EQ(in.numeric.at("merton_default_probability"), 0.0123);
  EXPECT_DOUBLE_EQ(in.numeric.at("bureau_max_days_overdue"), 0);
  EXPECT_DOUBLE_EQ(in.numeric.at("bureau_open_lawsuits"), 1);
  EXPECT_DOUBLE_EQ(in.numeric.at("bureau_guarantees_to_equity"), 0.25);  // 2000 / 8000
  EXPECT_THAT(
      in.categories,
      UnorderedElementsAre(Pair("management_quality", "GOOD"), Pair("market_position", "ADEQUATE"),
                           Pair("industry_outlook", "WEAK"), Pair("guarantee_strength", "STRONG")));
  EXPECT_THAT(in.undefined_reasons,
              ElementsAre(Pair("revenue_growth", "no statement for the prior year")));
}

TEST(BuildScorecardInputsTest, ExplainsWhatIsMissing) {
  StatementFigures latest = Fy2024();
  latest.retained_earnings.reset();
  latest.total_equity = Cny(-100);
  QualitativeInputs q = Qualitative();
  q.market_position = Assessment::kUnspecified;
  const ScorecardInputs in = BuildScorecardInputs(ComputeRatios(latest, nullptr), q, std::nullopt,
                                                  std::nullopt, std::nullopt, latest);
  EXPECT_EQ(in.undefined_reasons.at("altman_z_double_prime"), "retained_earnings is missing");
  EXPECT_EQ(in.undefined_reasons.at("merton_default_probability"), "no market data (not listed)");
  EXPECT_EQ(in.undefined_reasons.at("bureau_max_days_overdue"), "no bureau record");
  EXPECT_EQ(in.undefined_reasons.at("bureau_open_lawsuits"), "no bureau record");
  EXPECT_EQ(in.undefined_reasons.at("bureau_guarantees_to_equity"), "no bureau record");
  EXPECT_EQ(in.undefined_reasons.at("market_position"), "not assessed");
  EXPECT_EQ(in.undefined_reasons.at("debt_to_equity"), "total_equity is not positive");
  EXPECT_EQ(in.categories.count("market_position"), 0u);
}

TEST(BuildScorecardInputsTest, GuaranteesNeedPositiveEquityInTheSameCurrency) {
  StatementFigures latest = Fy2024();
  latest.total_equity = Cny(0);
  const std::vector<RatioValue> ratios = ComputeRatios(latest, nullptr);
  EXPECT_EQ(
      BuildScorecardInputs(ratios, Qualitative(), std::nullopt, std::nullopt, CleanBureau(), latest)
          .undefined_reasons.at("bureau_guarantees_to_equity"),
      "total_equity is not positive");
  latest.total_equity.reset();
  EXPECT_EQ(
      BuildScorecardInputs(ratios, Qualitative(), std::nullopt, std::nullopt, CleanBureau(), latest)
          .undefined_reasons.at("bureau_guarantees_to_equity"),
      "total_equity is missing");
  latest = Fy2024();
  BureauReport usd = CleanBureau();
  usd.guarantees_given = Money{"USD", 100, 0};
  EXPECT_EQ(BuildScorecardInputs(ratios, Qualitative(), std::nullopt, std::nullopt, usd, latest)
                .undefined_reasons.at("bureau_guarantees_to_equity"),
            "guarantees_given is in USD, the statement in CNY");
  BureauReport none = CleanBureau();
  none.guarantees_given = Money{};  // zero, no currency
  EXPECT_DOUBLE_EQ(
      BuildScorecardInputs(ratios, Qualitative(), std::nullopt, std::nullopt, none, latest)
          .numeric.at("bureau_guarantees_to_equity"),
      0.0);
}

// ---- ComputeRating ----

ScorecardFactor NumericFactor(const std::string& input, double coefficient,
                              std::vector<NumericBin> bins, double missing_woe) {
  ScorecardFactor f;
  f.input = input;
  f.coefficient = coefficient;
  f.numeric_bins = std::move(bins);
  f.missing_woe = missing_woe;
  return f;
}

// A small model over every kind of input.
ScorecardModel EngineModel() {
  ScorecardModel m;
  m.model_id = "model-7";
  m.family = "corporate";
  m.version = 3;
  m.intercept = 3.9;
  m.scaling = ScoreScaling{600, 50, 40};
  m.factors = {
      NumericFactor("current_ratio", 0.6, {{std::nullopt, 1.0, -0.5}, {1.0, std::nullopt, 0.4}},
                    -0.3),
      NumericFactor("altman_z_double_prime", 0.7,
                    {{std::nullopt, 1.1, -0.8}, {1.1, 2.6, 0.0}, {2.6, std::nullopt, 0.5}}, -0.3),
      NumericFactor("merton_default_probability", 0.6,
                    {{std::nullopt, 0.01, 0.6}, {0.01, std::nullopt, -0.6}}, 0.0),
      NumericFactor("bureau_max_days_overdue", 1.0,
                    {{std::nullopt, 1.0, 0.3}, {1.0, std::nullopt, -1.5}}, -0.1)};
  ScorecardFactor management;
  management.input = "management_quality";
  management.coefficient = 0.8;
  management.category_bins = {{"STRONG", 0.6}, {"GOOD", 0.3}, {"WEAK", -0.6}};
  management.missing_woe = -0.6;
  m.factors.push_back(management);
  m.grade_bands = {{CreditGrade::kA, 700},
                   {CreditGrade::kBBB, 640},
                   {CreditGrade::kBB, 580},
                   {CreditGrade::kB, 500},
                   {CreditGrade::kC, 0}};
  m.industry_adjustments = {{"K70", -15}};
  m.validity_months = 12;
  m.max_statement_age_months = 18;
  return m;
}

RatingRequestInputs Request() {
  RatingRequestInputs in;
  in.customer = RatedCustomer{"cust-1", "C3011", Segment::kKey};
  in.statements = {Fy2023(), Fy2024()};
  in.qualitative = Qualitative();
  in.market = MarketInputs{12'000'000, 0.40, 0.02};
  in.bureau = CleanBureau();
  in.now = At(2025, 6, 30);
  return in;
}

const FactorContribution& ContributionOf(const RatingComputation& c, const std::string& input) {
  for (const FactorContribution& f : c.contributions) {
    if (f.input == input) {
      return f;
    }
  }
  static const FactorContribution kNone;
  ADD_FAILURE() << "no contribution of " << input;
  return kNone;
}

TEST(ComputeRatingTest, RatesFromEverySource) {
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(EngineModel(), Request()));
  EXPECT_EQ(c.model_id, "model-7");
  EXPECT_EQ(c.model_version, 3);
  ASSERT_EQ(c.statement_periods.size(), 2u);
  EXPECT_EQ(c.statement_periods[0].statement_id, "fs-2024");
  EXPECT_EQ(c.statement_periods[0].fiscal_year, 2024);
  EXPECT_EQ(c.statement_periods[0].period_end_date, absl::CivilDay(2024, 12, 31));
  EXPECT_TRUE(c.statement_periods[0].audited);
  EXPECT_EQ(c.statement_periods[1].statement_id, "fs-2023");
  ASSERT_EQ(c.ratios.size(), 14u);
  EXPECT_DOUBLE_EQ(*FindRatio(c.ratios, "revenue_growth")->value, 0.25);

  ASSERT_TRUE(c.altman.has_value());
  EXPECT_EQ(c.altman->variant, AltmanVariant::kZDoublePrime);
  EXPECT_NEAR(c.altman->score, 2.517, 1e-12);
  EXPECT_EQ(c.altman->zone, AltmanZone::kGrey);

  // KMV default point: 3,000k short-term + ½ · 4,000k long-term = 5,000k.
  ASSERT_TRUE(c.merton.has_value());
  EXPECT_DOUBLE_EQ(c.merton->default_point, 5'000'000);
  ASSERT_OK_AND_ASSIGN(MertonResult direct,
                       SolveMerton(MertonInputs{12'000'000, 0.40, 5'000'000, 0.02, 1.0}));
  EXPECT_DOUBLE_EQ(c.merton->default_probability, direct.default_probability);
  EXPECT_LT(c.merton->default_probability, 0.01);

  EXPECT_EQ(ContributionOf(c, "current_ratio").input_value, "1.5");
  EXPECT_EQ(ContributionOf(c, "altman_z_double_prime").input_value, "2.517");
  EXPECT_DOUBLE_EQ(ContributionOf(c, "merton_default_probability").woe, 0.6);
  EXPECT_EQ(ContributionOf(c, "bureau_max_days_overdue").input_value, "0");
  EXPECT_EQ(ContributionOf(c, "management_quality").input_value, "GOOD");

  // ln odds = 3.9 + 0.6·0.4 + 0.7·0 + 0.6·0.6 + 1.0·0.3 + 0.8·0.3 = 5.04
  // score = 600 − 57.7078·ln 50 + 57.7078·5.04 = 374.2458 + 290.8473 = 665.093: BBB.
  const ScoreScaling& s = EngineModel().scaling;
  EXPECT_NEAR(c.score, s.Offset() + s.Factor() * 5.04, 1e-9);
  EXPECT_NEAR(c.score, 665.0930, 1e-4);
  EXPECT_EQ(c.model_grade, CreditGrade::kBBB);
  EXPECT_NEAR(c.probability_of_default, ProbabilityOfDefault(s, c.score), 1e-15);
  EXPECT_DOUBLE_EQ(c.industry_adjustment_points, 0);
  EXPECT_EQ(c.default_reason, "");
}

TEST(ComputeRatingTest, IsPure) {
  ASSERT_OK_AND_ASSIGN(RatingComputation a, ComputeRating(EngineModel(), Request()));
  ASSERT_OK_AND_ASSIGN(RatingComputation b, ComputeRating(EngineModel(), Request()));
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.probability_of_default, b.probability_of_default);
}

TEST(ComputeRatingTest, AppliesTheIndustryAdjustment) {
  RatingRequestInputs in = Request();
  in.customer.industry_code = "K7010";
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(EngineModel(), in));
  EXPECT_DOUBLE_EQ(c.industry_adjustment_points, -15);
  EXPECT_NEAR(c.score, 650.0930, 1e-4);
}

TEST(ComputeRatingTest, WithoutMarketDataMertonIsMissing) {
  RatingRequestInputs in = Request();
  in.market.reset();
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(EngineModel(), in));
  EXPECT_FALSE(c.merton.has_value());
  const FactorContribution& merton = ContributionOf(c, "merton_default_probability");
  EXPECT_EQ(merton.input_value, "undefined: no market data (not listed)");
  EXPECT_DOUBLE_EQ(merton.woe, 0.0);
}

TEST(ComputeRatingTest, MertonNeedsADefaultPoint) {
  RatingRequestInputs in = Request();
  in.statements[1].short_term_debt.reset();
  in.statements[1].long_term_debt.reset();
  ASSERT_OK_AND_ASSIGN(RatingComputation none, ComputeRating(EngineModel(), in));
  EXPECT_FALSE(none.merton.has_value());
  EXPECT_EQ(ContributionOf(none, "merton_default_probability").input_value,
            "undefined: short_term_debt and long_term_debt are missing");

  in.statements[1].long_term_debt = Cny(0);
  ASSERT_OK_AND_ASSIGN(RatingComputation zero, ComputeRating(EngineModel(), in));
  EXPECT_FALSE(zero.merton.has_value());
  EXPECT_EQ(ContributionOf(zero, "merton_default_probability").input_value,
            "undefined: the default point (short-term debt + half long-term debt) is not "
            "positive");

  // One item missing counts as zero: ½ · 4,000k.
  in.statements[1].long_term_debt = Cny(4'000);
  ASSERT_OK_AND_ASSIGN(RatingComputation half, ComputeRating(EngineModel(), in));
  ASSERT_TRUE(half.merton.has_value());
  EXPECT_DOUBLE_EQ(half.merton->default_point, 2'000'000);
}

TEST(ComputeRatingTest, MertonThatDoesNotConvergeIsMissingNotAFailure) {
  RatingRequestInputs in = Request();
  in.market = MarketInputs{50, 5.0, 0.0};  // equity 0.001% of the 5,000k default point
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(EngineModel(), in));
  EXPECT_FALSE(c.merton.has_value());
  const FactorContribution& merton = ContributionOf(c, "merton_default_probability");
  EXPECT_THAT(merton.input_value,
              ::testing::StartsWith("undefined: Merton model did not converge after 100 "
                                    "iterations"));
  EXPECT_DOUBLE_EQ(merton.woe, 0.0);
}

TEST(ComputeRatingTest, MissingAltmanItemIsExplained) {
  RatingRequestInputs in = Request();
  in.statements[1].ebit.reset();
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(EngineModel(), in));
  EXPECT_FALSE(c.altman.has_value());
  EXPECT_EQ(ContributionOf(c, "altman_z_double_prime").input_value, "undefined: ebit is missing");
}

TEST(ComputeRatingTest, NoBureauRecordIsMissingNotBad) {
  RatingRequestInputs in = Request();
  in.bureau.reset();
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(EngineModel(), in));
  const FactorContribution& days = ContributionOf(c, "bureau_max_days_overdue");
  EXPECT_EQ(days.input_value, "undefined: no bureau record");
  EXPECT_DOUBLE_EQ(days.woe, -0.1);
  EXPECT_EQ(c.default_reason, "");
}

TEST(ComputeRatingTest, OverdueBeyondNinetyDaysAtAnotherBankIsDefault) {
  RatingRequestInputs in = Request();
  in.bureau->max_days_overdue_24m = 91;
  in.bureau->current_overdue_amount = Cny(350);
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(EngineModel(), in));
  EXPECT_EQ(c.model_grade, CreditGrade::kD);
  EXPECT_DOUBLE_EQ(c.probability_of_default, 1.0);
  EXPECT_EQ(c.default_reason,
            "overdue more than 90 days at another institution (bureau report rpt-42)");
  // The score and its explanation are kept.
  EXPECT_EQ(c.contributions.size(), 5u);
  EXPECT_EQ(ContributionOf(c, "bureau_max_days_overdue").input_value, "91");
}

TEST(ComputeRatingTest, OverdueIsDefaultOnlyWhenBothLongAndStillOutstanding) {
  RatingRequestInputs cured = Request();
  cured.bureau->max_days_overdue_24m = 120;  // repaid since
  ASSERT_OK_AND_ASSIGN(RatingComputation a, ComputeRating(EngineModel(), cured));
  EXPECT_NE(a.model_grade, CreditGrade::kD);
  EXPECT_EQ(a.default_reason, "");

  RatingRequestInputs short_overdue = Request();
  short_overdue.bureau->max_days_overdue_24m = 90;
  short_overdue.bureau->current_overdue_amount = Cny(10);
  ASSERT_OK_AND_ASSIGN(RatingComputation b, ComputeRating(EngineModel(), short_overdue));
  EXPECT_NE(b.model_grade, CreditGrade::kD);
  EXPECT_LT(b.probability_of_default, 1.0);
}

TEST(ComputeRatingTest, RequiresEveryQualitativeAssessmentAndSaneMarketData) {
  RatingRequestInputs in = Request();
  in.qualitative = QualitativeInputs{};
  in.market = MarketInputs{0, 5.5, 0.6};
  absl::StatusOr<RatingComputation> c = ComputeRating(EngineModel(), in);
  ASSERT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      FieldViolationsOf(c.status()),
      ElementsAre(FieldViolation{"qualitative.management_quality", "is required"},
                  FieldViolation{"qualitative.market_position", "is required"},
                  FieldViolation{"qualitative.industry_outlook", "is required"},
                  FieldViolation{"qualitative.guarantee_strength", "is required"},
                  FieldViolation{"market.equity_value", "must be positive"},
                  FieldViolation{"market.equity_volatility", "must be above 0 and at most 5"},
                  FieldViolation{"market.risk_free_rate", "must be between -0.05 and 0.5"}));
}

TEST(ComputeRatingTest, RejectsOneMissingAssessment) {
  RatingRequestInputs in = Request();
  in.qualitative.guarantee_strength = Assessment::kUnspecified;
  EXPECT_THAT(FieldViolationsOf(ComputeRating(EngineModel(), in).status()),
              ElementsAre(FieldViolation{"qualitative.guarantee_strength", "is required"}));
}

TEST(ComputeRatingTest, RejectsAnInvalidModel) {
  ScorecardModel m = EngineModel();
  m.grade_bands.push_back({CreditGrade::kD, -100});
  absl::StatusOr<RatingComputation> c = ComputeRating(m, Request());
  ASSERT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldViolationsOf(c.status()).at(0).field, "model.grade_bands[5].grade");
}

TEST(ComputeRatingTest, FailsWithoutUsableStatements) {
  RatingRequestInputs in = Request();
  in.now = At(2027, 1, 1);
  absl::StatusOr<RatingComputation> c = ComputeRating(EngineModel(), in);
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(c.status()), "NO_USABLE_STATEMENTS");
}

}  // namespace
}  // namespace ccrm::rating
