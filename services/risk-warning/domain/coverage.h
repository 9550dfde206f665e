// Collateral coverage of an exposure: appraised collateral and guarantees against what is
// outstanding, loan-to-value, and which appraisals are stale (older than kStaleAppraisalDays).
//
// Example:
//   CoverageFigures c = ComputeCoverage(file, today);
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "services/risk-warning/domain/risk_file.h"

namespace ccrm::risk {

// Policy: collateral is re-appraised at least yearly.
inline constexpr int kStaleAppraisalDays = 365;

struct CoverageFigures {
  Money outstanding;
  // Collateral in the exposure's currency (others are ignored and listed in the docs as a gap).
  Money collateral_value;
  Money guaranteed_amount;
  double coverage_percent = 0;
  double loan_to_value_percent = 0;
  double total_security_percent = 0;
  std::vector<std::string> stale_collateral_ids;
};

bool IsAppraisalStale(const Collateral& collateral, absl::CivilDay today);
CoverageFigures ComputeCoverage(const ExposureFile& file, absl::CivilDay today);

}  // namespace ccrm::risk
