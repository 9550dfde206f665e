#include "services/credit-rating/domain/altman.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// Worked example (figures in millions):
//   working capital 200, retained earnings 300, EBIT 150, equity 800, sales 1200,
//   total assets 1000, total liabilities 400
//   X1 = 200/1000 = 0.20   X2 = 300/1000 = 0.30   X3 = 150/1000 = 0.15
//   X4 = 800/400  = 2.00   X5 = 1200/1000 = 1.20
//   Z  = 1.2·0.20 + 1.4·0.30 + 3.3·0.15 + 0.6·2.00 + 1.0·1.20
//      = 0.24 + 0.42 + 0.495 + 1.2 + 1.2                        = 3.555    (safe: > 2.99)
//   Z′ = 0.717·0.20 + 0.847·0.30 + 3.107·0.15 + 0.420·2.00 + 0.998·1.20
//      = 0.1434 + 0.2541 + 0.46605 + 0.84 + 1.1976              = 2.90115  (safe: > 2.9)
//   Z″ = 6.56·0.20 + 3.26·0.30 + 6.72·0.15 + 1.05·2.00
//      = 1.312 + 0.978 + 1.008 + 2.1                            = 5.398    (safe: > 2.6)
AltmanInputs WorkedExample() {
  AltmanInputs in;
  in.working_capital = 200;
  in.retained_earnings = 300;
  in.ebit = 150;
  in.equity = 800;
  in.revenue = 1200;
  in.total_assets = 1000;
  in.total_liabilities = 400;
  return in;
}

constexpr double kTolerance = 1e-12;

TEST(AltmanZTest, OriginalZOfTheWorkedExample) {
  ASSERT_OK_AND_ASSIGN(AltmanResult r, AltmanZ(AltmanVariant::kZ, WorkedExample()));
  EXPECT_EQ(r.variant, AltmanVariant::kZ);
  EXPECT_NEAR(r.score, 3.555, kTolerance);
  EXPECT_EQ(r.zone, AltmanZone::kSafe);
  EXPECT_THAT(r.ratios, ElementsAre(DoubleNear(0.2, kTolerance), DoubleNear(0.3, kTolerance),
                                    DoubleNear(0.15, kTolerance), DoubleNear(2.0, kTolerance),
                                    DoubleNear(1.2, kTolerance)));
}

TEST(AltmanZTest, ZPrimeOfTheWorkedExample) {
  ASSERT_OK_AND_ASSIGN(AltmanResult r, AltmanZ(AltmanVariant::kZPrime, WorkedExample()));
  EXPECT_NEAR(r.score, 2.90115, kTolerance);
  EXPECT_EQ(r.zone, AltmanZone::kSafe);
  EXPECT_EQ(r.ratios.size(), 5u);
}

TEST(AltmanZTest, ZDoublePrimeOfTheWorkedExampleHasFourRatios) {
  ASSERT_OK_AND_ASSIGN(AltmanResult r, AltmanZ(AltmanVariant::kZDoublePrime, WorkedExample()));
  EXPECT_NEAR(r.score, 5.398, kTolerance);
  EXPECT_EQ(r.zone, AltmanZone::kSafe);
  EXPECT_THAT(r.ratios, ElementsAre(DoubleNear(0.2, kTolerance), DoubleNear(0.3, kTolerance),
                                    DoubleNear(0.15, kTolerance), DoubleNear(2.0, kTolerance)));
}

// Only X5 (sales / assets) is non-zero, so Z = X5 exactly and the cut-offs can be hit exactly.
AltmanResult ZWithSalesOnly(double revenue) {
  AltmanInputs in;
  in.revenue = revenue;
  in.total_assets = 100;
  in.total_liabilities = 50;
  absl::StatusOr<AltmanResult> r = AltmanZ(AltmanVariant::kZ, in);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.value_or(AltmanResult{});
}

TEST(AltmanZTest, ZZonesWithTheCutOffsInGrey) {
  EXPECT_EQ(ZWithSalesOnly(180.9).zone, AltmanZone::kDistress);  // 1.809
  EXPECT_EQ(ZWithSalesOnly(181).zone, AltmanZone::kGrey);        // 1.81 exactly
  EXPECT_EQ(ZWithSalesOnly(250).zone, AltmanZone::kGrey);
  EXPECT_EQ(ZWithSalesOnly(299).zone, AltmanZone::kGrey);    // 2.99 exactly
  EXPECT_EQ(ZWithSalesOnly(299.1).zone, AltmanZone::kSafe);  // 2.991
  EXPECT_DOUBLE_EQ(ZWithSalesOnly(181).score, 1.81);
}

