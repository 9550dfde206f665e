#include "services/credit-rating/domain/merton.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/errors.h"

namespace ccrm::rating {
namespace {

constexpr int kMaxIterations = 100;
// Converged when the Newton step changes ln V and ln σV by less than this (relative change).
constexpr double kTolerance = 1e-10;
// Halvings of a Newton step tried before giving up on a step.
constexpr int kMaxStepHalvings = 30;

// Residual norm below which a point is a solution even if no further step improves it
// (rounding noise).
constexpr double kSolvedResidual = 1e-9;
constexpr double kInvSqrt2Pi = 0.398942280401432677939946059934;

double NormalPdf(double x) { return kInvSqrt2Pi * std::exp(-0.5 * x * x); }

// The Merton equations at asset value v and asset volatility s, as residuals:
//   f1 = V N(d1) − D e^{−rT} N(d2) − E
//   f2 = N(d1) σV V − σE E
// with the Jacobian (∂f/∂V, ∂f/∂σV) in closed form (using V φ(d1) = D e^{−rT} φ(d2)).
struct Residuals {
  double d1 = 0;
  double d2 = 0;
  double f1 = 0;
  double f2 = 0;
  double df1_dv = 0;
  double df1_ds = 0;
  double df2_dv = 0;
  double df2_ds = 0;

  double Norm(const MertonInputs& in) const {
    // Scaled so both equations weigh alike.
    double a = f1 / in.equity_value;
    double b = f2 / (in.equity_volatility * in.equity_value);
    return std::sqrt(a * a + b * b);
  }
};

Residuals Evaluate(const MertonInputs& in, double v, double s) {
  const double t = in.horizon_years;
  const double sqrt_t = std::sqrt(t);
  const double discounted_debt = in.default_point * std::exp(-in.risk_free_rate * t);
  Residuals r;
  r.d1 = (std::log(v / in.default_point) + (in.risk_free_rate + 0.5 * s * s) * t) / (s * sqrt_t);
  r.d2 = r.d1 - s * sqrt_t;
  const double n1 = NormalCdf(r.d1);
  const double pdf1 = NormalPdf(r.d1);
  r.f1 = v * n1 - discounted_debt * NormalCdf(r.d2) - in.equity_value;
  r.f2 = n1 * s * v - in.equity_volatility * in.equity_value;
  r.df1_dv = n1;
  r.df1_ds = v * pdf1 * sqrt_t;
  r.df2_dv = s * n1 + pdf1 / sqrt_t;
  r.df2_ds = v * n1 - v * pdf1 * r.d2;
  return r;
}

bool Finite(const Residuals& r) {
  return std::isfinite(r.f1) && std::isfinite(r.f2) && std::isfinite(r.df1_dv) &&
         std::isfinite(r.df1_ds) && std::isfinite(r.df2_dv) && std::isfinite(r.df2_ds);
}

absl::Status ValidateInputs(const MertonInputs& in) {
  FieldViolations v;
  if (!std::isfinite(in.equity_value) || in.equity_value <= 0) {
    v.Add("equity_value", "must be a positive number");
  }
  if (!std::isfinite(in.equity_volatility) || in.equity_volatility <= 0 ||
      in.equity_volatility > 5) {
    v.Add("equity_volatility", "must be above 0 and at most 5 (500% a year)");
  }
  if (!std::isfinite(in.default_point) || in.default_point <= 0) {
    v.Add("default_point", "must be a positive number");
  }
  if (!std::isfinite(in.risk_free_rate) || in.risk_free_rate < -0.05 || in.risk_free_rate > 0.5) {
    v.Add("risk_free_rate", "must be between -0.05 and 0.5");
  }
  if (!std::isfinite(in.horizon_years) || in.horizon_years <= 0 || in.horizon_years > 30) {
    v.Add("horizon_years", "must be above 0 and at most 30");
  }
  return v.ToStatus();
}

MertonResult Solution(const MertonInputs& in, double v, double s, const Residuals& r,
                      int iterations) {
  MertonResult result;
  result.asset_value = v;
  result.asset_volatility = s;
  result.default_point = in.default_point;
  result.distance_to_default = r.d2;
  result.default_probability = NormalCdf(-r.d2);
  result.iterations = iterations;
  return result;
}

absl::Status NotConverged(const MertonInputs& in, int iterations, const std::string& why) {
  return WithReason(
      absl::FailedPreconditionError(absl::StrFormat(
          "Merton model did not converge after %d iterations (%s) for equity %g, equity "
          "volatility %g, default point %g",
          iterations, why, in.equity_value, in.equity_volatility, in.default_point)),
      "MERTON_NOT_CONVERGED");
}

}  // namespace

double KmvDefaultPoint(double short_term_debt, double long_term_debt) {
  return short_term_debt + 0.5 * long_term_debt;
}

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

absl::StatusOr<MertonResult> SolveMerton(const MertonInputs& in) {
  if (absl::Status s = ValidateInputs(in); !s.ok()) {
    return s;
  }
  // Start from the debt's present value plus equity, and equity volatility delevered.
  double v = in.equity_value + in.default_point * std::exp(-in.risk_free_rate * in.horizon_years);
  double s = in.equity_volatility * in.equity_value / v;
  Residuals r = Evaluate(in, v, s);
  for (int iteration = 1; iteration <= kMaxIterations; ++iteration) {
    if (!Finite(r)) {
      return NotConverged(in, iteration, "the equations are not finite");
    }
    // Newton's method in (ln V, ln σV): the unknowns stay positive and the two scale alike.
    // J' = J · diag(V, σV); solve J' · (du, dw) = −f.
    const double a = r.df1_dv * v;
    const double b = r.df1_ds * s;
    const double c = r.df2_dv * v;
    const double d = r.df2_ds * s;
    const double det = a * d - b * c;
    if (det == 0 || !std::isfinite(det)) {
      return NotConverged(in, iteration, "singular Jacobian");
    }
    const double du = (-r.f1 * d + r.f2 * b) / det;
    const double dw = (-r.f2 * a + r.f1 * c) / det;
    // The full Newton step is negligible: this is the root (to rounding).
    if (std::max(std::abs(du), std::abs(dw)) < kTolerance) {
      return Solution(in, v, s, r, iteration);
    }
    // Damped: halve the step until the residual does not grow.
    const double norm = r.Norm(in);
    double step = 1.0;
    double next_v = v;
    double next_s = s;
    Residuals next;
    bool accepted = false;
    for (int halving = 0; halving <= kMaxStepHalvings; ++halving, step *= 0.5) {
      next_v = v * std::exp(step * du);
      next_s = s * std::exp(step * dw);
      next = Evaluate(in, next_v, next_s);
      if (Finite(next) && next.Norm(in) <= norm) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      if (norm < kSolvedResidual) {
        return Solution(in, v, s, r, iteration);
      }
      return NotConverged(in, iteration, "no step reduces the residual");
    }
    v = next_v;
    s = next_s;
    r = next;
  }
  return NotConverged(in, kMaxIterations, "iteration limit reached");
}

}  // namespace ccrm::rating
