// What the MySQL and in-memory service-request repositories share, so that both spell, page,
// change and fail alike: stored names of types, priorities and statuses, the idempotency scope and
// resource name, the page key, the contract's errors, and the changes a write makes to a request
// (status change, escalation) with the change record it leaves.
//
// Example:
//   stmt.setString(3, ServiceRequestTypeName(request.type));
//   ASSIGN_OR_RETURN(ServiceRequestChange change,
//                    ApplyStatusChange(request, expected_revision, to, note, write));
//   std::optional<EscalationStep> step = EscalateIfDue(request, write);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "services/relationship-service/domain/service_request.h"
#include "services/relationship-service/domain/service_request_rules.h"

namespace ccrm::relationship {

// Idempotency scope of ServiceRequestRepository::Create.
inline constexpr char kServiceRequestCreateScope[] = "service_requests.create";

// The change actions of ServiceRequestChange.
inline constexpr char kCreatedAction[] = "created";
inline constexpr char kStatusAction[] = "status";
inline constexpr char kEscalatedAction[] = "escalated";

// "customers/{customer_id}/serviceRequests/{service_request_id}".
std::string ServiceRequestName(const std::string& customer_id,
                               const std::string& service_request_id);

// Stored names: "INQUIRY", "COMPLAINT"; "LOW", "MEDIUM", "HIGH", "URGENT"; "OPEN",
// "IN_PROGRESS", "RESOLVED", "CLOSED". "" is the unspecified value. Each Parse accepts exactly
// what its Name gives and returns INVALID_ARGUMENT for anything else.
std::string ServiceRequestTypeName(ServiceRequestType type);
absl::StatusOr<ServiceRequestType> ParseServiceRequestType(absl::string_view name);
std::string PriorityName(Priority priority);
absl::StatusOr<Priority> ParsePriority(absl::string_view name);
std::string ServiceRequestStatusName(ServiceRequestStatus status);
absl::StatusOr<ServiceRequestStatus> ParseServiceRequestStatus(absl::string_view name);

// Page key of service-request lists (newest first): {create_time, service_request_id}.
std::vector<std::string> ServiceRequestPageKey(const ServiceRequest& r);

// NOT_FOUND (reason SERVICE_REQUEST_NOT_FOUND).
absl::Status ServiceRequestNotFound(const std::string& service_request_id);
// ALREADY_EXISTS (reason SERVICE_REQUEST_ALREADY_EXISTS): the id is taken.
absl::Status ServiceRequestAlreadyExists(const std::string& service_request_id);

// `request` with every instant rounded down to the microsecond, as DATETIME(6) keeps it.
ServiceRequest TruncatedToMicros(ServiceRequest request);

// The "created" change of a new request: to OPEN, by write.actor at its create_time.
ServiceRequestChange CreatedChange(const ServiceRequest& request, const WriteContext& write);

// Changes `request` (as read under its row lock) to `to` at write.now: ABORTED (reason
// ETAG_MISMATCH) when expected_revision is not 0 and not its revision, then CheckStatusChange's
// errors; `request` is unchanged on error. Otherwise sets first_response_time (leaving OPEN the
// first time), resolve_time and resolution (to RESOLVED; both cleared when re-opened),
// update_time, revision + 1, and returns the "status" change to record (note, write.actor).
absl::StatusOr<ServiceRequestChange> ApplyStatusChange(ServiceRequest& request,
                                                       int64_t expected_revision,
                                                       ServiceRequestStatus to,
                                                       const std::string& note,
                                                       const WriteContext& write);

// The instant after which EscalationDue fires next for `request` (the stored escalation_due
// column mirrors it, and the sweep takes the most overdue first): the first of its deadlines for
// an unanswered OPEN request at level 0, its resolution deadline for an unresolved one at level
// 0-1; nullopt when no escalation can come.
std::optional<absl::Time> NextEscalationTime(const ServiceRequest& request);

// One escalation step and the change it records.
struct EscalationStep {
  Escalation escalation;
  ServiceRequestChange change;
};

// When EscalationDue(SlaClockOf(request), write.now to the microsecond) is set: raises
// escalation_level by that one step, sets update_time, revision + 1, and returns the step with its
// "escalated" change (note the deadline, actor write.actor). nullopt (and `request` unchanged)
// otherwise.
std::optional<EscalationStep> EscalateIfDue(ServiceRequest& request, const WriteContext& write);

}  // namespace ccrm::relationship
