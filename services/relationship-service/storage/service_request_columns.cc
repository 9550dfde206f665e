#include "services/relationship-service/storage/service_request_columns.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/etag.h"
#include "common/mysql/enum_names.h"
#include "common/pagination/keyset.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::mysql::NameIn;
using ::ccrm::mysql::NameOf;
using ::ccrm::mysql::ParseIn;

constexpr NameOf<ServiceRequestType> kTypes[] = {{ServiceRequestType::kInquiry, "INQUIRY"},
                                                 {ServiceRequestType::kComplaint, "COMPLAINT"}};
constexpr NameOf<Priority> kPriorities[] = {{Priority::kLow, "LOW"},
                                            {Priority::kMedium, "MEDIUM"},
                                            {Priority::kHigh, "HIGH"},
                                            {Priority::kUrgent, "URGENT"}};
constexpr NameOf<ServiceRequestStatus> kStatuses[] = {
    {ServiceRequestStatus::kOpen, "OPEN"},
    {ServiceRequestStatus::kInProgress, "IN_PROGRESS"},
    {ServiceRequestStatus::kResolved, "RESOLVED"},
    {ServiceRequestStatus::kClosed, "CLOSED"}};

std::optional<absl::Time> Truncated(const std::optional<absl::Time>& t) {
  if (!t.has_value()) {
    return std::nullopt;
  }
  return TruncateToMicros(*t);
}

}  // namespace

std::string ServiceRequestName(const std::string& customer_id,
                               const std::string& service_request_id) {
  return absl::StrCat("customers/", customer_id, "/serviceRequests/", service_request_id);
}

std::string ServiceRequestTypeName(ServiceRequestType type) { return NameIn(kTypes, type); }
absl::StatusOr<ServiceRequestType> ParseServiceRequestType(absl::string_view name) {
  return ParseIn(kTypes, name, "service request type");
}

std::string PriorityName(Priority priority) { return NameIn(kPriorities, priority); }
absl::StatusOr<Priority> ParsePriority(absl::string_view name) {
  return ParseIn(kPriorities, name, "priority");
}

std::string ServiceRequestStatusName(ServiceRequestStatus status) {
  return NameIn(kStatuses, status);
}
absl::StatusOr<ServiceRequestStatus> ParseServiceRequestStatus(absl::string_view name) {
  return ParseIn(kStatuses, name, "service request status");
}

std::vector<std::string> ServiceRequestPageKey(const ServiceRequest& r) {
  return {TimeKey(r.create_time), r.service_request_id};
}

absl::Status ServiceRequestNotFound(const std::string& service_request_id) {
  return WithReason(
      absl::NotFoundError(absl::StrCat("service request ", service_request_id, " does not exist")),
      "SERVICE_REQUEST_NOT_FOUND");
}

absl::Status ServiceRequestAlreadyExists(const std::string& service_request_id) {
  return WithReason(absl::AlreadyExistsError(
                        absl::StrCat("service request ", service_request_id, " already exists")),
                    "SERVICE_REQUEST_ALREADY_EXISTS");
}

ServiceRequest TruncatedToMicros(ServiceRequest request) {
  request.response_due = TruncateToMicros(request.response_due);
  request.resolution_due = TruncateToMicros(request.resolution_due);
  request.first_response_time = Truncated(request.first_response_time);
  request.resolve_time = Truncated(request.resolve_time);
  request.create_time = TruncateToMicros(request.create_time);
  request.update_time = TruncateToMicros(request.update_time);
  return request;
}

ServiceRequestChange CreatedChange(const ServiceRequest& request, const WriteContext& write) {
  ServiceRequestChange change;
  change.action = kCreatedAction;
  change.from_status = ServiceRequestStatus::kUnspecified;
  change.to_status = request.status;
  change.escalation_level = request.escalation_level;
  change.actor = write.actor;
  change.change_time = request.create_time;
  return change;
}

absl::StatusOr<ServiceRequestChange> ApplyStatusChange(ServiceRequest& request,
                                                       int64_t expected_revision,
                                                       ServiceRequestStatus to,
                                                       const std::string& note,
                                                       const WriteContext& write) {
  RETURN_IF_ERROR(CheckRevision(ServiceRequestName(request.customer_id, request.service_request_id),
                                expected_revision, request.revision));
  RETURN_IF_ERROR(CheckStatusChange(request.status, to, note));
  const absl::Time now = TruncateToMicros(write.now);
  const ServiceRequestStatus from = request.status;
  if (from == ServiceRequestStatus::kOpen && !request.first_response_time.has_value()) {
    request.first_response_time = now;
  }
  if (to == ServiceRequestStatus::kResolved) {
    request.resolve_time = now;
    request.resolution = note;
  } else if (from == ServiceRequestStatus::kResolved && to == ServiceRequestStatus::kInProgress) {
    request.resolve_time.reset();
    request.resolution.clear();
  }
  request.status = to;
  request.update_time = now;
  request.revision += 1;

  ServiceRequestChange change;
  change.action = kStatusAction;
  change.from_status = from;
  change.to_status = to;
  change.escalation_level = request.escalation_level;
  change.note = note;
  change.actor = write.actor;
  change.change_time = now;
  return change;
}

std::optional<absl::Time> NextEscalationTime(const ServiceRequest& request) {
  const bool unfinished = request.status == ServiceRequestStatus::kOpen ||
                          request.status == ServiceRequestStatus::kInProgress;
  if (request.escalation_level == 0 && request.status == ServiceRequestStatus::kOpen &&
      !request.first_response_time.has_value()) {
    return std::min(request.response_due, request.resolution_due);
  }
  if (request.escalation_level <= 1 && unfinished) {
    return request.resolution_due;
  }
  return std::nullopt;
}

std::optional<EscalationStep> EscalateIfDue(ServiceRequest& request, const WriteContext& write) {
  // Judged at the microsecond, as the database compares instants.
  const absl::Time now = TruncateToMicros(write.now);
  std::optional<Escalation> due = EscalationDue(SlaClockOf(request), now);
  if (!due.has_value()) {
    return std::nullopt;
  }
  request.escalation_level = due->new_level;
  request.update_time = now;
  request.revision += 1;

  EscalationStep step;
  step.escalation = *due;
  step.change.action = kEscalatedAction;
  step.change.from_status = request.status;
  step.change.to_status = request.status;
  step.change.escalation_level = due->new_level;
  step.change.note = due->deadline;
  step.change.actor = write.actor;
  step.change.change_time = now;
  return step;
}

}  // namespace ccrm::relationship
