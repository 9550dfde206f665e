// Service requests (inquiries and complaints): the SLA table (data: response and resolution
// hours per type, priority and green channel), the deadlines of a new request, the allowed status
// changes, and when a request must be escalated (a deadline passed unmet).
//
// Example:
//   ASSIGN_OR_RETURN(SlaDeadlines due, DeadlinesFor(table, type, priority, green, created));
//   RETURN_IF_ERROR(CheckStatusChange(current.status, to, note));
//   std::optional<Escalation> e = EscalationDue(request, now);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ccrm::relationship {

enum class ServiceRequestType { kUnspecified = 0, kInquiry = 1, kComplaint = 2 };
enum class Priority { kUnspecified = 0, kLow = 1, kMedium = 2, kHigh = 3, kUrgent = 4 };
enum class ServiceRequestStatus {
  kUnspecified = 0,
  kOpen = 1,
  kInProgress = 2,
  kResolved = 3,
  kClosed = 4
};

// One row of the SLA table.
struct SlaRule {
  ServiceRequestType type = ServiceRequestType::kUnspecified;
  Priority priority = Priority::kUnspecified;
  bool green_channel = false;
  int response_hours = 0;
  int resolution_hours = 0;
};

struct SlaTable {
  std::vector<SlaRule> rules;
};

// The shipped SLA table (also seeded by the migration): complaints tighter than inquiries,
// urgent tighter than low, the green channel about half of the normal times. Every
// type × priority × green combination has a row.
SlaTable DefaultSlaTable();

struct SlaDeadlines {
  absl::Time response_due;
  absl::Time resolution_due;
};

// INVALID_ARGUMENT ("type" / "priority") for unspecified values; FAILED_PRECONDITION (reason
// SLA_RULE_MISSING) when the table has no row for the combination.
absl::StatusOr<SlaDeadlines> DeadlinesFor(const SlaTable& table, ServiceRequestType type,
                                          Priority priority, bool green_channel,
                                          absl::Time created);

// Allowed: OPEN → IN_PROGRESS | RESOLVED; IN_PROGRESS → RESOLVED; RESOLVED → CLOSED |
// IN_PROGRESS (re-opened: needs a note); CLOSED is final. RESOLVED needs a note (the
// resolution). INVALID_ARGUMENT ("status" unspecified, "note" missing); FAILED_PRECONDITION
// (reason INVALID_STATUS_CHANGE) otherwise, naming both statuses. Same status → INVALID_ARGUMENT.
absl::Status CheckStatusChange(ServiceRequestStatus from, ServiceRequestStatus to,
                               const std::string& note);

// What the sweep looks at.
struct SlaClock {
  ServiceRequestStatus status = ServiceRequestStatus::kOpen;
  absl::Time response_due;
  absl::Time resolution_due;
  std::optional<absl::Time> first_response_time;
  int escalation_level = 0;
};

struct Escalation {
  // "response" or "resolution".
  std::string deadline;
  int new_level = 0;
};

// An escalation is due when a deadline the request has not met has passed and the request has
// not yet been escalated for it: level 0 → 1 when the response deadline passed without a first
// response (status still OPEN); level ≤ 1 → 2 when the resolution deadline passed and the
// request is neither RESOLVED nor CLOSED. nullopt otherwise (at most one step per call).
std::optional<Escalation> EscalationDue(const SlaClock& clock, absl::Time now);

// Whether a deadline has passed unmet at `now` (for "breached only" lists).
bool IsBreached(const SlaClock& clock, absl::Time now);

}  // namespace ccrm::relationship
