// RelationshipEventEncoder with the ccrm.relationship.v1 payloads (ComplaintOpened, SlaBreached,
// SatisfactionDropped, EngagementMissed): event type the full message name, subject the
// resource's name, event id a UUIDv7 of write.now, the write's request id. Payloads carry ids,
// levels and scores only (no complaint text: it may hold personal details).
//
// Example:
//   ProtoRelationshipEventEncoder encoder;
//   events::OutboxEvent e = encoder.ComplaintOpened(request, write);
#pragma once

#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

class ProtoRelationshipEventEncoder final : public RelationshipEventEncoder {
 public:
  events::OutboxEvent ComplaintOpened(const ServiceRequest& request,
                                      const WriteContext& write) const override;
  events::OutboxEvent SlaBreached(const ServiceRequest& request, const Escalation& escalation,
                                  const WriteContext& write) const override;
  events::OutboxEvent SatisfactionDropped(const Survey& survey,
                                          const std::optional<Survey>& previous,
                                          const WriteContext& write) const override;
  events::OutboxEvent EngagementMissed(const Engagement& engagement,
                                       const WriteContext& write) const override;
};

}  // namespace ccrm::relationship
