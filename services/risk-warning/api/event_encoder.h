// RiskEventEncoder with the ccrm.risk.v1 payloads: AlertRaised (an alert opened, raised or
// escalated; relationship-service turns it into a task for the manager) and AlertChange (every
// change of an alert, for the watch stream and other readers of the feed). Event type the full
// message name, subject the alert's name ("alerts/{id}"), event id a UUIDv7 of write.now, the
// write's request id, occur_time write.now.
//
// Example:
//   ProtoRiskEventEncoder encoder;
//   std::vector<events::OutboxEvent> events;
//   if (Notifies(change)) events.push_back(encoder.AlertRaised(change, write));
//   events.push_back(encoder.AlertChanged(change, write));
#pragma once

#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

class ProtoRiskEventEncoder final : public RiskEventEncoder {
 public:
  // escalated is true for "raised" and "escalated" (the level rose), false for "opened".
  events::OutboxEvent AlertRaised(const AlertChange& change,
                                  const WriteContext& write) const override;
  events::OutboxEvent AlertChanged(const AlertChange& change,
                                   const WriteContext& write) const override;
};

}  // namespace ccrm::risk
