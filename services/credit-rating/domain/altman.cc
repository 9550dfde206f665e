#include "services/credit-rating/domain/altman.h"

#include <array>
#include <cmath>
#include <vector>

#include "common/status/errors.h"

namespace ccrm::rating {
namespace {

// One variant's published coefficients (X1..X5; X5's is 0 for Z″) and zone cut-offs. A score
// above safe_above is safe, one below distress_below is distress, and the cut-offs themselves
// are grey.
struct Variant {
  std::array<double, 5> coefficients;
  int ratio_count;
  double distress_below;
  double safe_above;
};

constexpr Variant kZ{{1.2, 1.4, 3.3, 0.6, 1.0}, 5, 1.81, 2.99};
constexpr Variant kZPrime{{0.717, 0.847, 3.107, 0.420, 0.998}, 5, 1.23, 2.9};
constexpr Variant kZDoublePrime{{6.56, 3.26, 6.72, 1.05, 0.0}, 4, 1.1, 2.6};

const Variant* VariantOf(AltmanVariant variant) {
  switch (variant) {
    case AltmanVariant::kZ:
      return &kZ;
    case AltmanVariant::kZPrime:
      return &kZPrime;
    case AltmanVariant::kZDoublePrime:
      return &kZDoublePrime;
    case AltmanVariant::kUnspecified:
      break;
  }
  return nullptr;
}

void CheckFinite(FieldViolations& v, const char* field, double value) {
  if (!std::isfinite(value)) {
    v.Add(field, "must be a finite number");
  }
}

}  // namespace

absl::StatusOr<AltmanResult> AltmanZ(AltmanVariant variant, const AltmanInputs& in) {
  FieldViolations v;
  const Variant* coefficients = VariantOf(variant);
  if (coefficients == nullptr) {
    v.Add("variant", "must be Z, Z_PRIME or Z_DOUBLE_PRIME");
  }
  CheckFinite(v, "working_capital", in.working_capital);
  CheckFinite(v, "retained_earnings", in.retained_earnings);
  CheckFinite(v, "ebit", in.ebit);
  CheckFinite(v, "equity", in.equity);
  CheckFinite(v, "revenue", in.revenue);
  if (!std::isfinite(in.total_assets) || in.total_assets <= 0) {
    v.Add("total_assets", "must be a positive number");
  }
  if (!std::isfinite(in.total_liabilities) || in.total_liabilities <= 0) {
    v.Add("total_liabilities", "must be a positive number");
  }
  if (absl::Status s = v.ToStatus(); !s.ok()) {
    return s;
  }

  const std::array<double, 5> x = {
      in.working_capital / in.total_assets, in.retained_earnings / in.total_assets,
      in.ebit / in.total_assets, in.equity / in.total_liabilities, in.revenue / in.total_assets};
  AltmanResult result;
  result.variant = variant;
  for (int i = 0; i < coefficients->ratio_count; ++i) {
    result.ratios.push_back(x[i]);
    result.score += coefficients->coefficients[i] * x[i];
  }
  if (result.score > coefficients->safe_above) {
    result.zone = AltmanZone::kSafe;
  } else if (result.score < coefficients->distress_below) {
    result.zone = AltmanZone::kDistress;
  } else {
    result.zone = AltmanZone::kGrey;
  }
  return result;
}

}  // namespace ccrm::rating
