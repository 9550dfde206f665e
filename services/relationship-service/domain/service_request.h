// A service request (an inquiry or a complaint) with its SLA clock, and the record of each of its
// changes. The rules (SLA table, status changes, escalation) are in service_request_rules.h.
//
// Example:
//   ServiceRequest r = ...;  // from ServiceRequestRepository::Get
//   std::optional<Escalation> e = EscalationDue(SlaClockOf(r), now);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "services/relationship-service/domain/service_request_rules.h"

namespace ccrm::relationship {

struct ServiceRequest {
  std::string service_request_id;
  std::string customer_id;
  ServiceRequestType type = ServiceRequestType::kUnspecified;
  Priority priority = Priority::kUnspecified;
  std::string subject;
  std::string description;
  ServiceRequestStatus status = ServiceRequestStatus::kOpen;
  absl::Time response_due;
  absl::Time resolution_due;
  // Set when it first leaves OPEN.
  std::optional<absl::Time> first_response_time;
  // Set when it is RESOLVED (cleared when re-opened).
  std::optional<absl::Time> resolve_time;
  // "" when the customer has no manager.
  std::string assignee_manager_id;
  bool green_channel = false;
  int escalation_level = 0;
  std::string resolution;
  std::string created_by;
  absl::Time create_time;
  absl::Time update_time;
  int64_t revision = 1;
};

// One recorded change: action "created", "status" or "escalated".
struct ServiceRequestChange {
  int64_t change_id = 0;
  std::string action;
  ServiceRequestStatus from_status = ServiceRequestStatus::kUnspecified;
  ServiceRequestStatus to_status = ServiceRequestStatus::kUnspecified;
  int escalation_level = 0;
  // The status note, or for an escalation which deadline passed ("response" / "resolution").
  std::string note;
  std::string actor;
  absl::Time change_time;
};

// The fields the SLA rules look at.
SlaClock SlaClockOf(const ServiceRequest& request);

}  // namespace ccrm::relationship
