#include "services/relationship-service/domain/value_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ccrm::relationship {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

MonthlyContribution Month(int year, int month, Money interest, Money fees, Money deposits) {
  return {absl::CivilDay(year, month, 1), std::move(interest), std::move(fees),
          std::move(deposits)};
}

ValueSummary Value(int64_t interest, int64_t fees, int64_t deposits, int months = 12) {
  ValueSummary v;
  v.interest_income = Cny(interest);
  v.fee_income = Cny(fees);
  v.average_deposits = Cny(deposits);
  v.total_contribution = Cny(interest + fees);
  v.months = months;
  return v;
}

TEST(SummarizeContributionsTest, TwelveMonthsEndingWithTodaysMonth) {
  const std::vector<MonthlyContribution> contributions = {
      Month(2025, 6, Cny(999), Cny(999), Cny(999)),  // 13 months back: outside
      Month(2025, 7, Cny(100), Cny(10, 500'000'000), Cny(1000)),
      Month(2026, 1, Cny(200), Cny(20), Cny(2000)),
      Month(2026, 6, Cny(300), Cny(30), Cny(3001)),
      Month(2026, 7, Cny(999), Cny(999), Cny(999)),  // next month: outside
  };
  ValueSummary v = SummarizeContributions(contributions, absl::CivilDay(2026, 6, 30));
  EXPECT_EQ(v.months, 3);
  EXPECT_EQ(v.interest_income, Cny(600));
  EXPECT_EQ(v.fee_income, Cny(60, 500'000'000));
  EXPECT_EQ(v.total_contribution, Cny(660, 500'000'000));
  EXPECT_EQ(v.average_deposits, Cny(2000, 333'333'333));  // 6001 / 3, truncated to the nano
}

TEST(SummarizeContributionsTest, OtherCurrenciesAreIgnored) {
  const std::vector<MonthlyContribution> contributions = {
      Month(2026, 5, Cny(100), Cny(10), Cny(1000)),
      Month(2026, 6, Money{"USD", 50, 0}, Money{"USD", 5, 0}, Money{"USD", 500, 0}),
      Month(2026, 4, Cny(100), Money{"USD", 5, 0}, Cny(1000)),  // one foreign amount: ignored
      Month(2026, 3, Cny(7), Money{}, Cny(0)),                  // an unset fee counts as zero
  };
  ValueSummary v = SummarizeContributions(contributions, absl::CivilDay(2026, 6, 1));
  EXPECT_EQ(v.months, 2);
  EXPECT_EQ(v.interest_income, Cny(107));
  EXPECT_EQ(v.fee_income, Cny(10));
  EXPECT_EQ(v.average_deposits, Cny(500));

  ValueSummary usd = SummarizeContributions(contributions, absl::CivilDay(2026, 6, 1), "USD");
  EXPECT_EQ(usd.months, 1);
  EXPECT_EQ(usd.total_contribution, (Money{"USD", 55, 0}));
}

TEST(SummarizeContributionsTest, NoDataIsZeroInTheCurrency) {
  ValueSummary v = SummarizeContributions({}, absl::CivilDay(2026, 6, 1));
  EXPECT_EQ(v.months, 0);
  EXPECT_EQ(v.total_contribution, Cny(0));
  EXPECT_EQ(v.average_deposits, Cny(0));
}

TEST(IdentifyKeyCustomerTest, KeySegment) {
  CustomerFacts facts;
  facts.segment = Segment::kKey;
  KeyCustomerDecision d = IdentifyKeyCustomer(facts, Value(0, 0, 0));
  EXPECT_TRUE(d.key_customer);
  EXPECT_EQ(d.reason, "segment is KEY");
}

