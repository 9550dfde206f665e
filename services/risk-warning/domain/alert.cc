#include "services/risk-warning/domain/alert.h"

namespace ccrm::risk {

bool IsOpen(AlertStatus status) {
  return status == AlertStatus::kOpen || status == AlertStatus::kAcknowledged ||
         status == AlertStatus::kInProgress;
}

const char* LevelName(AlertLevel level) {
  switch (level) {
    case AlertLevel::kBlue:
      return "BLUE";
    case AlertLevel::kYellow:
      return "YELLOW";
    case AlertLevel::kOrange:
      return "ORANGE";
    case AlertLevel::kRed:
      return "RED";
    case AlertLevel::kNone:
      break;
  }
  return "NONE";
}

absl::Duration AcknowledgePolicy::For(AlertLevel level) const {
  switch (level) {
    case AlertLevel::kRed:
      return red;
    case AlertLevel::kOrange:
      return orange;
    case AlertLevel::kYellow:
      return yellow;
    case AlertLevel::kBlue:
    case AlertLevel::kNone:
      break;
  }
  return blue;
}

bool Notifies(const AlertChange& change) {
  return change.action == kActionOpened || change.action == kActionRaised ||
         change.action == kActionEscalated;
}

}  // namespace ccrm::risk
