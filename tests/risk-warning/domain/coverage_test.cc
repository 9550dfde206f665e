#include "services/risk-warning/domain/coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "absl/time/civil_time.h"

namespace ccrm::risk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::CivilDay kToday(2026, 11, 22);

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

Collateral Mortgage(const std::string& id, Money value, absl::CivilDay appraised) {
  Collateral c;
  c.collateral_id = id;
  c.kind = CollateralKind::kMortgage;
  c.asset_type = "building";
  c.appraised_value = std::move(value);
  c.appraisal_date = appraised;
  return c;
}

Guarantor Guarantee(Money amount) {
  Guarantor g;
  g.outside_party_name = "Jiangsu Credit Guarantee Co.";
  g.amount_guaranteed = std::move(amount);
  return g;
}

ExposureFile Secured() {
  ExposureFile f;
  f.exposure.exposure_id = "e-1";
  f.exposure.facility_id = "F-1";
  f.exposure.amount = Cny(2000000);
  f.exposure.outstanding = Cny(1000000);
  f.collateral = {Mortgage("col-1", Cny(600000, 250000000), absl::CivilDay(2026, 5, 1)),
                  Mortgage("col-2", Cny(250000, 250000000), absl::CivilDay(2025, 11, 21)),
                  // Needs an exchange rate risk-warning does not keep: not counted.
                  Mortgage("col-3", Money{"USD", 100000, 0}, absl::CivilDay(2025, 11, 1))};
  f.guarantors = {Guarantee(Cny(100000)), Guarantee(Money{"HKD", 50000, 0})};
  return f;
}

TEST(IsAppraisalStaleTest, OlderThan365DaysIsStale) {
  Collateral c = Mortgage("col-1", Cny(1), absl::CivilDay(2025, 11, 22));
  EXPECT_FALSE(IsAppraisalStale(c, kToday));  // exactly 365 days
  EXPECT_TRUE(IsAppraisalStale(c, kToday + 1));
  c.appraisal_date = kToday;
  EXPECT_FALSE(IsAppraisalStale(c, kToday));
}

TEST(ComputeCoverageTest, ExactSumsInTheExposuresCurrency) {
  const CoverageFigures c = ComputeCoverage(Secured(), kToday);
  EXPECT_EQ(c.outstanding, Cny(1000000));
  EXPECT_EQ(c.collateral_value, Cny(850000, 500000000));  // 600,000.25 + 250,000.25
  EXPECT_EQ(c.guaranteed_amount, Cny(100000));
  EXPECT_NEAR(c.coverage_percent, 85.00005, 1e-9);
  EXPECT_NEAR(c.loan_to_value_percent, 1000000 / 850000.5 * 100, 1e-9);  // 117.646...
  EXPECT_NEAR(c.total_security_percent, 95.00005, 1e-9);
  // col-2: 366 days; col-3 (another currency) is stale all the same.
  EXPECT_THAT(c.stale_collateral_ids, ElementsAre("col-2", "col-3"));
}

TEST(ComputeCoverageTest, PercentsAreZeroWithoutADenominator) {
  ExposureFile repaid = Secured();
  repaid.exposure.outstanding = Cny(0);
  CoverageFigures c = ComputeCoverage(repaid, kToday);
  EXPECT_EQ(c.coverage_percent, 0);
  EXPECT_EQ(c.total_security_percent, 0);
  EXPECT_EQ(c.loan_to_value_percent, 0);

  ExposureFile unsecured = Secured();
  unsecured.collateral.clear();
  unsecured.guarantors.clear();
  c = ComputeCoverage(unsecured, kToday);
  EXPECT_EQ(c.collateral_value, Cny(0));
  EXPECT_EQ(c.guaranteed_amount, Cny(0));
  EXPECT_EQ(c.coverage_percent, 0);
  EXPECT_EQ(c.loan_to_value_percent, 0);  // no collateral to divide by
  EXPECT_EQ(c.total_security_percent, 0);
  EXPECT_THAT(c.stale_collateral_ids, IsEmpty());
}

TEST(ComputeCoverageTest, GuaranteesCountOnlyTowardsTotalSecurity) {
  ExposureFile f = Secured();
  f.collateral.clear();
  f.guarantors = {Guarantee(Cny(300000)), Guarantee(Cny(200000))};
  const CoverageFigures c = ComputeCoverage(f, kToday);
  EXPECT_EQ(c.coverage_percent, 0);
  EXPECT_DOUBLE_EQ(c.total_security_percent, 50.0);
}

}  // namespace
}  // namespace ccrm::risk
