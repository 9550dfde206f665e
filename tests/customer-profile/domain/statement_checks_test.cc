#include "services/customer-profile/domain/statement_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace ccrm::customer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kToday(2024, 6, 1);

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

std::vector<std::string> FieldsOf(const FieldViolations& v) {
  std::vector<std::string> fields;
  for (const FieldViolation& fv : v.violations()) {
    fields.push_back(fv.field);
  }
  return fields;
}

FieldViolation Only(const FieldViolations& v) {
  EXPECT_EQ(v.violations().size(), 1u) << ::testing::PrintToString(FieldsOf(v));
  return v.violations().empty() ? FieldViolation{} : v.violations().front();
}

FinancialStatement AnnualStatement() {
  FinancialStatement s;
  s.period_type = PeriodType::kAnnual;
  s.fiscal_year = 2023;
  s.fiscal_quarter = 0;
  s.period_end_date = absl::CivilDay(2023, 12, 31);
  s.audited = true;
  s.currency_code = "CNY";
  BalanceSheet& b = s.balance_sheet;
  b.cash = Cny(12'000'000);
  b.accounts_receivable = Cny(30'000'000);
  b.inventory = Cny(25'000'000);
  b.current_assets = Cny(80'000'000);
  b.total_assets = Cny(200'000'000);
  b.short_term_debt = Cny(20'000'000);
  b.current_liabilities = Cny(60'000'000);
  b.long_term_debt = Cny(50'000'000);
  b.total_liabilities = Cny(120'000'000);
  b.total_equity = Cny(80'000'000);
  b.retained_earnings = Cny(-5'000'000);
  IncomeStatement& i = s.income_statement;
  i.revenue = Cny(150'000'000);
  i.cost_of_sales = Cny(110'000'000);
  i.operating_profit = Cny(-2'000'000);
  i.interest_expense = Cny(4'000'000);
  i.ebit = Cny(-1'500'000);
  i.ebitda = Cny(6'000'000);
  i.net_profit = Cny(-6'000'000, -500'000'000);
  CashFlowStatement& c = s.cash_flow_statement;
  c.operating_cash_flow = Cny(3'000'000);
  c.investing_cash_flow = Cny(-9'000'000);
  c.financing_cash_flow = Cny(5'000'000);
  c.debt_service = Cny(24'000'000);
  return s;
}

FinancialStatement QuarterlyStatement(int32_t quarter, absl::CivilDay end) {
  FinancialStatement s = AnnualStatement();
  s.period_type = PeriodType::kQuarterly;
  s.fiscal_year = static_cast<int32_t>(end.year());
  s.fiscal_quarter = quarter;
  s.period_end_date = end;
  return s;
}

// A statement whose only balance-sheet items are the three totals.
FinancialStatement Totals(Money assets, Money liabilities, Money equity) {
  FinancialStatement s;
  s.period_type = PeriodType::kAnnual;
  s.fiscal_year = 2023;
  s.period_end_date = absl::CivilDay(2023, 12, 31);
  s.currency_code = assets.currency_code;
  s.balance_sheet.total_assets = assets;
  s.balance_sheet.total_liabilities = liabilities;
  s.balance_sheet.total_equity = equity;
  return s;
}

TEST(ValidateFinancialStatementTest, ValidStatementsPass) {
  EXPECT_THAT(ValidateFinancialStatement(AnnualStatement(), kToday).violations(), IsEmpty());
  EXPECT_THAT(ValidateFinancialStatement(QuarterlyStatement(1, absl::CivilDay(2024, 3, 31)), kToday)
                  .violations(),
              IsEmpty());
}

TEST(PeriodEndDateTest, QuartersAndYears) {
  EXPECT_EQ(PeriodEndDate(PeriodType::kAnnual, 2023, 0), absl::CivilDay(2023, 12, 31));
  EXPECT_EQ(PeriodEndDate(PeriodType::kQuarterly, 2023, 1), absl::CivilDay(2023, 3, 31));
  EXPECT_EQ(PeriodEndDate(PeriodType::kQuarterly, 2024, 2), absl::CivilDay(2024, 6, 30));
  EXPECT_EQ(PeriodEndDate(PeriodType::kQuarterly, 2024, 3), absl::CivilDay(2024, 9, 30));
  EXPECT_EQ(PeriodEndDate(PeriodType::kQuarterly, 2024, 4), absl::CivilDay(2024, 12, 31));
  EXPECT_EQ(PeriodEndDate(PeriodType::kQuarterly, 2024, 0), std::nullopt);
  EXPECT_EQ(PeriodEndDate(PeriodType::kQuarterly, 2024, 5), std::nullopt);
  EXPECT_EQ(PeriodEndDate(PeriodType::kAnnual, 2024, 4), std::nullopt);
  EXPECT_EQ(PeriodEndDate(PeriodType::kUnspecified, 2024, 0), std::nullopt);
}

