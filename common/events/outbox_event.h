// One event as a producer records it in its outbox: a plain value, so domain code can describe
// events without seeing the database. See outbox.h for how it is stored.
//
// Example:
//   OutboxEvent e{NewUuidV7(now), "ccrm.customer.v1.CustomerCreated", "customers/42", "req-1",
//                 payload.SerializeAsString(), now};
#pragma once

#include <string>

#include "absl/time/time.h"

namespace ccrm::events {

struct OutboxEvent {
  std::string event_id;
  // Full protobuf message name of the payload, e.g. "ccrm.customer.v1.CustomerCreated".
  std::string event_type;
  // Resource the event is about, e.g. "customers/0193…".
  std::string subject;
  std::string request_id;
  // Serialized payload message (not an Any: the type is event_type).
  std::string payload;
  absl::Time occur_time;
};

}  // namespace ccrm::events
