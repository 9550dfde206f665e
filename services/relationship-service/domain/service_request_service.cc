#include "services/relationship-service/domain/service_request_service.h"

#include <cstdint>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/ids/etag.h"
#include "common/ids/uuid.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/validation/field_checks.h"
#include "services/relationship-service/domain/classification.h"

namespace ccrm::relationship {
namespace {

constexpr size_t kMaxSubjectChars = 200;
constexpr size_t kMaxTextChars = 4000;
// How long a read of the SLA table is used before it is read again (so a changed table takes
// effect within this time on every replica).
constexpr absl::Duration kSlaTableLifetime = absl::Minutes(1);

std::string Path(const std::string& field, const std::string& child) {
  return field.empty() ? child : absl::StrCat(field, ".", child);
}

}  // namespace

absl::Status ValidateServiceRequest(const ServiceRequest& draft, const std::string& field) {
  FieldViolations v;
  if (draft.type != ServiceRequestType::kInquiry && draft.type != ServiceRequestType::kComplaint) {
    v.Add(Path(field, "type"), "must be INQUIRY or COMPLAINT");
  }
  if (draft.priority != Priority::kLow && draft.priority != Priority::kMedium &&
      draft.priority != Priority::kHigh && draft.priority != Priority::kUrgent) {
    v.Add(Path(field, "priority"), "must be LOW, MEDIUM, HIGH or URGENT");
  }
  CheckText(v, Path(field, "subject"), draft.subject, TextRule::Required(1, kMaxSubjectChars));
  CheckText(v, Path(field, "description"), draft.description, TextRule::Optional(kMaxTextChars));
  return v.ToStatus();
}

absl::StatusOr<SlaTable> ServiceRequestService::Table() {
  const absl::Time now = clock_->Now();
  {
    absl::MutexLock lock(&mu_);
    if (table_.has_value() && now - table_read_ < kSlaTableLifetime) {
      return *table_;
    }
  }
  // Read without holding the lock: a slow database must not stall every create behind it.
  ASSIGN_OR_RETURN(SlaTable table, requests_->LoadSlaTable());
  absl::MutexLock lock(&mu_);
  table_ = table;
  table_read_ = now;
  return table;
}

absl::StatusOr<ServiceRequest> ServiceRequestService::Create(const Caller& caller,
                                                             const std::string& customer_id,
                                                             ServiceRequest draft,
                                                             const IdempotencyKey& key) {
  RETURN_IF_ERROR(ValidateServiceRequest(draft, "service_request"));
  ASSIGN_OR_RETURN(CustomerSummary customer,
                   directory_->GetCustomer(caller.Identity(), customer_id));
  if (customer.archived) {
    return WithReason(absl::FailedPreconditionError("the customer is archived"),
                      "CUSTOMER_ARCHIVED");
  }
  ASSIGN_OR_RETURN(SlaTable table, Table());
  const absl::Time now = clock_->Now();
  const bool green = IsGreenChannel(customer.segment, customer.tier);
  ASSIGN_OR_RETURN(SlaDeadlines due, DeadlinesFor(table, draft.type, draft.priority, green, now));
  // One current assignment per customer: a dedicated manager when the customer has one.
  ASSIGN_OR_RETURN(std::optional<Assignment> current,
                   managers_->CurrentAssignment(customer.customer_id));

  draft.service_request_id = NewUuidV7(now);
  draft.customer_id = customer.customer_id;
  draft.status = ServiceRequestStatus::kOpen;
  draft.response_due = due.response_due;
  draft.resolution_due = due.resolution_due;
  draft.first_response_time.reset();
  draft.resolve_time.reset();
  draft.assignee_manager_id = current.has_value() ? current->manager_id : "";
  draft.green_channel = green;
  draft.escalation_level = 0;
  draft.resolution.clear();
  draft.created_by = caller.principal.subject;
  draft.create_time = now;
  draft.update_time = now;
  draft.revision = 1;
  return requests_->Create(draft, key, *encoder_, caller.Write(now));
}

absl::StatusOr<ServiceRequest> ServiceRequestService::Get(const std::string& customer_id,
                                                          const std::string& service_request_id) {
  return requests_->Get(customer_id, service_request_id);
}

absl::StatusOr<ServiceRequestList> ServiceRequestService::List(ServiceRequestFilter filter,
                                                               const std::string& page_token,
                                                               int page_size) {
  const std::string canonical = absl::StrCat(
      "service_requests|customer=", filter.customer_id, "|assignee=", filter.assignee_manager_id,
      "|status=", static_cast<int>(filter.status), "|type=", static_cast<int>(filter.type),
      "|breached=", filter.breached_only);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  filter.now = clock_->Now();
  ASSIGN_OR_RETURN(Page<ServiceRequest> result, requests_->List(filter, page));
  return ServiceRequestList{std::move(result.items),
                            NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<ServiceRequest> ServiceRequestService::UpdateStatus(
    const Caller& caller, const std::string& customer_id, const std::string& service_request_id,
    ServiceRequestStatus to, const std::string& note, const std::string& etag) {
  FieldViolations v;
  absl::StatusOr<std::optional<int64_t>> expected = ParseEtag(etag);
  v.Merge(expected.status());
  if (to == ServiceRequestStatus::kUnspecified) {
    v.Add("status", "must be specified");
  }
  CheckText(v, "note", note, TextRule::Optional(kMaxTextChars));
  RETURN_IF_ERROR(v.ToStatus());
  return requests_->UpdateStatus(customer_id, service_request_id, expected->value_or(0), to, note,
                                 caller.Write(clock_->Now()));
}

absl::StatusOr<std::vector<ServiceRequestChange>> ServiceRequestService::Changes(
    const std::string& customer_id, const std::string& service_request_id) {
  return requests_->Changes(customer_id, service_request_id);
}

absl::StatusOr<int> ServiceRequestService::EscalateDue(int limit) {
  if (limit <= 0) {
    return 0;
  }
  const absl::Time now = clock_->Now();
  return requests_->EscalateDue(limit, *encoder_,
                                WriteContext{kSlaSweepActor, {}, "", now, "SLA deadline passed"});
}

}  // namespace ccrm::relationship
