// Indicator readings: what each early-warning indicator measures in a customer's risk file on a
// given day. Exposure indicators are read per exposure and the worst one stands for the customer
// (its exposure named in the inputs); the others are read per customer.
//
// Example:
//   std::vector<IndicatorReading> readings = ReadIndicators(file, today);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/risk_file.h"

namespace ccrm::risk {

struct IndicatorReading {
  std::string indicator;
  double value = 0;
  // The figures behind the value, e.g. {"facility", "F-1"}, {"oldest_unpaid_due_date", …}.
  std::vector<AlertInput> inputs;
  // The exposure the value comes from (exposure indicators), else empty.
  std::string exposure_id;
  // One line naming the value, e.g. "DPD 35 days on facility F-2026-0001".
  std::string summary;
};

// Days past due of one exposure on `today`: days since the oldest installment that payments
// (applied oldest first, principal and interest) have not fully covered; 0 when none is late.
int DaysPastDue(const ExposureFile& file, absl::CivilDay today);

// Readings of every indicator that has something to read. An indicator with nothing to read
// (no covenant, no collateral, no signals in the window, …) has no reading; one whose value is
// benign still has a reading (so an open alert can be lowered or cleared). Definitions (docs):
//   days_past_due               max over exposures (days)
//   overdue_rate                unpaid principal and interest of installments past due /
//                               outstanding (%); no reading while nothing is outstanding
//   funds_off_plan              usage outside the plan (category or payee not approved, or above
//                               the line's amount) / plan total (%)
//   project_progress_deviation  (planned − actual investment) / planned (%, latest report); a
//                               missed milestone adds 10 points each
//   dscr_headroom               (latest DSCR / covenant − 1) × 100 (%, lower is worse)
//   current_ratio_headroom      likewise for the current ratio
//   rating_downgrade            notches below the best grade of the last 365 days
//   complaints, sla_breaches, missed_engagements   count in the last 90 days
//   satisfaction_drop           count in the last 180 days
//   group_distress              highest level among other group members (1..4)
//   guarantor_distress          highest level among guarantors that are customers (1..4)
//   collateral_coverage         appraised collateral / outstanding (%, lower is worse; only
//                               with collateral and something outstanding)
//   stale_appraisal             age in days of the oldest appraisal
std::vector<IndicatorReading> ReadIndicators(const RiskFile& file, absl::CivilDay today);

}  // namespace ccrm::risk
