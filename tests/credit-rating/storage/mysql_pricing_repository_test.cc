// The shipped pricing table (migrations/002_pricing_table.sql) as MySqlPricingRepository loads
// it, and the loan prime rate in force by date.
#include "services/credit-rating/storage/mysql_pricing_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "common/status/errors.h"
#include "services/credit-rating/domain/grade.h"
#include "tests/credit-rating/storage/storage_test_base.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

constexpr Segment kSegments[] = {Segment::kKey, Segment::kSme, Segment::kFirstTimeBorrower};

class MySqlPricingRepositoryTest : public StorageTest {
 protected:
  // The rules of the table in force on 2025-06-30 by (grade, segment); fails the test unless
  // each pair appears once.
  std::map<std::pair<CreditGrade, Segment>, PricingRule> Rules() {
    MySqlPricingRepository pricing(&pool());
    absl::StatusOr<PricingTable> table = pricing.Load(absl::CivilDay(2025, 6, 30));
    EXPECT_TRUE(table.ok()) << table.status();
    std::map<std::pair<CreditGrade, Segment>, PricingRule> rules;
    for (const PricingRule& rule : table.value_or(PricingTable{}).rules) {
      EXPECT_TRUE(rules.emplace(std::make_pair(rule.grade, rule.segment), rule).second)
          << GradeName(rule.grade) << " appears twice";
    }
    return rules;
  }
};

TEST_F(MySqlPricingRepositoryTest, EveryGradeAndSegmentHasARuleInOrder) {
  MySqlPricingRepository pricing(&pool());
  ASSERT_OK_AND_ASSIGN(PricingTable table, pricing.Load(absl::CivilDay(2025, 6, 30)));
  ASSERT_EQ(table.rules.size(), kAllGrades.size() * 3);
  size_t i = 0;
  for (CreditGrade grade : kAllGrades) {
    for (Segment segment : kSegments) {
      EXPECT_EQ(table.rules[i].grade, grade) << i;
      EXPECT_EQ(table.rules[i].segment, segment) << i;
      ++i;
    }
  }
}

TEST_F(MySqlPricingRepositoryTest, TermsTightenAsGradesWorsen) {
  auto rules = Rules();
  ASSERT_EQ(rules.size(), 30u);
  const PricingRule& best = rules.at({CreditGrade::kAAA, Segment::kKey});
  EXPECT_TRUE(best.eligible);
  EXPECT_EQ(best.spread_bps, 20);
  EXPECT_EQ(best.max_tenor_months, 120);
  EXPECT_EQ(best.collateral_requirement, "NONE");
  EXPECT_EQ(best.min_collateral_coverage_bps, 0);
  EXPECT_EQ(best.min_dscr, 1.20);
  EXPECT_EQ(best.max_debt_to_asset, 0.75);
  EXPECT_EQ(best.approval_authority, "BRANCH_CREDIT_COMMITTEE");
  EXPECT_EQ(rules.at({CreditGrade::kB, Segment::kKey}).spread_bps, 300);
  EXPECT_EQ(rules.at({CreditGrade::kB, Segment::kKey}).max_tenor_months, 24);

  for (Segment segment : kSegments) {
    for (size_t g = 0; g < kAllGrades.size(); ++g) {
      const CreditGrade grade = kAllGrades[g];
      const PricingRule& rule = rules.at({grade, segment});
      const std::string where = GradeName(grade) + "/" + std::to_string(static_cast<int>(segment));
      if (grade == CreditGrade::kCC || grade == CreditGrade::kC || grade == CreditGrade::kD) {
        EXPECT_FALSE(rule.eligible) << where;
        continue;
      }
      EXPECT_TRUE(rule.eligible) << where;
      if (g > 0) {
        const PricingRule& better = rules.at({kAllGrades[g - 1], segment});
        EXPECT_GT(rule.spread_bps, better.spread_bps) << where;
        EXPECT_LE(rule.max_tenor_months, better.max_tenor_months) << where;
        EXPECT_GE(rule.min_collateral_coverage_bps, better.min_collateral_coverage_bps) << where;
        EXPECT_GE(rule.min_dscr, better.min_dscr) << where;
        EXPECT_LE(rule.max_debt_to_asset, better.max_debt_to_asset) << where;
      }
      EXPECT_GE(rule.min_dscr, 1.20) << where;
      EXPECT_LE(rule.min_dscr, 1.50) << where;
      EXPECT_GE(rule.max_debt_to_asset, 0.60) << where;
      EXPECT_LE(rule.max_debt_to_asset, 0.75) << where;
      const char* collateral = grade <= CreditGrade::kA    ? "NONE"
                               : grade <= CreditGrade::kBB ? "PARTIAL"
                                                           : "FULL";
      EXPECT_EQ(rule.collateral_requirement, collateral) << where;
      const char* authority = IsInvestmentGrade(grade)     ? "BRANCH_CREDIT_COMMITTEE"
                              : grade == CreditGrade::kCCC ? "BOARD_RISK_COMMITTEE"
                                                           : "HEAD_OFFICE_CREDIT_COMMITTEE";
      EXPECT_EQ(rule.approval_authority, authority) << where;
    }
  }
  // SMEs pay 30-50 bps over key customers, first-time borrowers more again.
  for (size_t g = 0; g < 7; ++g) {
    const CreditGrade grade = kAllGrades[g];
    const int key = rules.at({grade, Segment::kKey}).spread_bps;
    const int sme = rules.at({grade, Segment::kSme}).spread_bps;
    const int first = rules.at({grade, Segment::kFirstTimeBorrower}).spread_bps;
    EXPECT_GE(sme - key, 30) << GradeName(grade);
    EXPECT_LE(sme - key, 50) << GradeName(grade);
    EXPECT_GT(first, sme) << GradeName(grade);
  }
}

