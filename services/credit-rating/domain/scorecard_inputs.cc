#include "services/credit-rating/domain/scorecard_inputs.h"

#include <algorithm>
#include <string>
#include <vector>

#include "services/credit-rating/domain/ratios.h"

namespace ccrm::rating {

std::string AssessmentName(Assessment assessment) {
  switch (assessment) {
    case Assessment::kStrong:
      return "STRONG";
    case Assessment::kGood:
      return "GOOD";
    case Assessment::kAdequate:
      return "ADEQUATE";
    case Assessment::kWeak:
      return "WEAK";
    case Assessment::kPoor:
      return "POOR";
    case Assessment::kUnspecified:
      break;
  }
  return "";
}

const std::vector<std::string>& CategoryInputNames() {
  static const auto* const kNames =
      new std::vector<std::string>{input_names::kManagementQuality, input_names::kMarketPosition,
                                   input_names::kIndustryOutlook, input_names::kGuaranteeStrength};
  return *kNames;
}

const std::vector<std::string>& NumericInputNames() {
  namespace r = ratio_names;
  static const auto* const kNames =
      new std::vector<std::string>{r::kCurrentRatio,
                                   r::kQuickRatio,
                                   r::kCashRatio,
                                   r::kDebtToAsset,
                                   r::kDebtToEquity,
                                   r::kInterestCoverage,
                                   r::kDscr,
                                   r::kReturnOnEquity,
                                   r::kReturnOnAssets,
                                   r::kGrossMargin,
                                   r::kOperatingMargin,
                                   r::kNetMargin,
                                   r::kAssetTurnover,
                                   r::kRevenueGrowth,
                                   input_names::kAltmanZDoublePrime,
                                   input_names::kMertonDefaultProbability,
                                   input_names::kBureauMaxDaysOverdue,
                                   input_names::kBureauOpenLawsuits,
                                   input_names::kBureauGuaranteesToEquity};
  return *kNames;
}

bool IsCategoryInput(const std::string& name) {
  const auto& names = CategoryInputNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsKnownScorecardInput(const std::string& name) {
  const auto& names = NumericInputNames();
  return IsCategoryInput(name) || std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace ccrm::rating
