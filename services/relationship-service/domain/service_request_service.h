// Use cases on service requests: open an inquiry or complaint (SLA deadlines from the table by
// type, priority and green channel; routed to the customer's dedicated manager first, else its
// manager), read and list them, change their status, read their change record, and the sweep
// that escalates requests whose deadline passed unmet (publishing SlaBreached).
//
// Example:
//   ServiceRequestService requests(&repository, &managers, &directory, &encoder, &clock);
//   ASSIGN_OR_RETURN(ServiceRequest r, requests.Create(caller, customer_id, draft, key));
//   ASSIGN_OR_RETURN(int escalated, requests.EscalateDue(500));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/caller.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

struct ServiceRequestList {
  std::vector<ServiceRequest> service_requests;
  std::string next_page_token;
};

// The actor background work writes as ("system:sla-sweep").
inline constexpr char kSlaSweepActor[] = "system:sla-sweep";

// INVALID_ARGUMENT under `field`: known type and priority, subject 1-200 characters (UTF-8),
// description ≤ 4000; every problem at once.
absl::Status ValidateServiceRequest(const ServiceRequest& draft, const std::string& field);

class ServiceRequestService final {
 public:
  ServiceRequestService(ServiceRequestRepository* requests, ManagerRepository* managers,
                        CustomerDirectory* directory, const RelationshipEventEncoder* encoder,
                        const Clock* clock)
      : requests_(requests),
        managers_(managers),
        directory_(directory),
        encoder_(encoder),
        clock_(clock) {}

  // INVALID_ARGUMENT under "service_request"; NOT_FOUND for an unknown customer;
  // FAILED_PRECONDITION CUSTOMER_ARCHIVED, SLA_RULE_MISSING; UNAVAILABLE / DEADLINE_EXCEEDED
  // when customer-profile cannot answer. Status OPEN, deadlines from the SLA table (read from
  // the repository, kept for a minute), green channel IsGreenChannel(segment, tier), assignee
  // the current (dedicated or not) manager. Idempotent by key.
  absl::StatusOr<ServiceRequest> Create(const Caller& caller, const std::string& customer_id,
                                        ServiceRequest draft, const IdempotencyKey& key);
  absl::StatusOr<ServiceRequest> Get(const std::string& customer_id,
                                     const std::string& service_request_id);
  // breached_only judged at the clock's now. INVALID_ARGUMENT for a bad page token.
  absl::StatusOr<ServiceRequestList> List(ServiceRequestFilter filter,
                                          const std::string& page_token, int page_size);
  // INVALID_ARGUMENT for a malformed etag ("etag"), a note over 4000 characters, and as
  // CheckStatusChange; NOT_FOUND; ABORTED ETAG_MISMATCH; FAILED_PRECONDITION
  // INVALID_STATUS_CHANGE.
  absl::StatusOr<ServiceRequest> UpdateStatus(const Caller& caller, const std::string& customer_id,
                                              const std::string& service_request_id,
                                              ServiceRequestStatus to, const std::string& note,
                                              const std::string& etag);
  absl::StatusOr<std::vector<ServiceRequestChange>> Changes(const std::string& customer_id,
                                                            const std::string& service_request_id);
  // One sweep at the clock's now as kSlaSweepActor: up to `limit` escalations.
  absl::StatusOr<int> EscalateDue(int limit);

 private:
  absl::StatusOr<SlaTable> Table();

  ServiceRequestRepository* requests_;
  ManagerRepository* managers_;
  CustomerDirectory* directory_;
  const RelationshipEventEncoder* encoder_;
  const Clock* clock_;
  absl::Mutex mu_;
  std::optional<SlaTable> table_ ABSL_GUARDED_BY(mu_);
  absl::Time table_read_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ccrm::relationship
