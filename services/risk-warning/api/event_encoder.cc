#include "services/risk-warning/api/event_encoder.h"

#include <string>
#include <utility>

#include "ccrm/risk/v1/risk_events.pb.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "common/ids/uuid.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "services/risk-warning/api/proto_mapping.h"

namespace ccrm::risk {
namespace {

events::OutboxEvent MakeEvent(const google::protobuf::Message& payload, std::string subject,
                              const WriteContext& write) {
  events::OutboxEvent event;
  event.event_id = NewUuidV7(write.now);
  event.event_type = payload.GetDescriptor()->full_name();
  event.subject = std::move(subject);
  event.request_id = write.request_id;
  event.payload = payload.SerializeAsString();
  event.occur_time = write.now;
  return event;
}

}  // namespace

events::OutboxEvent ProtoRiskEventEncoder::AlertRaised(const AlertChange& change,
                                                       const WriteContext& write) const {
  const Alert& alert = change.alert;
  const std::string name = AlertName(alert.alert_id);
  v1::AlertRaised payload;
  payload.set_alert(name);
  payload.set_customer_id(alert.customer_id);
  payload.set_indicator(alert.indicator);
  payload.set_level(ToProto(alert.level));
  // relationship-service updates the open task of an escalated alert instead of adding one.
  payload.set_escalated(change.action == kActionRaised || change.action == kActionEscalated);
  payload.set_assignee_manager_id(alert.assignee_manager_id);
  payload.set_title(alert.title);
  payload.set_detail(alert.detail);
  return MakeEvent(payload, name, write);
}

events::OutboxEvent ProtoRiskEventEncoder::AlertChanged(const AlertChange& change,
                                                        const WriteContext& write) const {
  v1::AlertChange payload;
  ToProto(change, &payload);
  return MakeEvent(payload, AlertName(change.alert.alert_id), write);
}

}  // namespace ccrm::risk
