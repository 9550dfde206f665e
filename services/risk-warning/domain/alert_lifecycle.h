// What people and the escalation sweep may do to an alert: OPEN → ACKNOWLEDGED → IN_PROGRESS →
// RESOLVED or FALSE_POSITIVE (OPEN may go straight to IN_PROGRESS, RESOLVED or FALSE_POSITIVE);
// reassignment; and escalation one level per missed acknowledgement deadline.
//
// Example:
//   ASSIGN_OR_RETURN(AlertChange change,
//                    ChangeStatus(alert, AlertStatus::kAcknowledged, "", actor, now));
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/risk-warning/domain/alert.h"

namespace ccrm::risk {

// The alert after the status change, as an AlertChange. INVALID_ARGUMENT (field status) for
// OPEN/UNSPECIFIED as a target; INVALID_ARGUMENT (field note) when RESOLVED or FALSE_POSITIVE
// come without a note (1..2000 characters); FAILED_PRECONDITION reason ALERT_CLOSED for a
// closed alert, INVALID_STATUS_CHANGE for a step back or to the same status. Acknowledging (or
// any later status) ends the acknowledgement deadline.
absl::StatusOr<AlertChange> ChangeStatus(const Alert& alert, AlertStatus to,
                                         const std::string& note, const std::string& actor,
                                         absl::Time now);

// Reassignment. INVALID_ARGUMENT (field assignee_manager_id) for a malformed staff id, (field
// reason) for a missing reason; FAILED_PRECONDITION ALERT_CLOSED; FAILED_PRECONDITION
// ALREADY_ASSIGNED when it already is that manager's.
absl::StatusOr<AlertChange> Reassign(const Alert& alert, const std::string& manager_id,
                                     const std::string& reason, const std::string& actor,
                                     absl::Time now);

// An OPEN alert whose acknowledgement deadline has passed escalates: one more escalation step,
// level min(RED, evaluated + steps), a new deadline for the new level. nullopt otherwise.
std::optional<AlertChange> EscalateIfOverdue(const Alert& alert, absl::Time now,
                                             const AcknowledgePolicy& policy);

}  // namespace ccrm::risk
