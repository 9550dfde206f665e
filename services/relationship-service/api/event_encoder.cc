#include "services/relationship-service/api/event_encoder.h"

#include <optional>
#include <string>
#include <utility>

#include "ccrm/relationship/v1/relationship.pb.h"
#include "common/ids/uuid.h"
#include "common/wire/money_time_mapping.h"
#include "google/protobuf/message.h"
#include "services/relationship-service/api/proto_mapping.h"

namespace ccrm::relationship {

// The shared wire mappings (common/wire) overload the same names.
using ::ccrm::ToProto;

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

events::OutboxEvent ProtoRelationshipEventEncoder::ComplaintOpened(
    const ServiceRequest& request, const WriteContext& write) const {
  const std::string name =
      ServiceRequestResourceName(request.customer_id, request.service_request_id);
  v1::ComplaintOpened payload;
  payload.set_customer_id(request.customer_id);
  payload.set_service_request(name);
  payload.set_priority(ToProto(request.priority));
  return MakeEvent(payload, name, write);
}

events::OutboxEvent ProtoRelationshipEventEncoder::SlaBreached(const ServiceRequest& request,
                                                               const Escalation& escalation,
                                                               const WriteContext& write) const {
  const std::string name =
      ServiceRequestResourceName(request.customer_id, request.service_request_id);
  v1::SlaBreached payload;
  payload.set_customer_id(request.customer_id);
  payload.set_service_request(name);
  payload.set_type(ToProto(request.type));
  payload.set_priority(ToProto(request.priority));
  payload.set_deadline(escalation.deadline);
  // The request as escalated carries the new level (RelationshipEventEncoder's contract).
  payload.set_escalation_level(request.escalation_level);
  return MakeEvent(payload, name, write);
}

events::OutboxEvent ProtoRelationshipEventEncoder::SatisfactionDropped(
    const Survey& survey, const std::optional<Survey>& previous, const WriteContext& write) const {
  const std::string name = SurveyResourceName(survey.customer_id, survey.survey_id);
  v1::SatisfactionDropped payload;
  payload.set_customer_id(survey.customer_id);
  payload.set_survey(name);
  payload.set_previous_csat(previous.has_value() ? previous->csat : 0);
  payload.set_csat(survey.csat);
  payload.set_nps(survey.nps);
  return MakeEvent(payload, name, write);
}

events::OutboxEvent ProtoRelationshipEventEncoder::EngagementMissed(
    const Engagement& engagement, const WriteContext& write) const {
  const std::string name = EngagementResourceName(engagement.customer_id, engagement.engagement_id);
  v1::EngagementMissed payload;
  payload.set_customer_id(engagement.customer_id);
  payload.set_engagement(name);
  payload.set_kind(ToProto(engagement.kind));
  ToProto(engagement.due_date, payload.mutable_due_date());
  payload.set_manager_id(engagement.manager_id);
  return MakeEvent(payload, name, write);
}

}  // namespace ccrm::relationship
