// ServiceRequestRepository in memory, for unit tests of the domain services (and runs without a
// database): requests, their change records, the SLA table (seeded with DefaultSlaTable()) and the
// request ids of idempotent creates behind one mutex of its own, keeping the contract of
// domain/repositories.h as MySqlServiceRequestRepository does (same codes, reasons, orders, page
// keys; instants to the microsecond; the sweep's "most overdue first" order). It keeps the events
// a MySQL repository would append to its outbox, so tests can see what was published.
//
// Example:
//   InMemoryServiceRequests requests;
//   ServiceRequestService service(&requests, &managers, &directory, &encoder, &clock);
//   EXPECT_EQ(requests.events().size(), 1);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/events/outbox_event.h"
#include "common/ids/request_claims.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

class InMemoryServiceRequests final : public ServiceRequestRepository {
 public:
  InMemoryServiceRequests();

  // Replaces the SLA table (as an operator editing sla_rules would).
  void SetSlaTable(SlaTable table);
  // Every event appended so far, oldest first, with event id, request id and occur time filled
  // in as common/events/outbox.h AppendEvent fills them.
  std::vector<events::OutboxEvent> events() const;

  absl::StatusOr<SlaTable> LoadSlaTable() override;
  // ALREADY_EXISTS (reason SERVICE_REQUEST_ALREADY_EXISTS) for a taken id; REQUEST_ID_REUSED.
  absl::StatusOr<ServiceRequest> Create(const ServiceRequest& request, const IdempotencyKey& key,
                                        const RelationshipEventEncoder& encoder,
                                        const WriteContext& write) override;
  absl::StatusOr<ServiceRequest> Get(const std::string& customer_id,
                                     const std::string& service_request_id) override;
  // INVALID_ARGUMENT ("page_token") for a key of another list.
  absl::StatusOr<Page<ServiceRequest>> List(const ServiceRequestFilter& filter,
                                            const PageQuery& page) override;
  absl::StatusOr<ServiceRequest> UpdateStatus(const std::string& customer_id,
                                              const std::string& service_request_id,
                                              int64_t expected_revision, ServiceRequestStatus to,
                                              const std::string& note,
                                              const WriteContext& write) override;
  absl::StatusOr<std::vector<ServiceRequestChange>> Changes(
      const std::string& customer_id, const std::string& service_request_id) override;
  // The due requests in the order the MySQL sweep takes them: by the instant their next
  // escalation fell due, then by id.
  absl::StatusOr<int> EscalateDue(int limit, const RelationshipEventEncoder& encoder,
                                  const WriteContext& write) override;

 private:
  struct Stored {
    ServiceRequest request;
    std::vector<ServiceRequestChange> changes;
  };

  // NOT_FOUND unless the customer has the request.
  absl::StatusOr<Stored*> FindLocked(const std::string& customer_id,
                                     const std::string& service_request_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RecordLocked(Stored& stored, ServiceRequestChange change) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AppendLocked(events::OutboxEvent event, const WriteContext& write)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  SlaTable sla_table_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Stored> requests_ ABSL_GUARDED_BY(mu_);
  int64_t last_change_id_ ABSL_GUARDED_BY(mu_) = 0;
  RequestClaims claims_ ABSL_GUARDED_BY(mu_);
  std::vector<events::OutboxEvent> events_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ccrm::relationship
