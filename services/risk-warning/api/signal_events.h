// The events of other services that risk-warning reads as soft signals (domain/risk_file.h):
// credit-rating's RatingApproved and RatingDowngraded (a RATING_CHANGE signal whose value is the
// new grade's ordinal, AAA = 1 … D = 10, and previous_value the previous grade's, 0 = none) and
// relationship-service's ComplaintOpened, SlaBreached, SatisfactionDropped and EngagementMissed
// (COMPLAINT, SLA_BREACH, SATISFACTION_DROP, MISSED_ENGAGEMENT, value 1). Each signal keeps the
// producer's resource name as its source, and the event's producer, id and time.
//
// Example:
//   ASSIGN_OR_RETURN(std::optional<Signal> signal, SignalFromEvent(event));
//   if (signal.has_value()) RETURN_IF_ERROR(monitoring.ApplySignalIn(ledger, *signal, write));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ccrm/common/v1/events.pb.h"
#include "services/risk-warning/domain/risk_file.h"

namespace ccrm::risk {

// The event types to ask each producer's feed for.
std::vector<std::string> RatingEventTypes();
std::vector<std::string> RelationshipEventTypes();

// The signal an event carries; nullopt for an event type risk-warning does not use.
// INVALID_ARGUMENT when the payload does not parse as the event type's message, names no
// customer, or (rating events) carries a grade outside AAA..D — the consumer then stops at that
// event instead of skipping it silently.
absl::StatusOr<std::optional<Signal>> SignalFromEvent(const ccrm::common::v1::Event& event);

}  // namespace ccrm::risk
