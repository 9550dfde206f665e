// Applies customer-profile's events to relationship-service (run by an events::EventConsumer
// inside its transaction): a new customer gets the engagement plan of its segment's template,
// starting the day it was created, for the manager customer-profile names — once, however often
// the event is delivered. Other events are ignored (a segment change is re-planned by
// GenerateEngagementPlan, deliberately: a manager decides when the cadence changes).
//
// Example:
//   events::EventConsumer consumer(options, stub.get(), pool, clock,
//       [&](const Event& e, mysql::Session& s) { return ApplyCustomerEvent(templates, e, s); });
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ccrm/common/v1/events.pb.h"
#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/engagement_rules.h"

namespace ccrm::relationship {

// The event types ApplyCustomerEvent acts on (to subscribe to only these).
std::vector<std::string> CustomerEventTypes();

// INVALID_ARGUMENT when a payload does not parse (the consumer then stops at that event rather
// than skipping it silently). A customer whose segment has no template gets no plan (OK).
// Database errors as the storage reports them.
absl::Status ApplyCustomerEvent(const std::vector<EngagementTemplate>& templates,
                                const ccrm::common::v1::Event& event, mysql::Session& session);

}  // namespace ccrm::relationship
