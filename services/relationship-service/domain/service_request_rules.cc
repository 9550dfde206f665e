#include "services/relationship-service/domain/service_request_rules.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::relationship {
namespace {

// Normal-channel hours; the green channel gets half of each, rounded up.
struct NormalSla {
  ServiceRequestType type;
  Priority priority;
  int response_hours;
  int resolution_hours;
};

constexpr NormalSla kNormalSlas[] = {
    {ServiceRequestType::kComplaint, Priority::kUrgent, 2, 24},
    {ServiceRequestType::kComplaint, Priority::kHigh, 4, 48},
    {ServiceRequestType::kComplaint, Priority::kMedium, 8, 72},
    {ServiceRequestType::kComplaint, Priority::kLow, 24, 120},
    {ServiceRequestType::kInquiry, Priority::kUrgent, 4, 24},
    {ServiceRequestType::kInquiry, Priority::kHigh, 8, 48},
    {ServiceRequestType::kInquiry, Priority::kMedium, 24, 96},
    {ServiceRequestType::kInquiry, Priority::kLow, 48, 168},
};

int HalfRoundedUp(int hours) { return (hours + 1) / 2; }

bool IsKnownType(ServiceRequestType type) {
  return type == ServiceRequestType::kInquiry || type == ServiceRequestType::kComplaint;
}

bool IsKnownPriority(Priority priority) {
  return priority == Priority::kLow || priority == Priority::kMedium ||
         priority == Priority::kHigh || priority == Priority::kUrgent;
}

std::string TypeName(ServiceRequestType type) {
  return type == ServiceRequestType::kComplaint ? "COMPLAINT" : "INQUIRY";
}

std::string PriorityName(Priority priority) {
  switch (priority) {
    case Priority::kLow:
      return "LOW";
    case Priority::kMedium:
      return "MEDIUM";
    case Priority::kHigh:
      return "HIGH";
    case Priority::kUrgent:
      return "URGENT";
    case Priority::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

std::string StatusName(ServiceRequestStatus status) {
  switch (status) {
    case ServiceRequestStatus::kOpen:
      return "OPEN";
    case ServiceRequestStatus::kInProgress:
      return "IN_PROGRESS";
    case ServiceRequestStatus::kResolved:
      return "RESOLVED";
    case ServiceRequestStatus::kClosed:
      return "CLOSED";
    case ServiceRequestStatus::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

bool IsAllowedChange(ServiceRequestStatus from, ServiceRequestStatus to) {
  using S = ServiceRequestStatus;
  switch (from) {
    case S::kOpen:
      return to == S::kInProgress || to == S::kResolved;
    case S::kInProgress:
      return to == S::kResolved;
    case S::kResolved:
      return to == S::kClosed || to == S::kInProgress;
    case S::kClosed:
    case S::kUnspecified:
      break;
  }
  return false;
}

bool IsFinished(ServiceRequestStatus status) {
  return status == ServiceRequestStatus::kResolved || status == ServiceRequestStatus::kClosed;
}

// The response deadline passed with no response yet (a deadline is met up to and including
// its instant).
bool ResponseOverdue(const SlaClock& clock, absl::Time now) {
  return clock.status == ServiceRequestStatus::kOpen && !clock.first_response_time.has_value() &&
         now > clock.response_due;
}

bool ResolutionOverdue(const SlaClock& clock, absl::Time now) {
  return !IsFinished(clock.status) && now > clock.resolution_due;
}

}  // namespace

SlaTable DefaultSlaTable() {
  SlaTable table;
  for (const NormalSla& normal : kNormalSlas) {
    table.rules.push_back(
        {normal.type, normal.priority, false, normal.response_hours, normal.resolution_hours});
    table.rules.push_back({normal.type, normal.priority, true, HalfRoundedUp(normal.response_hours),
                           HalfRoundedUp(normal.resolution_hours)});
  }
  return table;
}

absl::StatusOr<SlaDeadlines> DeadlinesFor(const SlaTable& table, ServiceRequestType type,
                                          Priority priority, bool green_channel,
                                          absl::Time created) {
  FieldViolations violations;
  if (!IsKnownType(type)) {
    violations.Add("type", "must be INQUIRY or COMPLAINT");
  }
  if (!IsKnownPriority(priority)) {
    violations.Add("priority", "must be LOW, MEDIUM, HIGH or URGENT");
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  for (const SlaRule& rule : table.rules) {
    if (rule.type == type && rule.priority == priority && rule.green_channel == green_channel) {
      return SlaDeadlines{created + absl::Hours(rule.response_hours),
                          created + absl::Hours(rule.resolution_hours)};
    }
  }
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "the SLA table has no rule for ", TypeName(type), " ", PriorityName(priority),
          green_channel ? ", green channel" : ", normal channel")),
      "SLA_RULE_MISSING");
}

absl::Status CheckStatusChange(ServiceRequestStatus from, ServiceRequestStatus to,
                               const std::string& note) {
  if (to == ServiceRequestStatus::kUnspecified) {
    return InvalidField("status", "must be specified");
  }
  if (from == to) {
    return InvalidField("status", absl::StrCat("is already ", StatusName(to)));
  }
  if (!IsAllowedChange(from, to)) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat("a service request cannot go from ",
                                                   StatusName(from), " to ", StatusName(to))),
        "INVALID_STATUS_CHANGE");
  }
  const bool needs_note =
      to == ServiceRequestStatus::kResolved ||
      (from == ServiceRequestStatus::kResolved && to == ServiceRequestStatus::kInProgress);
  if (needs_note && absl::StripAsciiWhitespace(note).empty()) {
    return InvalidField("note", to == ServiceRequestStatus::kResolved
                                    ? "must describe the resolution"
                                    : "must say why the request is re-opened");
  }
  return absl::OkStatus();
}

std::optional<Escalation> EscalationDue(const SlaClock& clock, absl::Time now) {
  if (clock.escalation_level == 0 && ResponseOverdue(clock, now)) {
    return Escalation{"response", 1};
  }
  if (clock.escalation_level <= 1 && ResolutionOverdue(clock, now)) {
    return Escalation{"resolution", 2};
  }
  return std::nullopt;
}

bool IsBreached(const SlaClock& clock, absl::Time now) {
  const bool answered_late =
      clock.first_response_time.has_value() && *clock.first_response_time > clock.response_due;
  return answered_late || ResponseOverdue(clock, now) || ResolutionOverdue(clock, now);
}

}  // namespace ccrm::relationship
