// The names of the inputs a scorecard factor may read, and the values of the qualitative ones:
// every financial ratio (ratios.h), the analyst's qualitative assessments, the analytics and the
// credit-bureau findings.
//
// Example:
//   if (!IsKnownScorecardInput(factor.input)) { violations.Add(...); }
#pragma once

#include <string>
#include <vector>

namespace ccrm::rating {

namespace input_names {
// Qualitative (category values: the Assessment names below).
inline constexpr char kManagementQuality[] = "management_quality";
inline constexpr char kMarketPosition[] = "market_position";
inline constexpr char kIndustryOutlook[] = "industry_outlook";
inline constexpr char kGuaranteeStrength[] = "guarantee_strength";
// Analytics (numeric).
inline constexpr char kAltmanZDoublePrime[] = "altman_z_double_prime";
inline constexpr char kMertonDefaultProbability[] = "merton_default_probability";
// Credit bureau (numeric).
inline constexpr char kBureauMaxDaysOverdue[] = "bureau_max_days_overdue";
inline constexpr char kBureauOpenLawsuits[] = "bureau_open_lawsuits";
// Guarantees given for others / total equity.
inline constexpr char kBureauGuaranteesToEquity[] = "bureau_guarantees_to_equity";
}  // namespace input_names

enum class Assessment {
  kUnspecified = 0,
  kStrong = 1,
  kGood = 2,
  kAdequate = 3,
  kWeak = 4,
  kPoor = 5
};

// "STRONG", "GOOD", "ADEQUATE", "WEAK", "POOR"; "" for kUnspecified.
std::string AssessmentName(Assessment assessment);

// The category inputs (the four qualitative assessments).
const std::vector<std::string>& CategoryInputNames();
// Every numeric input: ratios, analytics, bureau findings.
const std::vector<std::string>& NumericInputNames();
bool IsKnownScorecardInput(const std::string& name);
bool IsCategoryInput(const std::string& name);

}  // namespace ccrm::rating
