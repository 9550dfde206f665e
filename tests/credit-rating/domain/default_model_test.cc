// The shipped default model (models/corporate-v1.json): it loads and validates, and it rates
// three synthetic borrowers where a credit officer would expect them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "services/credit-rating/domain/model_definition.h"
#include "services/credit-rating/domain/rating_engine.h"

namespace ccrm::rating {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

Money Wan(int64_t ten_thousands) { return Money{"CNY", ten_thousands * 10'000, 0}; }

ScorecardModel DefaultModel() {
  absl::StatusOr<ScorecardModel> m = ModelDefinitionFromJson(DefaultCorporateModelJson());
  EXPECT_TRUE(m.ok()) << m.status();
  return m.value_or(ScorecardModel{});
}

TEST(DefaultModelTest, LoadsAndValidates) {
  ASSERT_OK_AND_ASSIGN(ScorecardModel m, ModelDefinitionFromJson(DefaultCorporateModelJson()));
  EXPECT_OK(ValidateScorecardModel(m, "model"));
  EXPECT_EQ(m.family, "corporate");
  EXPECT_EQ(m.validity_months, 12);
  EXPECT_EQ(m.max_statement_age_months, 18);
  EXPECT_DOUBLE_EQ(m.macro_adjustment_points, 0);
  EXPECT_DOUBLE_EQ(m.scaling.base_score, 600);
  EXPECT_DOUBLE_EQ(m.scaling.base_odds, 50);
  EXPECT_DOUBLE_EQ(m.scaling.pdo, 40);
  std::set<std::string> inputs;
  for (const ScorecardFactor& f : m.factors) {
    inputs.insert(f.input);
    EXPECT_GE(f.coefficient, 0.5) << f.input;
    EXPECT_LE(f.coefficient, 1.0) << f.input;
  }
  EXPECT_EQ(inputs,
            (std::set<std::string>{
                "current_ratio", "quick_ratio", "debt_to_asset", "interest_coverage", "dscr",
                "return_on_assets", "net_margin", "revenue_growth", "altman_z_double_prime",
                "merton_default_probability", "bureau_max_days_overdue", "bureau_open_lawsuits",
                "bureau_guarantees_to_equity", "management_quality", "market_position",
                "industry_outlook", "guarantee_strength"}));
  EXPECT_THAT(
      m.grade_bands,
      ElementsAre(
          Field(&GradeBand::grade, CreditGrade::kAAA), Field(&GradeBand::grade, CreditGrade::kAA),
          Field(&GradeBand::grade, CreditGrade::kA), Field(&GradeBand::grade, CreditGrade::kBBB),
          Field(&GradeBand::grade, CreditGrade::kBB), Field(&GradeBand::grade, CreditGrade::kB),
          Field(&GradeBand::grade, CreditGrade::kCCC), Field(&GradeBand::grade, CreditGrade::kCC),
          Field(&GradeBand::grade, CreditGrade::kC)));
}

// The PD a band stands for (at its lowest score) is in the range the bank's master scale uses.
TEST(DefaultModelTest, GradeBandsMapToPlausibleDefaultRates) {
  const ScorecardModel m = DefaultModel();
  auto pd_at_floor = [&](CreditGrade g) {
    for (const GradeBand& b : m.grade_bands) {
      if (b.grade == g) {
        return ProbabilityOfDefault(m.scaling, b.min_score);
      }
    }
    ADD_FAILURE() << GradeName(g);
    return 0.0;
  };
  EXPECT_NEAR(pd_at_floor(CreditGrade::kAAA), 0.0003, 0.0001);
  EXPECT_NEAR(pd_at_floor(CreditGrade::kBBB), 0.0075, 0.0025);
  EXPECT_NEAR(pd_at_floor(CreditGrade::kB), 0.09, 0.03);
  EXPECT_GT(pd_at_floor(CreditGrade::kCCC), 0.15);
  EXPECT_LT(pd_at_floor(CreditGrade::kCCC), 0.40);
  // Worse grades default more often.
  double previous = 0;
  for (const GradeBand& b : m.grade_bands) {
    const double pd = ProbabilityOfDefault(m.scaling, b.min_score);
    EXPECT_GT(pd, previous) << GradeName(b.grade);
    previous = pd;
  }
}

// Every WoE moves the way a credit officer expects: better figures, higher WoE.
TEST(DefaultModelTest, WeightsOfEvidenceAreMonotone) {
  const ScorecardModel m = DefaultModel();
  // Inputs where a higher value is worse (WoE falls as the value rises).
  const std::set<std::string> higher_is_worse = {"debt_to_asset", "merton_default_probability",
                                                 "bureau_max_days_overdue", "bureau_open_lawsuits",
                                                 "bureau_guarantees_to_equity"};
  for (const ScorecardFactor& f : m.factors) {
    if (f.input == "revenue_growth") {
      continue;  // deliberately peaks: very fast growth is riskier than moderate growth
    }
    for (size_t k = 1; k < f.numeric_bins.size(); ++k) {
      if (higher_is_worse.count(f.input) > 0) {
        EXPECT_LT(f.numeric_bins[k].woe, f.numeric_bins[k - 1].woe) << f.input << " bin " << k;
      } else {
        EXPECT_GT(f.numeric_bins[k].woe, f.numeric_bins[k - 1].woe) << f.input << " bin " << k;
      }
    }
    // Category bins are listed STRONG … POOR.
    for (size_t k = 1; k < f.category_bins.size(); ++k) {
      EXPECT_LT(f.category_bins[k].woe, f.category_bins[k - 1].woe) << f.input << " bin " << k;
    }
  }
}

StatementFigures Annual(const std::string& id, int year) {
  StatementFigures s;
  s.statement_id = id;
  s.period_type = PeriodType::kAnnual;
  s.fiscal_year = year;
  s.period_end_date = absl::CivilDay(year, 12, 31);
  s.audited = true;
  s.currency_code = "CNY";
  return s;
}

// Figures in 万元 (10,000 yuan). `scale` multiplies the balance sheet and income statement
// together so the three borrowers differ in their ratios, not their size.
struct Figures {
  int64_t cash, inventory, current_assets, total_assets, short_term_debt, current_liabilities,
      long_term_debt, total_liabilities, retained_earnings, revenue, cost_of_sales,
      operating_profit, interest_expense, ebit, net_profit, operating_cash_flow, debt_service,
      prior_revenue;
};

std::vector<StatementFigures> Statements(const Figures& f) {
  StatementFigures s = Annual("fy2024", 2024);
  s.cash = Wan(f.cash);
  s.inventory = Wan(f.inventory);
  s.current_assets = Wan(f.current_assets);
  s.total_assets = Wan(f.total_assets);
  s.short_term_debt = Wan(f.short_term_debt);
  s.current_liabilities = Wan(f.current_liabilities);
  s.long_term_debt = Wan(f.long_term_debt);
  s.total_liabilities = Wan(f.total_liabilities);
  s.total_equity = Wan(f.total_assets - f.total_liabilities);
  s.retained_earnings = Wan(f.retained_earnings);
  s.revenue = Wan(f.revenue);
  s.cost_of_sales = Wan(f.cost_of_sales);
  s.operating_profit = Wan(f.operating_profit);
  s.interest_expense = Wan(f.interest_expense);
  s.ebit = Wan(f.ebit);
  s.net_profit = Wan(f.net_profit);
  s.operating_cash_flow = Wan(f.operating_cash_flow);
  s.debt_service = Wan(f.debt_service);
  StatementFigures prior = Annual("fy2023", 2023);
  prior.revenue = Wan(f.prior_revenue);
  return {s, prior};
}

QualitativeInputs Assessed(Assessment management, Assessment market, Assessment outlook,
                           Assessment guarantee) {
  QualitativeInputs q;
  q.management_quality = management;
  q.market_position = market;
  q.industry_outlook = outlook;
  q.guarantee_strength = guarantee;
  return q;
}

BureauReport Bureau(int max_days_overdue, int64_t overdue_now, int64_t guarantees, int lawsuits) {
  BureauReport b;
  b.source = "file";
  b.report_id = "pboc-2025-0001";
  b.report_date = absl::CivilDay(2025, 5, 20);
  b.max_days_overdue_24m = max_days_overdue;
  b.current_overdue_amount = Wan(overdue_now);
  b.guarantees_given = Wan(guarantees);
  b.open_lawsuits = lawsuits;
  return b;
}

RatingRequestInputs Request(const Figures& f, QualitativeInputs q, std::optional<BureauReport> b,
                            const std::string& industry) {
  RatingRequestInputs in;
  in.customer = RatedCustomer{"cust", industry, Segment::kKey};
  in.statements = Statements(f);
  in.qualitative = q;
  in.bureau = std::move(b);
  in.now = absl::FromCivil(absl::CivilSecond(2025, 6, 30, 10, 0, 0), absl::UTCTimeZone());
  return in;
}

// A listed power utility: low leverage, ample liquidity and coverage, clean bureau record.
RatingRequestInputs StrongBorrower() {
  const Figures f{/*cash=*/30'000,
                  /*inventory=*/8'000,
                  /*current_assets=*/90'000,
                  /*total_assets=*/250'000,
                  /*short_term_debt=*/15'000,
                  /*current_liabilities=*/45'000,
                  /*long_term_debt=*/40'000,
                  /*total_liabilities=*/90'000,
                  /*retained_earnings=*/80'000,
                  /*revenue=*/180'000,
                  /*cost_of_sales=*/120'000,
                  /*operating_profit=*/32'000,
                  /*interest_expense=*/2'500,
                  /*ebit=*/33'000,
                  /*net_profit=*/26'000,
                  /*operating_cash_flow=*/42'000,
                  /*debt_service=*/14'000,
                  /*prior_revenue=*/165'000};
  RatingRequestInputs in = Request(
      f, Assessed(Assessment::kStrong, Assessment::kStrong, Assessment::kGood, Assessment::kGood),
      Bureau(0, 0, 5'000, 0), "D4411");
  in.market = MarketInputs{3'000'000'000.0, 0.25, 0.02};
  return in;
}

// A private building-materials maker: typical PRC mid-market leverage and margins.
RatingRequestInputs AverageBorrower() {
  const Figures f{/*cash=*/4'000,
                  /*inventory=*/9'000,
                  /*current_assets=*/26'000,
                  /*total_assets=*/60'000,
                  /*short_term_debt=*/12'000,
                  /*current_liabilities=*/21'000,
                  /*long_term_debt=*/12'000,
                  /*total_liabilities=*/36'000,
                  /*retained_earnings=*/9'000,
                  /*revenue=*/52'000,
                  /*cost_of_sales=*/42'000,
                  /*operating_profit=*/3'900,
                  /*interest_expense=*/1'300,
                  /*ebit=*/3'900,
                  /*net_profit=*/2'100,
                  /*operating_cash_flow=*/4'500,
                  /*debt_service=*/3'500,
                  /*prior_revenue=*/49'000};
  return Request(f,
                 Assessed(Assessment::kAdequate, Assessment::kGood, Assessment::kAdequate,
                          Assessment::kAdequate),
                 Bureau(0, 0, 7'000, 0), "C3021");
}

// A property developer: highly leveraged, thin cover, late payments elsewhere and lawsuits.
RatingRequestInputs WeakBorrower() {
  const Figures f{/*cash=*/3'000,
                  /*inventory=*/70'000,
                  /*current_assets=*/90'000,
                  /*total_assets=*/120'000,
                  /*short_term_debt=*/40'000,
                  /*current_liabilities=*/95'000,
                  /*long_term_debt=*/10'000,
                  /*total_liabilities=*/104'000,
                  /*retained_earnings=*/2'000,
                  /*revenue=*/30'000,
                  /*cost_of_sales=*/27'000,
                  /*operating_profit=*/1'200,
                  /*interest_expense=*/1'000,
                  /*ebit=*/1'200,
                  /*net_profit=*/150,
                  /*operating_cash_flow=*/2'000,
                  /*debt_service=*/2'400,
                  /*prior_revenue=*/36'000};
  return Request(
      f, Assessed(Assessment::kWeak, Assessment::kAdequate, Assessment::kWeak, Assessment::kWeak),
      Bureau(45, 0, 12'000, 2), "K7010");
}

TEST(DefaultModelTest, StrongBorrowerIsAOrBetter) {
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(DefaultModel(), StrongBorrower()));
  EXPECT_LE(c.model_grade, CreditGrade::kA) << GradeName(c.model_grade) << " " << c.score;
  EXPECT_LT(c.probability_of_default, 0.003);
  EXPECT_DOUBLE_EQ(c.industry_adjustment_points, 5);
  ASSERT_TRUE(c.merton.has_value());
  EXPECT_LT(c.merton->default_probability, 0.002);
}

TEST(DefaultModelTest, AverageBorrowerIsBbbOrBb) {
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(DefaultModel(), AverageBorrower()));
  EXPECT_THAT(c.model_grade, ::testing::AnyOf(CreditGrade::kBBB, CreditGrade::kBB))
      << GradeName(c.model_grade) << " " << c.score;
  EXPECT_GT(c.probability_of_default, 0.002);
  EXPECT_LT(c.probability_of_default, 0.03);
  EXPECT_DOUBLE_EQ(c.industry_adjustment_points, -5);
}

TEST(DefaultModelTest, WeakBorrowerIsBOrWorse) {
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(DefaultModel(), WeakBorrower()));
  EXPECT_GE(c.model_grade, CreditGrade::kB) << GradeName(c.model_grade) << " " << c.score;
  EXPECT_NE(c.model_grade, CreditGrade::kD);
  EXPECT_GT(c.probability_of_default, 0.05);
  EXPECT_DOUBLE_EQ(c.industry_adjustment_points, -15);
  ASSERT_TRUE(c.altman.has_value());
  EXPECT_EQ(c.altman->zone, AltmanZone::kDistress);
}

TEST(DefaultModelTest, BureauDefaultIsD) {
  RatingRequestInputs in = AverageBorrower();
  in.bureau = Bureau(120, 800, 7'000, 1);
  ASSERT_OK_AND_ASSIGN(RatingComputation c, ComputeRating(DefaultModel(), in));
  EXPECT_EQ(c.model_grade, CreditGrade::kD);
  EXPECT_DOUBLE_EQ(c.probability_of_default, 1.0);
  EXPECT_EQ(c.default_reason,
            "overdue more than 90 days at another institution (bureau report pboc-2025-0001)");
}

}  // namespace
}  // namespace ccrm::rating
