// The event handlers risk-warning's consumers run: credit-rating's rating changes and
// relationship-service's soft signals become Signals, stored and evaluated for the customer in
// the consumer's own transaction (with its cursor and de-duplication), so a replayed event
// changes nothing and a consumer that was down catches up.
//
// Example:
//   events::EventConsumer ratings(options, stub.get(), pool, clock,
//                                 SignalHandler(&monitoring, clock));
#pragma once

#include "common/events/event_consumer.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/monitoring_service.h"

namespace ccrm::risk {

events::EventHandler SignalHandler(const MonitoringService* monitoring, const Clock* clock);

}  // namespace ccrm::risk