TEST(ValidateFinancialStatementTest, PeriodTypeRequired) {
  FinancialStatement s = AnnualStatement();
  s.period_type = PeriodType::kUnspecified;
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
            (FieldViolation{"period_type", "is required"}));
}

TEST(ValidateFinancialStatementTest, FiscalQuarterMatchesPeriodType) {
  FinancialStatement s = AnnualStatement();
  s.fiscal_quarter = 4;
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
            (FieldViolation{"fiscal_quarter", "must be 0 for annual statements"}));
  for (int32_t quarter : {0, 5, -1}) {
    s = QuarterlyStatement(1, absl::CivilDay(2024, 3, 31));
    s.fiscal_quarter = quarter;
    EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
              (FieldViolation{"fiscal_quarter", "must be 1 to 4 for quarterly statements"}));
  }
}

TEST(ValidateFinancialStatementTest, FiscalYearRange) {
  FinancialStatement s = AnnualStatement();
  s.fiscal_year = 1990;
  s.period_end_date = absl::CivilDay(1990, 12, 31);
  EXPECT_THAT(ValidateFinancialStatement(s, kToday).violations(), IsEmpty());
  s.fiscal_year = 1989;
  s.period_end_date = absl::CivilDay(1989, 12, 31);
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
            (FieldViolation{"fiscal_year", "must be 1990 to 2024, got 1989"}));
  s = QuarterlyStatement(1, absl::CivilDay(2024, 3, 31));
  s.fiscal_year = 2025;
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)).field, "fiscal_year");
}

TEST(ValidateFinancialStatementTest, PeriodEndDateRequiredAndConsistent) {
  FinancialStatement s = AnnualStatement();
  s.period_end_date = std::nullopt;
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
            (FieldViolation{"period_end_date", "is required"}));

  s.period_end_date = absl::CivilDay(2023, 6, 30);
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
            (FieldViolation{"period_end_date",
                            "must be 2023-12-31, the last day of fiscal year 2023, got "
                            "2023-06-30"}));

  s = QuarterlyStatement(3, absl::CivilDay(2023, 9, 30));
  EXPECT_THAT(ValidateFinancialStatement(s, kToday).violations(), IsEmpty());
  s.period_end_date = absl::CivilDay(2023, 9, 29);
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
            (FieldViolation{"period_end_date",
                            "must be 2023-09-30, the last day of Q3 2023, got 2023-09-29"}));
}

TEST(ValidateFinancialStatementTest, PeriodEndDateNotInTheFuture) {
  // Q2 2024 ends on 30 June, after "today".
  FinancialStatement s = QuarterlyStatement(2, absl::CivilDay(2024, 6, 30));
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)),
            (FieldViolation{"period_end_date",
                            "must not be in the future (2024-06-30 is after 2024-06-01)"}));
  EXPECT_THAT(ValidateFinancialStatement(s, absl::CivilDay(2024, 6, 30)).violations(), IsEmpty());
}

TEST(ValidateFinancialStatementTest, CurrencyOfStatementAndAmounts) {
  FinancialStatement s = AnnualStatement();
  s.currency_code = "RMB1";
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)).field, "currency_code");

  s = AnnualStatement();
  s.balance_sheet.cash = Money{"USD", 1'000'000, 0};
  s.cash_flow_statement.debt_service = Money{"HKD", 1, 0};
  EXPECT_THAT(ValidateFinancialStatement(s, kToday).violations(),
              ElementsAre(FieldViolation{"balance_sheet.cash.currency_code",
                                         "must be CNY, the statement's currency"},
                          FieldViolation{"cash_flow_statement.debt_service.currency_code",
                                         "must be CNY, the statement's currency"}));
}

