// ServiceRequestRepository on MySQL: service_requests, their change record
// (service_request_changes) and the SLA table (sla_rules); schema in
// ../migrations/003_service_requests.sql. Lists read newest first through (customer_id |
// assignee_manager_id, create_time, id); the SLA sweep takes its candidates through the indexed
// generated column escalation_due, most overdue first, with SELECT ... FOR UPDATE SKIP LOCKED
// (MariaDB 10.6+, MySQL 8), so several replicas sweep at once without waiting on each other and
// none escalates a request another holds.
//
// Statements per call: Create [INSERT idempotency key] INSERT request, INSERT change,
// [INSERT outbox], COMMIT; UpdateStatus SELECT FOR UPDATE, UPDATE, INSERT change, COMMIT;
// EscalateDue per batch of up to 100: SELECT FOR UPDATE SKIP LOCKED, per escalation UPDATE and
// INSERT change, then the outbox INSERTs, COMMIT; Get, List, LoadSlaTable one SELECT; Changes two.
//
// Example:
//   MySqlServiceRequestRepository requests(pool.get());
//   ASSIGN_OR_RETURN(int escalated, requests.EscalateDue(500, encoder, write));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

class MySqlServiceRequestRepository final : public ServiceRequestRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlServiceRequestRepository(mysql::ConnectionPool* pool);

  // INTERNAL for a row with an unknown type or priority.
  absl::StatusOr<SlaTable> LoadSlaTable() override;
  // As ServiceRequestRepository::Create. ALREADY_EXISTS (reason SERVICE_REQUEST_ALREADY_EXISTS)
  // for a taken id; INVALID_ARGUMENT REQUEST_ID_REUSED.
  absl::StatusOr<ServiceRequest> Create(const ServiceRequest& request, const IdempotencyKey& key,
                                        const RelationshipEventEncoder& encoder,
                                        const WriteContext& write) override;
  // NOT_FOUND (reason SERVICE_REQUEST_NOT_FOUND); INTERNAL for an unreadable row.
  absl::StatusOr<ServiceRequest> Get(const std::string& customer_id,
                                     const std::string& service_request_id) override;
  // INVALID_ARGUMENT ("page_token") for a key of another list; INTERNAL for an unreadable row.
  absl::StatusOr<Page<ServiceRequest>> List(const ServiceRequestFilter& filter,
                                            const PageQuery& page) override;
  // As ServiceRequestRepository::UpdateStatus; a refused change writes nothing.
  absl::StatusOr<ServiceRequest> UpdateStatus(const std::string& customer_id,
                                              const std::string& service_request_id,
                                              int64_t expected_revision, ServiceRequestStatus to,
                                              const std::string& note,
                                              const WriteContext& write) override;
  absl::StatusOr<std::vector<ServiceRequestChange>> Changes(
      const std::string& customer_id, const std::string& service_request_id) override;
  // As ServiceRequestRepository::EscalateDue, in batches of up to 100 requests per transaction
  // until `limit` escalations or no candidate is left. A request escalated earlier in the same
  // call is not escalated again (one step per request per sweep). The escalations committed
  // before an error stay; the error is returned.
  absl::StatusOr<int> EscalateDue(int limit, const RelationshipEventEncoder& encoder,
                                  const WriteContext& write) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::relationship
