#include "services/risk-warning/domain/exposure.h"

namespace ccrm::risk {

bool IsNonPerforming(LoanCategory category) {
  // The enum's numeric order is the severity order.
  return static_cast<int>(category) >= static_cast<int>(LoanCategory::kSubstandard);
}

}  // namespace ccrm::risk