TEST(AltmanZTest, ZPrimeZones) {
  // Z′ = 0.420 · X4 with X4 = equity / liabilities.
  AltmanInputs in;
  in.total_assets = 100;
  in.total_liabilities = 100;
  in.equity = 290;  // 1.218
  ASSERT_OK_AND_ASSIGN(AltmanResult distress, AltmanZ(AltmanVariant::kZPrime, in));
  EXPECT_NEAR(distress.score, 1.218, kTolerance);
  EXPECT_EQ(distress.zone, AltmanZone::kDistress);
  in.equity = 500;  // 2.1
  ASSERT_OK_AND_ASSIGN(AltmanResult grey, AltmanZ(AltmanVariant::kZPrime, in));
  EXPECT_EQ(grey.zone, AltmanZone::kGrey);
  in.equity = 700;  // 2.94
  ASSERT_OK_AND_ASSIGN(AltmanResult safe, AltmanZ(AltmanVariant::kZPrime, in));
  EXPECT_EQ(safe.zone, AltmanZone::kSafe);
}

TEST(AltmanZTest, ZDoublePrimeZonesAndNegativeScores) {
  // Z″ = 6.56 X1 + 1.05 X4 here.
  AltmanInputs in;
  in.total_assets = 100;
  in.total_liabilities = 100;
  in.equity = 100;         // 1.05
  in.working_capital = 1;  // + 0.0656 = 1.1156
  ASSERT_OK_AND_ASSIGN(AltmanResult grey, AltmanZ(AltmanVariant::kZDoublePrime, in));
  EXPECT_NEAR(grey.score, 1.1156, kTolerance);
  EXPECT_EQ(grey.zone, AltmanZone::kGrey);
  in.working_capital = 0;  // 1.05
  ASSERT_OK_AND_ASSIGN(AltmanResult distress, AltmanZ(AltmanVariant::kZDoublePrime, in));
  EXPECT_EQ(distress.zone, AltmanZone::kDistress);
  in.working_capital = -40;    // 1.05 − 2.624 = −1.574
  in.retained_earnings = -10;  // − 0.326 = −1.9
  ASSERT_OK_AND_ASSIGN(AltmanResult negative, AltmanZ(AltmanVariant::kZDoublePrime, in));
  EXPECT_NEAR(negative.score, -1.9, kTolerance);
  EXPECT_EQ(negative.zone, AltmanZone::kDistress);
  in = AltmanInputs{};
  in.total_assets = 100;
  in.total_liabilities = 100;
  in.equity = 250;  // 2.625
  ASSERT_OK_AND_ASSIGN(AltmanResult safe, AltmanZ(AltmanVariant::kZDoublePrime, in));
  EXPECT_EQ(safe.zone, AltmanZone::kSafe);
}

TEST(AltmanZTest, RejectsBadInputsWithTheirFields) {
  AltmanInputs in = WorkedExample();
  in.total_assets = 0;
  in.total_liabilities = -1;
  in.ebit = std::numeric_limits<double>::quiet_NaN();
  absl::StatusOr<AltmanResult> r = AltmanZ(AltmanVariant::kUnspecified, in);
  ASSERT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      FieldViolationsOf(r.status()),
      UnorderedElementsAre(FieldViolation{"variant", "must be Z, Z_PRIME or Z_DOUBLE_PRIME"},
                           FieldViolation{"ebit", "must be a finite number"},
                           FieldViolation{"total_assets", "must be a positive number"},
                           FieldViolation{"total_liabilities", "must be a positive number"}));
}

TEST(AltmanZTest, RejectsInfiniteEquity) {
  AltmanInputs in = WorkedExample();
  in.equity = std::numeric_limits<double>::infinity();
  EXPECT_THAT(FieldViolationsOf(AltmanZ(AltmanVariant::kZ, in).status()),
              ElementsAre(FieldViolation{"equity", "must be a finite number"}));
}

}  // namespace
}  // namespace ccrm::rating
