#include "services/credit-rating/domain/ratios.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ccrm::rating {
namespace {

using ::testing::ElementsAre;

Money Cny(int64_t thousands) { return Money{"CNY", thousands * 1000, 0}; }

// A manufacturer's year, in thousands of yuan; every ratio is a round number (see Expected).
StatementFigures Statement() {
  StatementFigures s;
  s.statement_id = "fs-2024";
  s.period_type = PeriodType::kAnnual;
  s.fiscal_year = 2024;
  s.period_end_date = absl::CivilDay(2024, 12, 31);
  s.currency_code = "CNY";
  s.cash = Cny(1'500);
  s.inventory = Cny(2'000);
  s.current_assets = Cny(6'000);
  s.total_assets = Cny(20'000);
  s.current_liabilities = Cny(4'000);
  s.total_liabilities = Cny(12'000);
  s.total_equity = Cny(8'000);
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

StatementFigures PriorYear() {
  StatementFigures s;
  s.statement_id = "fs-2023";
  s.period_type = PeriodType::kAnnual;
  s.fiscal_year = 2023;
  s.currency_code = "CNY";
  s.revenue = Cny(20'000);
  return s;
}

double ValueOf(const std::vector<RatioValue>& ratios, const std::string& name) {
  const RatioValue* r = FindRatio(ratios, name);
  EXPECT_NE(r, nullptr) << name;
  if (r == nullptr || !r->value.has_value()) {
    ADD_FAILURE() << name << " is undefined: " << (r ? r->undefined_reason : "absent");
    return -1;
  }
  return *r->value;
}

// The reason `name` is undefined; "" (and a failure) when it is defined.
std::string ReasonOf(const std::vector<RatioValue>& ratios, const std::string& name) {
  const RatioValue* r = FindRatio(ratios, name);
  EXPECT_NE(r, nullptr) << name;
  if (r == nullptr) {
    return "";
  }
  EXPECT_FALSE(r->value.has_value()) << name << " = " << r->value.value_or(0);
  return r->undefined_reason;
}

TEST(ComputeRatiosTest, ListsEveryRatioInOrder) {
  StatementFigures prior = PriorYear();
  std::vector<std::string> names;
  for (const RatioValue& r : ComputeRatios(Statement(), &prior)) {
    names.push_back(r.ratio);
  }
  EXPECT_THAT(names, ElementsAre("current_ratio", "quick_ratio", "cash_ratio", "debt_to_asset",
                                 "debt_to_equity", "interest_coverage", "dscr", "return_on_equity",
                                 "return_on_assets", "gross_margin", "operating_margin",
                                 "net_margin", "asset_turnover", "revenue_growth"));
}

TEST(ComputeRatiosTest, ComputesEachFormula) {
  StatementFigures prior = PriorYear();
  const std::vector<RatioValue> r = ComputeRatios(Statement(), &prior);
  namespace n = ratio_names;
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kCurrentRatio), 1.5);      // 6000 / 4000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kQuickRatio), 1.0);        // (6000 − 2000) / 4000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kCashRatio), 0.375);       // 1500 / 4000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kDebtToAsset), 0.6);       // 12000 / 20000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kDebtToEquity), 1.5);      // 12000 / 8000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kInterestCoverage), 4.0);  // 2000 / 500
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kDscr), 1.25);             // 3000 / 2400
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kReturnOnEquity), 0.15);   // 1200 / 8000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kReturnOnAssets), 0.06);   // 1200 / 20000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kGrossMargin), 0.28);      // (25000 − 18000) / 25000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kOperatingMargin), 0.1);   // 2500 / 25000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kNetMargin), 0.048);       // 1200 / 25000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kAssetTurnover), 1.25);    // 25000 / 20000
  EXPECT_DOUBLE_EQ(ValueOf(r, n::kRevenueGrowth), 0.25);    // 25000 / 20000 − 1
  for (const RatioValue& ratio : r) {
    EXPECT_EQ(ratio.undefined_reason, "") << ratio.ratio;
  }
}

TEST(ComputeRatiosTest, UsesNanos) {
  StatementFigures s = Statement();
  s.cash = Money{"CNY", 1, 500'000'000};  // 1.5 yuan
  s.current_liabilities = Money{"CNY", 3, 0};
  EXPECT_DOUBLE_EQ(ValueOf(ComputeRatios(s, nullptr), ratio_names::kCashRatio), 0.5);
}

TEST(ComputeRatiosTest, NegativeNumeratorsGiveNegativeRatios) {
  StatementFigures s = Statement();
  s.net_profit = Cny(-400);
  s.ebit = Cny(-250);
  const std::vector<RatioValue> r = ComputeRatios(s, nullptr);
  EXPECT_DOUBLE_EQ(ValueOf(r, ratio_names::kReturnOnAssets), -0.02);
  EXPECT_DOUBLE_EQ(ValueOf(r, ratio_names::kInterestCoverage), -0.5);
}

TEST(ComputeRatiosTest, MissingItemsAreNamed) {
  StatementFigures s = Statement();
  s.current_liabilities.reset();
  s.inventory.reset();
  s.debt_service.reset();
  s.cost_of_sales.reset();
  const std::vector<RatioValue> r = ComputeRatios(s, nullptr);
  EXPECT_EQ(ReasonOf(r, ratio_names::kCurrentRatio), "current_liabilities is missing");
  EXPECT_EQ(ReasonOf(r, ratio_names::kQuickRatio), "inventory is missing");
  EXPECT_EQ(ReasonOf(r, ratio_names::kCashRatio), "current_liabilities is missing");
  EXPECT_EQ(ReasonOf(r, ratio_names::kDscr), "debt_service is missing");
  EXPECT_EQ(ReasonOf(r, ratio_names::kGrossMargin), "cost_of_sales is missing");
  EXPECT_DOUBLE_EQ(ValueOf(r, ratio_names::kNetMargin), 0.048);
}

TEST(ComputeRatiosTest, ZeroDenominatorsAreUndefined) {
  StatementFigures s = Statement();
  s.current_liabilities = Cny(0);
  s.interest_expense = Cny(0);
  s.debt_service = Cny(0);
  s.revenue = Cny(0);
  s.total_assets = Cny(0);
  s.total_equity = Cny(0);
  const std::vector<RatioValue> r = ComputeRatios(s, nullptr);
  namespace n = ratio_names;
  EXPECT_EQ(ReasonOf(r, n::kCurrentRatio), "current_liabilities is zero");
  EXPECT_EQ(ReasonOf(r, n::kQuickRatio), "current_liabilities is zero");
  EXPECT_EQ(ReasonOf(r, n::kInterestCoverage), "no interest expense");
  EXPECT_EQ(ReasonOf(r, n::kDscr), "debt_service is zero");
  EXPECT_EQ(ReasonOf(r, n::kGrossMargin), "revenue is zero");
  EXPECT_EQ(ReasonOf(r, n::kNetMargin), "revenue is zero");
  EXPECT_EQ(ReasonOf(r, n::kDebtToAsset), "total_assets is zero");
  EXPECT_EQ(ReasonOf(r, n::kAssetTurnover), "total_assets is zero");
  EXPECT_EQ(ReasonOf(r, n::kDebtToEquity), "total_equity is not positive");
  EXPECT_EQ(ReasonOf(r, n::kReturnOnEquity), "total_equity is not positive");
}

TEST(ComputeRatiosTest, NegativeDenominatorsAreUndefined) {
  StatementFigures s = Statement();
  s.total_equity = Cny(-1'000);
  s.revenue = Cny(-5);
  s.debt_service = Cny(-1);
  s.total_assets = Cny(-20'000);
  const std::vector<RatioValue> r = ComputeRatios(s, nullptr);
  namespace n = ratio_names;
  EXPECT_EQ(ReasonOf(r, n::kDebtToEquity), "total_equity is not positive");
  EXPECT_EQ(ReasonOf(r, n::kReturnOnEquity), "total_equity is not positive");
  EXPECT_EQ(ReasonOf(r, n::kOperatingMargin), "revenue is not positive");
  EXPECT_EQ(ReasonOf(r, n::kDscr), "debt_service is not positive");
  EXPECT_EQ(ReasonOf(r, n::kReturnOnAssets), "total_assets is not positive");
}

TEST(ComputeRatiosTest, RevenueGrowthNeedsAUsablePriorYear) {
  namespace n = ratio_names;
  EXPECT_EQ(ReasonOf(ComputeRatios(Statement(), nullptr), n::kRevenueGrowth),
            "no statement for the prior year");

  StatementFigures prior = PriorYear();
  prior.revenue = Cny(0);
  EXPECT_EQ(ReasonOf(ComputeRatios(Statement(), &prior), n::kRevenueGrowth),
            "prior-year revenue is zero");
  prior.revenue = Cny(-10);
  EXPECT_EQ(ReasonOf(ComputeRatios(Statement(), &prior), n::kRevenueGrowth),
            "prior-year revenue is not positive");
  prior.revenue.reset();
  EXPECT_EQ(ReasonOf(ComputeRatios(Statement(), &prior), n::kRevenueGrowth),
            "prior-year revenue is missing");

  prior = PriorYear();
  prior.currency_code = "USD";
  prior.revenue = Money{"USD", 3'000'000, 0};
  EXPECT_EQ(ReasonOf(ComputeRatios(Statement(), &prior), n::kRevenueGrowth),
            "the prior-year statement is in USD, this one in CNY");
}

TEST(ComputeRatiosTest, ExtremeAmountsStayFinite) {
  StatementFigures s = Statement();
  s.cash = Money{"CNY", INT64_MAX, 0};
  s.current_liabilities = Money{"CNY", 0, 1};  // 1e-9 yuan
  const RatioValue* cash = FindRatio(ComputeRatios(s, nullptr), ratio_names::kCashRatio);
  ASSERT_NE(cash, nullptr);
  // 9.2e18 / 1e-9 = 9.2e27 is finite: a ratio, however absurd, is reported as computed.
  ASSERT_TRUE(cash->value.has_value());
  EXPECT_NEAR(*cash->value, 9.223372036854775807e27, 1e13);
}

TEST(FindRatioTest, ReturnsNullForUnknownNames) {
  const std::vector<RatioValue> r = ComputeRatios(Statement(), nullptr);
  EXPECT_EQ(FindRatio(r, "ebitda_margin"), nullptr);
  ASSERT_NE(FindRatio(r, "dscr"), nullptr);
  EXPECT_EQ(FindRatio(r, "dscr")->ratio, "dscr");
}

}  // namespace
}  // namespace ccrm::rating
