#include "services/relationship-service/domain/engagement.h"

namespace ccrm::relationship {

EngagementStatus CurrentStatus(const Engagement& engagement, absl::CivilDay today) {
  switch (engagement.state) {
    case EngagementState::kCompleted:
      return EngagementStatus::kCompleted;
    case EngagementState::kMissed:
      return EngagementStatus::kMissed;
    case EngagementState::kOpen:
      break;
  }
  return StatusOn(engagement.due_date, /*completed=*/false, today, engagement.grace_days);
}

}  // namespace ccrm::relationship
