// Applies customer-profile's events to credit-rating (run by an events::EventConsumer inside its
// transaction): a new financial statement, or a customer moved to the watch list, makes the
// customer's approved rating due for review now (定期审查 is triggered by new information, not
// only by the calendar). Other events are ignored.
//
// Example:
//   events::EventConsumer consumer(options, stub.get(), pool, clock,
//       [&](const Event& e, mysql::Session& s) { return ApplyCustomerEvent(e, s); });
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ccrm/common/v1/events.pb.h"
#include "common/mysql/connection_pool.h"

namespace ccrm::rating {

// The event types ApplyCustomerEvent acts on (to subscribe to only these).
std::vector<std::string> CustomerEventTypes();

// INVALID_ARGUMENT when a payload does not parse (the consumer then stops at that event rather
// than skipping it silently); database errors as the storage reports them.
absl::Status ApplyCustomerEvent(const ccrm::common::v1::Event& event, mysql::Session& session);

}  // namespace ccrm::rating