TEST(IdentifyKeyCustomerTest, ContributionThresholdIsInclusive) {
  CustomerFacts facts;
  facts.segment = Segment::kSme;
  KeyCustomerDecision d = IdentifyKeyCustomer(facts, Value(4'000'000, 1'000'000, 0));
  EXPECT_TRUE(d.key_customer);
  EXPECT_EQ(d.reason,
            "contribution over the last 12 months CNY 5000000.00 is at least CNY 5000000");
  ValueSummary just_under = Value(4'000'000, 999'999, 0);
  just_under.total_contribution = Cny(4'999'999, 990'000'000);
  EXPECT_FALSE(IdentifyKeyCustomer(facts, just_under).key_customer);
}

TEST(IdentifyKeyCustomerTest, DepositsThresholdAndSeveralReasons) {
  CustomerFacts facts;
  facts.segment = Segment::kKey;
  KeyCustomerDecision d = IdentifyKeyCustomer(facts, Value(0, 0, 50'000'000));
  EXPECT_TRUE(d.key_customer);
  EXPECT_EQ(d.reason, "segment is KEY; average deposits CNY 50000000.00 are at least CNY 50000000");
  facts.segment = Segment::kSme;
  EXPECT_FALSE(IdentifyKeyCustomer(facts, Value(0, 0, 49'999'999)).key_customer);
}

TEST(IdentifyKeyCustomerTest, NotKeyHasNoReason) {
  CustomerFacts facts;
  facts.segment = Segment::kFirstTimeBorrower;
  KeyCustomerDecision d = IdentifyKeyCustomer(facts, Value(100, 10, 1000));
  EXPECT_FALSE(d.key_customer);
  EXPECT_EQ(d.reason, "");
}

TEST(IdentifyKeyCustomerTest, ThresholdsAreInCny) {
  ValueSummary usd;
  usd.total_contribution = Money{"USD", 9'000'000, 0};
  usd.average_deposits = Money{"USD", 90'000'000, 0};
  EXPECT_FALSE(IdentifyKeyCustomer(CustomerFacts{}, usd).key_customer);
}

// A customer for which no rule fires (fees are 20 % of the contribution, deposits under 10M).
CustomerFacts Quiet() {
  CustomerFacts facts;
  facts.segment = Segment::kSme;
  facts.industry_code = "F5191";
  facts.employee_count = 199;
  return facts;
}
ValueSummary QuietValue() { return Value(800, 200, 9'999'999); }

TEST(RecommendTest, NothingWhenNoRuleFires) {
  EXPECT_THAT(Recommend(Quiet(), QuietValue()), IsEmpty());
}

TEST(RecommendTest, SupplyChainFinance) {
  CustomerFacts facts = Quiet();
  facts.downstream_partners = 2;
  EXPECT_THAT(Recommend(facts, QuietValue()),
              ElementsAre(Field(&Recommendation::product, "SUPPLY_CHAIN_FINANCE")));
  EXPECT_EQ(Recommend(facts, QuietValue())[0].reason,
            "0 upstream and 2 downstream trade partners on file");
}

TEST(RecommendTest, CashManagementForLargeDeposits) {
  std::vector<Recommendation> r = Recommend(Quiet(), Value(800, 200, 10'000'000));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].product, "CASH_MANAGEMENT");
  EXPECT_EQ(r[0].reason, "average deposits CNY 10000000.00 are at least CNY 10000000");
}

TEST(RecommendTest, CashManagementForALowFeeShare) {
  std::vector<Recommendation> r = Recommend(Quiet(), Value(901, 99, 0));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].product, "CASH_MANAGEMENT");
  EXPECT_EQ(r[0].reason, "fees CNY 99.00 are under 10% of the CNY 1000.00 contribution");
  // Exactly 10 % is not under 10 %.
  EXPECT_THAT(Recommend(Quiet(), Value(900, 100, 0)), IsEmpty());
  // No contribution data: no fee-share rule.
  EXPECT_THAT(Recommend(Quiet(), Value(0, 0, 0, 0)), IsEmpty());
}

TEST(RecommendTest, GroupCashPooling) {
  CustomerFacts facts = Quiet();
  facts.subsidiaries = 3;
  std::vector<Recommendation> r = Recommend(facts, QuietValue());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].product, "GROUP_CASH_POOLING");
  EXPECT_EQ(r[0].reason, "3 subsidiaries on file");
}

TEST(RecommendTest, PayrollFromTwoHundredEmployees) {
  CustomerFacts facts = Quiet();
  facts.employee_count = 200;
  std::vector<Recommendation> r = Recommend(facts, QuietValue());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].product, "PAYROLL_SERVICES");
  EXPECT_EQ(r[0].reason, "200 employees (at least 200)");
}

TEST(RecommendTest, ProjectFinanceAdvisory) {
  CustomerFacts facts = Quiet();
  facts.has_projects = true;
  EXPECT_THAT(Recommend(facts, QuietValue()),
              ElementsAre(Field(&Recommendation::product, "PROJECT_FINANCE_ADVISORY")));
}

TEST(RecommendTest, FxHedgingForManufacturers) {
  CustomerFacts facts = Quiet();
  facts.industry_code = "C3011";
  std::vector<Recommendation> r = Recommend(facts, QuietValue());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].product, "FX_HEDGING");
  EXPECT_EQ(r[0].reason, "manufacturer (industry C3011, GB/T 4754 section C)");
  facts.industry_code = "";
  EXPECT_THAT(Recommend(facts, QuietValue()), IsEmpty());
}

TEST(RecommendTest, AllRulesInTheDocumentedOrder) {
  CustomerFacts facts;
  facts.industry_code = "C2614";
  facts.employee_count = 1500;
  facts.upstream_partners = 4;
  facts.subsidiaries = 2;
  facts.has_projects = true;
  EXPECT_THAT(Recommend(facts, Value(5'000'000, 100'000, 80'000'000)),
              ElementsAre(Field(&Recommendation::product, "SUPPLY_CHAIN_FINANCE"),
                          Field(&Recommendation::product, "CASH_MANAGEMENT"),
                          Field(&Recommendation::product, "GROUP_CASH_POOLING"),
                          Field(&Recommendation::product, "PAYROLL_SERVICES"),
                          Field(&Recommendation::product, "PROJECT_FINANCE_ADVISORY"),
                          Field(&Recommendation::product, "FX_HEDGING")));
}

}  // namespace
}  // namespace ccrm::relationship
