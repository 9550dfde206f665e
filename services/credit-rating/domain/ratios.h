// Financial ratios of a statement: liquidity, leverage, coverage (DSCR for project loans),
// profitability, efficiency and growth. A ratio that cannot be computed (a missing line item, a
// zero denominator, or a non-positive one where the ratio would mislead) is undefined with its
// reason — never inf, NaN or a silent zero. Formulas are in docs/credit-rating.md.
//
// Example:
//   std::vector<RatioValue> ratios = ComputeRatios(latest, &prior_year);
//   const RatioValue* current = FindRatio(ratios, ratio_names::kCurrentRatio);
//   if (current->value) { ... }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/credit-rating/domain/statement_figures.h"

namespace ccrm::rating {

namespace ratio_names {
inline constexpr char kCurrentRatio[] = "current_ratio";
inline constexpr char kQuickRatio[] = "quick_ratio";
inline constexpr char kCashRatio[] = "cash_ratio";
inline constexpr char kDebtToAsset[] = "debt_to_asset";
inline constexpr char kDebtToEquity[] = "debt_to_equity";
inline constexpr char kInterestCoverage[] = "interest_coverage";
inline constexpr char kDscr[] = "dscr";
inline constexpr char kReturnOnEquity[] = "return_on_equity";
inline constexpr char kReturnOnAssets[] = "return_on_assets";
inline constexpr char kGrossMargin[] = "gross_margin";
inline constexpr char kOperatingMargin[] = "operating_margin";
inline constexpr char kNetMargin[] = "net_margin";
inline constexpr char kAssetTurnover[] = "asset_turnover";
inline constexpr char kRevenueGrowth[] = "revenue_growth";
}  // namespace ratio_names

struct RatioValue {
  std::string ratio;
  // Set when defined; finite.
  std::optional<double> value;
  // Set when undefined, e.g. "current_liabilities is missing", "total_equity is not positive".
  std::string undefined_reason;
};

// Every ratio above, in the order listed. `prior` is the same period a year earlier (for
// revenue_growth; undefined without it). Never fails: problems become undefined ratios.
std::vector<RatioValue> ComputeRatios(const StatementFigures& statement,
                                      const StatementFigures* prior);

// The ratio by name, or nullptr.
const RatioValue* FindRatio(const std::vector<RatioValue>& ratios, const std::string& name);

}  // namespace ccrm::rating
