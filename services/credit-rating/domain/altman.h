// Altman's bankruptcy scores with their published coefficients and zones:
//   Z  (1968, public manufacturers): 1.2 X1 + 1.4 X2 + 3.3 X3 + 0.6 X4 + 1.0 X5;
//      safe > 2.99, grey 1.81–2.99, distress < 1.81; X4 = market value of equity / total
//      liabilities.
//   Z′ (private firms): 0.717 X1 + 0.847 X2 + 3.107 X3 + 0.420 X4 + 0.998 X5;
//      safe > 2.9, grey 1.23–2.9, distress < 1.23; X4 = book equity / total liabilities.
//   Z″ (non-manufacturers, emerging markets): 6.56 X1 + 3.26 X2 + 6.72 X3 + 1.05 X4;
//      safe > 2.6, grey 1.1–2.6, distress < 1.1.
// with X1 = working capital / TA, X2 = retained earnings / TA, X3 = EBIT / TA, X5 = sales / TA.
//
// Example:
//   ASSIGN_OR_RETURN(AltmanResult z, AltmanZ(AltmanVariant::kZPrime, inputs));
//   if (z.zone == AltmanZone::kDistress) { ... }
#pragma once

#include <vector>

#include "absl/status/statusor.h"

namespace ccrm::rating {

enum class AltmanVariant { kUnspecified = 0, kZ = 1, kZPrime = 2, kZDoublePrime = 3 };
enum class AltmanZone { kUnspecified = 0, kSafe = 1, kGrey = 2, kDistress = 3 };

struct AltmanInputs {
  double working_capital = 0;
  double retained_earnings = 0;
  double ebit = 0;
  // Market value of equity for Z, book value for Z′ and Z″.
  double equity = 0;
  double revenue = 0;
  double total_assets = 0;
  double total_liabilities = 0;
};

struct AltmanResult {
  AltmanVariant variant = AltmanVariant::kUnspecified;
  double score = 0;
  AltmanZone zone = AltmanZone::kUnspecified;
  // X1..X5 (X1..X4 for Z″).
  std::vector<double> ratios;
};

// INVALID_ARGUMENT: unspecified variant ("variant"), total_assets ≤ 0 ("total_assets"),
// total_liabilities ≤ 0 ("total_liabilities"), any non-finite input (its field name).
absl::StatusOr<AltmanResult> AltmanZ(AltmanVariant variant, const AltmanInputs& inputs);

}  // namespace ccrm::rating