TEST(ValidateFinancialStatementTest, TotalsRequired) {
  FinancialStatement s = AnnualStatement();
  s.balance_sheet.total_assets = std::nullopt;
  s.balance_sheet.total_liabilities = std::nullopt;
  s.balance_sheet.total_equity = std::nullopt;
  EXPECT_THAT(ValidateFinancialStatement(s, kToday).violations(),
              ElementsAre(FieldViolation{"balance_sheet.total_assets", "is required"},
                          FieldViolation{"balance_sheet.total_liabilities", "is required"},
                          FieldViolation{"balance_sheet.total_equity", "is required"}));
}

TEST(ValidateFinancialStatementTest, OtherItemsAreOptional) {
  FinancialStatement s = Totals(Cny(100), Cny(60), Cny(40));
  EXPECT_THAT(ValidateFinancialStatement(s, kToday).violations(), IsEmpty());
}

TEST(ValidateFinancialStatementTest, SignRules) {
  FinancialStatement s = AnnualStatement();
  s.balance_sheet.inventory = Cny(-1);
  s.income_statement.revenue = Cny(0, -1);
  s.income_statement.interest_expense = Cny(-3);
  EXPECT_THAT(FieldsOf(ValidateFinancialStatement(s, kToday)),
              ElementsAre("balance_sheet.inventory", "income_statement.revenue",
                          "income_statement.interest_expense"));
  // Negative equity is a fact of life for insolvent borrowers, not an input error.
  EXPECT_THAT(ValidateFinancialStatement(Totals(Cny(100), Cny(150), Cny(-50)), kToday).violations(),
              IsEmpty());
}

TEST(ValidateFinancialStatementTest, MalformedAmount) {
  FinancialStatement s = AnnualStatement();
  s.income_statement.ebit = Cny(-1, 5);
  FieldViolation v = Only(ValidateFinancialStatement(s, kToday));
  EXPECT_EQ(v.field, "income_statement.ebit");
  EXPECT_THAT(v.description, HasSubstr("nanos"));
}

TEST(ValidateFinancialStatementTest, CurrentItemsWithinTotals) {
  FinancialStatement s = AnnualStatement();
  s.balance_sheet.current_assets = s.balance_sheet.total_assets;
  s.balance_sheet.current_liabilities = s.balance_sheet.total_liabilities;
  EXPECT_THAT(ValidateFinancialStatement(s, kToday).violations(), IsEmpty());
  s.balance_sheet.current_assets = Cny(200'000'000, 1);
  s.balance_sheet.current_liabilities = Cny(120'000'001);
  EXPECT_THAT(ValidateFinancialStatement(s, kToday).violations(),
              ElementsAre(FieldViolation{"balance_sheet.current_assets",
                                         "must not exceed total_assets (200000000.000000001 > "
                                         "200000000.00)"},
                          FieldViolation{"balance_sheet.current_liabilities",
                                         "must not exceed total_liabilities (120000001.00 > "
                                         "120000000.00)"}));
}

