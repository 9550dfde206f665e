// Five-category classification (五级分类) suggestions. Per exposure, from days past due (any
// overdue → at least 关注; > 90 days → 次级; > 270 → 可疑; > 360 → 损失) and qualitative
// signals; per obligor, if more than 10 % of the obligor's outstanding is non-performing
// (次级 or worse), all of its exposures are at least 次级. Each suggestion carries its reason.
//
// Example:
//   std::vector<ExposureCategory> c = ClassifyObligor(file, alerts_after, today);
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/risk_file.h"

namespace ccrm::risk {

struct ExposureCategory {
  std::string exposure_id;
  std::string facility_id;
  Money outstanding;
  int days_past_due = 0;
  // From days past due and qualitative signals alone.
  LoanCategory exposure_category = LoanCategory::kNormal;
  // After the obligor rule.
  LoanCategory category = LoanCategory::kNormal;
  std::string reason;
};

struct ObligorCategory {
  LoanCategory category = LoanCategory::kNormal;
  // Non-performing share of the obligor's outstanding, percent.
  double non_performing_percent = 0;
  std::string reason;
  std::vector<ExposureCategory> exposures;
};

// "NORMAL", "SPECIAL_MENTION", … (stored and wire names); "正常", "关注", … for reasons.
const char* CategoryName(LoanCategory category);
const char* CategoryChineseName(LoanCategory category);

// The category days past due alone gives.
LoanCategory CategoryForDaysPastDue(int days_past_due);

// Qualitative floors, given the customer's open alerts after evaluation and its latest rating
// grade ordinal (0 = unknown): any open ORANGE/RED alert on a non-derived indicator → at least
// 关注; latest grade CC or worse (ordinal >= 8) → at least 次级.
ObligorCategory ClassifyObligor(const RiskFile& file, const std::vector<Alert>& open_alerts,
                                absl::CivilDay today);

}  // namespace ccrm::risk