TEST_F(MySqlPricingRepositoryTest, UsesTheLoanPrimeRatesInForceOnTheDay) {
  MySqlPricingRepository pricing(&pool());
  ASSERT_OK_AND_ASSIGN(PricingTable now, pricing.Load(absl::CivilDay(2025, 5, 20)));
  EXPECT_EQ(now.lpr.one_year_bps, 300);
  EXPECT_EQ(now.lpr.five_year_bps, 350);
  ASSERT_OK_AND_ASSIGN(PricingTable before, pricing.Load(absl::CivilDay(2025, 5, 19)));
  EXPECT_EQ(before.lpr.one_year_bps, 310);
  EXPECT_EQ(before.lpr.five_year_bps, 360);
  ASSERT_OK_AND_ASSIGN(PricingTable first_day, pricing.Load(absl::CivilDay(2024, 10, 21)));
  EXPECT_EQ(first_day.lpr.one_year_bps, 310);

  absl::StatusOr<PricingTable> none = pricing.Load(absl::CivilDay(2024, 10, 20));
  EXPECT_THAT(none, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("2024-10-20")));
  EXPECT_EQ(ErrorReason(none.status()), "LPR_MISSING");

  // Each term takes its own latest fixing.
  ASSERT_OK(db().ExecuteAsAdmin(
      "INSERT INTO loan_prime_rates (term, effective_date, rate_bps) VALUES ('1Y', '2026-01-20', "
      "290)"));
  ASSERT_OK_AND_ASSIGN(PricingTable later, pricing.Load(absl::CivilDay(2026, 2, 1)));
  EXPECT_EQ(later.lpr.one_year_bps, 290);
  EXPECT_EQ(later.lpr.five_year_bps, 350);

  ASSERT_OK(db().ExecuteAsAdmin("DELETE FROM loan_prime_rates WHERE term = '5Y'"));
  absl::StatusOr<PricingTable> half = pricing.Load(absl::CivilDay(2026, 2, 1));
  EXPECT_THAT(half, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("5-year")));
  EXPECT_EQ(ErrorReason(half.status()), "LPR_MISSING");
}

TEST_F(MySqlPricingRepositoryTest, UnknownGradeInTheTableIsInternal) {
  ASSERT_OK(db().ExecuteAsAdmin(
      "INSERT INTO pricing_rules VALUES ('E', 'KEY', 0, 0, 0, 'FULL', 0, 0, 0, 'BOARD')"));
  MySqlPricingRepository pricing(&pool());
  EXPECT_THAT(pricing.Load(absl::CivilDay(2025, 6, 30)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("\"E\"")));
}

}  // namespace
}  // namespace ccrm::rating
