#include "services/risk-warning/domain/alert_lifecycle.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/validation/field_checks.h"
#include "services/risk-warning/domain/evaluation.h"

namespace ccrm::risk {
namespace {

constexpr size_t kMaxNoteLength = 2000;
constexpr size_t kMaxStaffIdLength = 64;

// Staff ids as the bank's directory issues them (relationship-service checks the same shape in
// its own domain, which this service does not link).
bool IsStaffId(const std::string& id) {
  if (id.empty() || id.size() > kMaxStaffIdLength) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

const char* StatusName(AlertStatus status) {
  switch (status) {
    case AlertStatus::kOpen:
      return "OPEN";
    case AlertStatus::kAcknowledged:
      return "ACKNOWLEDGED";
    case AlertStatus::kInProgress:
      return "IN_PROGRESS";
    case AlertStatus::kResolved:
      return "RESOLVED";
    case AlertStatus::kFalsePositive:
      return "FALSE_POSITIVE";
    case AlertStatus::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

bool IsClosing(AlertStatus status) {
  return status == AlertStatus::kResolved || status == AlertStatus::kFalsePositive;
}

// The statuses in the order an alert moves through them; a change must move forward.
int StepOf(AlertStatus status) {
  switch (status) {
    case AlertStatus::kOpen:
      return 0;
    case AlertStatus::kAcknowledged:
      return 1;
    case AlertStatus::kInProgress:
      return 2;
    case AlertStatus::kResolved:
    case AlertStatus::kFalsePositive:
      return 3;
    case AlertStatus::kUnspecified:
      break;
  }
  return -1;
}

const char* ActionFor(AlertStatus to) {
  switch (to) {
    case AlertStatus::kAcknowledged:
      return kActionAcknowledged;
    case AlertStatus::kInProgress:
      return kActionInProgress;
    case AlertStatus::kResolved:
      return kActionResolved;
    case AlertStatus::kFalsePositive:
      return kActionFalsePositive;
    case AlertStatus::kOpen:
    case AlertStatus::kUnspecified:
      break;
  }
  return "";
}

absl::Status AlertClosed(const Alert& alert) {
  return WithReason(absl::FailedPreconditionError(
                        absl::StrCat("alert ", alert.alert_id, " is ", StatusName(alert.status))),
                    "ALERT_CLOSED");
}

AlertLevel LevelAfterSteps(AlertLevel evaluated, int steps) {
  const int level =
      std::min(static_cast<int>(AlertLevel::kRed), static_cast<int>(evaluated) + steps);
  return static_cast<AlertLevel>(level);
}

}  // namespace

absl::StatusOr<AlertChange> ChangeStatus(const Alert& alert, AlertStatus to,
                                         const std::string& note, const std::string& actor,
                                         absl::Time now) {
  FieldViolations violations;
  if (StepOf(to) <= 0) {
    violations.Add("status", "must be ACKNOWLEDGED, IN_PROGRESS, RESOLVED or FALSE_POSITIVE");
  }
  CheckText(
      violations, "note", note,
      IsClosing(to) ? TextRule::Required(1, kMaxNoteLength) : TextRule::Optional(kMaxNoteLength));
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  if (!IsOpen(alert.status)) {
    return AlertClosed(alert);
  }
  if (StepOf(to) <= StepOf(alert.status)) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            "an alert cannot go from ", StatusName(alert.status), " to ", StatusName(to))),
        "INVALID_STATUS_CHANGE");
  }

  AlertChange change;
  change.action = ActionFor(to);
  change.alert = alert;
  change.actor = actor;
  change.note = note;
  change.change_time = now;
  Alert& after = change.alert;
  after.status = to;
  // Any response by a person counts as the acknowledgement the escalation clock waits for.
  after.acknowledge_deadline.reset();
  if (!after.acknowledge_time.has_value()) {
    after.acknowledge_time = now;
  }
  if (IsClosing(to)) {
    after.close_time = now;
    after.resolution_note = note;
  }
  after.update_time = now;
  return change;
}

absl::StatusOr<AlertChange> Reassign(const Alert& alert, const std::string& manager_id,
                                     const std::string& reason, const std::string& actor,
                                     absl::Time now) {
  FieldViolations violations;
  if (!IsStaffId(manager_id)) {
    violations.Add("assignee_manager_id",
                   "must be a staff id: 1..64 letters, digits, '.', '_' or '-'");
  }
  CheckText(violations, "reason", reason, TextRule::Required(1, kMaxNoteLength));
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  if (!IsOpen(alert.status)) {
    return AlertClosed(alert);
  }
  if (alert.assignee_manager_id == manager_id) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("alert ", alert.alert_id, " is already ", manager_id, "'s")),
                      "ALREADY_ASSIGNED");
  }
  AlertChange change;
  change.action = kActionAssigned;
  change.alert = alert;
  change.alert.assignee_manager_id = manager_id;
  change.alert.update_time = now;
  change.actor = actor;
  change.note = reason;
  change.change_time = now;
  return change;
}

std::optional<AlertChange> EscalateIfOverdue(const Alert& alert, absl::Time now,
                                             const AcknowledgePolicy& policy) {
  // A deadline is met up to and including its instant.
  if (alert.status != AlertStatus::kOpen || !alert.acknowledge_deadline.has_value() ||
      now <= *alert.acknowledge_deadline) {
    return std::nullopt;
  }
  AlertChange change;
  change.action = kActionEscalated;
  change.alert = alert;
  change.actor = kSystemActor;
  change.note = absl::StrCat(
      "not acknowledged by ",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *alert.acknowledge_deadline, absl::UTCTimeZone()));
  change.change_time = now;
  Alert& after = change.alert;
  // RED cannot go higher, but the step still counts: the alert stays overdue and the manager is
  // told again each time a deadline passes.
  after.escalation_steps = alert.escalation_steps + 1;
  after.level = LevelAfterSteps(alert.evaluated_level, after.escalation_steps);
  after.acknowledge_deadline = now + policy.For(after.level);
  after.update_time = now;
  // The title leads with the level (evaluation.cc); keep it true after the step.
  const std::string before_level = LevelName(alert.level);
  if (absl::StartsWith(after.title, before_level)) {
    after.title = absl::StrCat(LevelName(after.level), after.title.substr(before_level.size()));
  }
  return change;
}

}  // namespace ccrm::risk