TEST(BalanceToleranceTest, LargerOfOneUnitAndATenthOfAPercent) {
  EXPECT_EQ(BalanceToleranceNanos(Cny(0)), kNanosPerUnit);
  EXPECT_EQ(BalanceToleranceNanos(Cny(999)), kNanosPerUnit);   // 0.1 % = 0.999
  EXPECT_EQ(BalanceToleranceNanos(Cny(1000)), kNanosPerUnit);  // 0.1 % = 1.00
  EXPECT_EQ(BalanceToleranceNanos(Cny(1001)), 1'001'000'000);  // 0.1 % = 1.001
  EXPECT_EQ(BalanceToleranceNanos(Cny(1'000'000'000)), absl::int128(1'000'000) * kNanosPerUnit);
  EXPECT_EQ(BalanceToleranceNanos(Cny(0, 999'999'999)), kNanosPerUnit);
}

TEST(BalanceCheckTest, ExactBalancePasses) {
  EXPECT_THAT(
      ValidateFinancialStatement(Totals(Cny(1000), Cny(600), Cny(400)), kToday).violations(),
      IsEmpty());
}

TEST(BalanceCheckTest, OneUnitFloorForSmallStatements) {
  // 0.1 % of 500 is 0.50, so the 1.00 floor applies.
  EXPECT_THAT(ValidateFinancialStatement(Totals(Cny(500), Cny(300), Cny(199)), kToday).violations(),
              IsEmpty());
  EXPECT_THAT(ValidateFinancialStatement(Totals(Cny(500), Cny(300), Cny(201)), kToday).violations(),
              IsEmpty());
  FieldViolation v =
      Only(ValidateFinancialStatement(Totals(Cny(500), Cny(300), Cny(198, 999'999'999)), kToday));
  EXPECT_EQ(v.field, "balance_sheet.total_assets");
  EXPECT_EQ(v.description,
            "total assets 500.00 CNY do not equal total liabilities 300.00 + total equity "
            "198.999999999 = 498.999999999 CNY: difference 1.000000001 exceeds the tolerance 1.00 "
            "(the larger of 1.00 and 0.1 % of total assets)");
}

TEST(BalanceCheckTest, ProportionalToleranceForLargeStatements) {
  // Assets of one billion: the tolerance is one million, exactly.
  const Money assets = Cny(1'000'000'000);
  EXPECT_THAT(ValidateFinancialStatement(Totals(assets, Cny(600'000'000), Cny(399'000'000)), kToday)
                  .violations(),
              IsEmpty());
  EXPECT_THAT(ValidateFinancialStatement(Totals(assets, Cny(600'000'000), Cny(401'000'000)), kToday)
                  .violations(),
              IsEmpty());
  FieldViolation v = Only(
      ValidateFinancialStatement(Totals(assets, Cny(600'000'000), Cny(401'000'000, 1)), kToday));
  EXPECT_EQ(v.field, "balance_sheet.total_assets");
  EXPECT_THAT(v.description, HasSubstr("difference -1000000.000000001 exceeds the tolerance "
                                       "1000000.00"));
}

TEST(BalanceCheckTest, StatesBothSidesAndTheDifference) {
  FieldViolation v =
      Only(ValidateFinancialStatement(Totals(Cny(1000), Cny(600), Cny(300)), kToday));
  EXPECT_EQ(v.description,
            "total assets 1000.00 CNY do not equal total liabilities 600.00 + total equity 300.00 "
            "= 900.00 CNY: difference 100.00 exceeds the tolerance 1.00 (the larger of 1.00 and "
            "0.1 % of total assets)");
}

TEST(BalanceCheckTest, ExactAtTheLimitsOfInt64Units) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // Liabilities + equity overflow int64 units; the check is done in 128 bits.
  FieldViolation v = Only(ValidateFinancialStatement(
      Totals(Cny(kMax, 999'999'999), Cny(kMax, 999'999'999), Cny(kMax, 999'999'999)), kToday));
  EXPECT_THAT(v.description, HasSubstr("= 18446744073709551615.999999998 CNY: difference "
                                       "-9223372036854775807.999999999"));
  EXPECT_THAT(ValidateFinancialStatement(
                  Totals(Cny(kMax, 999'999'999), Cny(kMax, 999'999'999), Cny(0)), kToday)
                  .violations(),
              IsEmpty());
}

TEST(BalanceCheckTest, SkippedWhenAnInputIsUnusable) {
  // Each of these is reported once, by its own rule, not again as an imbalance.
  FinancialStatement s = Totals(Cny(1000), Cny(600), Cny(1, -1));
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)).field, "balance_sheet.total_equity");
  s = Totals(Cny(1000), Money{"USD", 600, 0}, Cny(400));
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)).field,
            "balance_sheet.total_liabilities.currency_code");
  s = Totals(Cny(1000), Cny(600), Cny(400));
  s.balance_sheet.total_equity = std::nullopt;
  EXPECT_EQ(Only(ValidateFinancialStatement(s, kToday)).field, "balance_sheet.total_equity");
}

TEST(BalanceCheckTest, WorksInAnyCurrency) {
  FinancialStatement s = Totals(Money{"USD", 1000, 0}, Money{"USD", 700, 0}, Money{"USD", 100, 0});
  EXPECT_THAT(Only(ValidateFinancialStatement(s, kToday)).description,
              HasSubstr("total assets 1000.00 USD"));
}

TEST(ValidateFinancialStatementTest, ReportsEverythingAtOnce) {
  FinancialStatement s = Totals(Cny(1000), Cny(600), Cny(300));
  s.period_type = PeriodType::kQuarterly;  // quarter 0
  s.period_end_date = std::nullopt;
  s.balance_sheet.cash = Cny(-1);
  EXPECT_THAT(FieldsOf(ValidateFinancialStatement(s, kToday)),
              UnorderedElementsAre("fiscal_quarter", "period_end_date", "balance_sheet.cash",
                                   "balance_sheet.total_assets"));
}

}  // namespace
}  // namespace ccrm::customer
