#include "services/credit-rating/domain/merton.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;

TEST(NormalCdfTest, MatchesTabulatedValues) {
  EXPECT_DOUBLE_EQ(NormalCdf(0), 0.5);
  EXPECT_NEAR(NormalCdf(1.0), 0.841344746068543, 1e-15);
  EXPECT_NEAR(NormalCdf(-1.0), 0.158655253931457, 1e-15);
  EXPECT_NEAR(NormalCdf(1.959963984540054), 0.975, 1e-15);
  // Far tails keep relative precision (erfc, not 1 − erf).
  EXPECT_NEAR(NormalCdf(-10) / 7.619853024160527e-24, 1.0, 1e-12);
}

TEST(KmvDefaultPointTest, IsShortTermPlusHalfLongTerm) {
  EXPECT_DOUBLE_EQ(KmvDefaultPoint(100, 60), 130);
  EXPECT_DOUBLE_EQ(KmvDefaultPoint(0, 60), 30);
  EXPECT_DOUBLE_EQ(KmvDefaultPoint(45, 0), 45);
}

// Hull, Options, Futures and Other Derivatives, "Credit Risk" chapter: a firm's equity is worth
// 3 million with 80% volatility, debt of 10 million is due in one year, and the risk-free rate is
// 5%. The book solves V0 = 12.40 and σV = 0.2123 (21.23%), and a risk-neutral PD of N(−d2) =
// 12.7%. More digits come from solving the two equations independently (bisection on V for a
// fixed σV, iterated): V = 12.395387, σV = 0.2123047, d2 = 1.1408257, PD = 0.1269712.
TEST(SolveMertonTest, ReproducesHullsExample) {
  ASSERT_OK_AND_ASSIGN(MertonResult r, SolveMerton(MertonInputs{3.0, 0.80, 10.0, 0.05, 1.0}));
  EXPECT_NEAR(r.asset_value, 12.395387, 1e-6);
  EXPECT_NEAR(r.asset_volatility, 0.2123047, 1e-7);
  EXPECT_NEAR(r.distance_to_default, 1.1408257, 1e-7);
  EXPECT_NEAR(r.default_probability, 0.1269712, 1e-7);
  EXPECT_DOUBLE_EQ(r.default_point, 10.0);
  EXPECT_GE(r.iterations, 1);
  EXPECT_LE(r.iterations, 10);
}

TEST(SolveMertonTest, SolutionSatisfiesBothEquations) {
  const MertonInputs in{450.0, 0.35, 600.0, 0.02, 2.0};
  ASSERT_OK_AND_ASSIGN(MertonResult r, SolveMerton(in));
  const double v = r.asset_value;
  const double s = r.asset_volatility;
  const double t = in.horizon_years;
  const double d1 =
      (std::log(v / in.default_point) + (in.risk_free_rate + s * s / 2) * t) / (s * std::sqrt(t));
  const double d2 = d1 - s * std::sqrt(t);
  const double equity =
      v * NormalCdf(d1) - in.default_point * std::exp(-in.risk_free_rate * t) * NormalCdf(d2);
  EXPECT_NEAR(equity, in.equity_value, 1e-8);
  EXPECT_NEAR(NormalCdf(d1) * s * v, in.equity_volatility * in.equity_value, 1e-8);
  EXPECT_NEAR(r.distance_to_default, d2, 1e-9);
  EXPECT_NEAR(r.default_probability, NormalCdf(-d2), 1e-12);
  // Independent solution: V = 1026.265686, σV = 0.1539159, PD = 0.0055295.
  EXPECT_NEAR(r.asset_value, 1026.265686, 1e-6);
  EXPECT_NEAR(r.default_probability, 0.0055295, 1e-7);
}

