// Alerts: one open alert per customer and indicator, whose level rises and falls in place, and
// the changes made to it (the history, the watch stream and the events all carry AlertChange).
//
// Example:
//   if (IsOpen(alert.status) && alert.level >= AlertLevel::kOrange) { ... }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace ccrm::risk {

// Lowest first; kNone = the indicator is within every threshold.
enum class AlertLevel { kNone = 0, kBlue = 1, kYellow = 2, kOrange = 3, kRed = 4 };

enum class AlertStatus {
  kUnspecified = 0,
  kOpen = 1,
  kAcknowledged = 2,
  kInProgress = 3,
  kResolved = 4,
  kFalsePositive = 5,
};

// OPEN, ACKNOWLEDGED and IN_PROGRESS.
bool IsOpen(AlertStatus status);
// "BLUE", "YELLOW", "ORANGE", "RED", "NONE".
const char* LevelName(AlertLevel level);

// A figure that went into an evaluation ("days_past_due" → "35").
using AlertInput = std::pair<std::string, std::string>;

struct Alert {
  std::string alert_id;
  std::string customer_id;
  std::string indicator;
  AlertStatus status = AlertStatus::kOpen;
  // min(RED, evaluated_level + escalation_steps).
  AlertLevel level = AlertLevel::kNone;
  AlertLevel evaluated_level = AlertLevel::kNone;
  int escalation_steps = 0;
  double value = 0;
  double threshold = 0;
  std::string rule_id;
  int64_t rule_version = 0;
  std::vector<AlertInput> inputs;
  std::string title;
  std::string detail;
  std::string assignee_manager_id;
  absl::Time open_time;
  std::optional<absl::Time> acknowledge_deadline;
  std::optional<absl::Time> acknowledge_time;
  std::optional<absl::Time> close_time;
  std::string resolution_note;
  absl::Time update_time;
  int64_t revision = 0;
};

// Actions of AlertChange.
inline constexpr char kActionOpened[] = "opened";
inline constexpr char kActionRaised[] = "raised";
inline constexpr char kActionLowered[] = "lowered";
inline constexpr char kActionEscalated[] = "escalated";
inline constexpr char kActionCleared[] = "cleared";
inline constexpr char kActionAcknowledged[] = "acknowledged";
inline constexpr char kActionInProgress[] = "in_progress";
inline constexpr char kActionResolved[] = "resolved";
inline constexpr char kActionFalsePositive[] = "false_positive";
inline constexpr char kActionAssigned[] = "assigned";
// Also updated in place (value, inputs) without a level change; not a notification.
inline constexpr char kActionUpdated[] = "updated";

struct AlertChange {
  std::string action;
  // The alert after the change.
  Alert alert;
  std::string actor;
  std::string note;
  absl::Time change_time;
};

// How long an alert of each level may stay unacknowledged before it escalates one level
// (defaults: RED 4 hours, ORANGE 1 day, YELLOW 3 days, BLUE 7 days; configurable by flags).
struct AcknowledgePolicy {
  absl::Duration blue = absl::Hours(7 * 24);
  absl::Duration yellow = absl::Hours(3 * 24);
  absl::Duration orange = absl::Hours(24);
  absl::Duration red = absl::Hours(4);

  // The duration for `level` (kNone: blue's).
  absl::Duration For(AlertLevel level) const;
};

// True for changes that must reach the responsible manager as a task (opened, raised,
// escalated): they are published as ccrm.risk.v1.AlertRaised.
bool Notifies(const AlertChange& change);

}  // namespace ccrm::risk
