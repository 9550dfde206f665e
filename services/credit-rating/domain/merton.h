// The Merton structural model with the KMV default point: from the market value and volatility of
// equity and the debt, solve the value and volatility of the firm's assets (equity is a call on
// the assets struck at the debt), then the distance to default and the risk-neutral probability
// of default N(−d2). Solved by Newton's method on the two Merton equations.
//
// Example:
//   ASSIGN_OR_RETURN(MertonResult r, SolveMerton(MertonInputs{3.0, 0.80, 10.0, 0.05, 1.0}));
//   // r.asset_value ≈ 12.40, r.asset_volatility ≈ 0.2123, r.default_probability ≈ 0.127
#pragma once

#include "absl/status/statusor.h"

namespace ccrm::rating {

struct MertonInputs {
  // Market value of equity (> 0).
  double equity_value = 0;
  // Annualised equity volatility (0 < σE ≤ 5).
  double equity_volatility = 0;
  // Face value of debt due at the horizon: the default point (> 0).
  double default_point = 0;
  // Continuously compounded annual risk-free rate (−0.05 … 0.5).
  double risk_free_rate = 0;
  // Years (0 < T ≤ 30).
  double horizon_years = 1;
};

struct MertonResult {
  double asset_value = 0;
  double asset_volatility = 0;
  double default_point = 0;
  // (ln(V/D) + (r − σV²/2)T) / (σV √T), i.e. d2.
  double distance_to_default = 0;
  // N(−d2).
  double default_probability = 0;
  int iterations = 0;
};

// KMV default point: short-term debt + ½ long-term debt.
double KmvDefaultPoint(double short_term_debt, double long_term_debt);

// Standard normal cumulative distribution function.
double NormalCdf(double x);

// INVALID_ARGUMENT (field names as in MertonInputs) for inputs out of range; FAILED_PRECONDITION
// (reason MERTON_NOT_CONVERGED) when Newton's method does not converge in 100 iterations.
absl::StatusOr<MertonResult> SolveMerton(const MertonInputs& inputs);

}  // namespace ccrm::rating