TEST(SolveMertonTest, VeryLowLeverageHasAlmostNoDefaultRisk) {
  // Equity 100 against debt 1: the assets are essentially the equity plus discounted debt and
  // the equity volatility passes through almost unchanged.
  ASSERT_OK_AND_ASSIGN(MertonResult r, SolveMerton(MertonInputs{100.0, 0.30, 1.0, 0.03, 1.0}));
  EXPECT_NEAR(r.asset_value, 100.0 + std::exp(-0.03), 1e-9);
  EXPECT_NEAR(r.asset_volatility, 0.30 * 100.0 / r.asset_value, 1e-9);
  EXPECT_GT(r.distance_to_default, 14);
  EXPECT_LT(r.default_probability, 1e-40);
  EXPECT_GE(r.default_probability, 0.0);
}

TEST(SolveMertonTest, HighLeverageHasHighDefaultRisk) {
  // Equity 2 against debt 50, equity volatility 150%: the assets are worth less than the debt.
  // Independent solution (as for Hull's example): V = 46.448093, σV = 0.1543516, PD = 0.6406569.
  ASSERT_OK_AND_ASSIGN(MertonResult r, SolveMerton(MertonInputs{2.0, 1.50, 50.0, 0.03, 1.0}));
  EXPECT_NEAR(r.asset_value, 46.448093, 1e-6);
  EXPECT_NEAR(r.asset_volatility, 0.1543516, 1e-7);
  EXPECT_NEAR(r.distance_to_default, -0.3602153, 1e-7);
  EXPECT_NEAR(r.default_probability, 0.6406569, 1e-7);
}

TEST(SolveMertonTest, ReportsNonConvergence) {
  // Equity worth 0.001% of the debt with 500% volatility: numerically degenerate, and Newton's
  // method from the standard start does not reach the root within 100 iterations.
  absl::StatusOr<MertonResult> r = SolveMerton(MertonInputs{0.00001, 5.0, 1.0, 0.0, 1.0});
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kFailedPrecondition,
                          ::testing::HasSubstr("Merton model did not converge after 100 "
                                               "iterations")));
  EXPECT_EQ(ErrorReason(r.status()), "MERTON_NOT_CONVERGED");
}

TEST(SolveMertonTest, RejectsEveryBadInputAtOnce) {
  absl::StatusOr<MertonResult> r = SolveMerton(MertonInputs{0.0, 5.01, -1.0, 0.51, 0.0});
  ASSERT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(r.status()),
              ElementsAre(FieldViolation{"equity_value", "must be a positive number"},
                          FieldViolation{"equity_volatility",
                                         "must be above 0 and at most 5 (500% a year)"},
                          FieldViolation{"default_point", "must be a positive number"},
                          FieldViolation{"risk_free_rate", "must be between -0.05 and 0.5"},
                          FieldViolation{"horizon_years", "must be above 0 and at most 30"}));
}

TEST(SolveMertonTest, RejectsNonFiniteAndBoundaryInputs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto fields = [](const MertonInputs& in) {
    std::vector<std::string> out;
    for (const FieldViolation& v : FieldViolationsOf(SolveMerton(in).status())) {
      out.push_back(v.field);
    }
    return out;
  };
  EXPECT_THAT(fields({nan, 0.3, 10, 0.02, 1}), ElementsAre("equity_value"));
  EXPECT_THAT(fields({inf, 0.3, 10, 0.02, 1}), ElementsAre("equity_value"));
  EXPECT_THAT(fields({5, 0.0, 10, 0.02, 1}), ElementsAre("equity_volatility"));
  EXPECT_THAT(fields({5, 0.3, 10, -0.0501, 1}), ElementsAre("risk_free_rate"));
  EXPECT_THAT(fields({5, 0.3, 10, 0.02, 30.01}), ElementsAre("horizon_years"));
  // The limits themselves are allowed.
  EXPECT_OK(SolveMerton({5, 5.0, 10, -0.05, 30}));
  EXPECT_OK(SolveMerton({5, 0.3, 10, 0.5, 0.01}));
}

}  // namespace
}  // namespace ccrm::rating
