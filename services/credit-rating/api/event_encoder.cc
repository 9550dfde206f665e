#include "services/credit-rating/api/event_encoder.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "ccrm/rating/v1/credit_rating.pb.h"
#include "common/ids/uuid.h"
#include "google/protobuf/message.h"
#include "services/credit-rating/api/proto_mapping.h"

namespace ccrm::rating {
namespace {

std::string RatingName(const Rating& rating) {
  return absl::StrCat("customers/", rating.customer_id, "/ratings/", rating.rating_id);
}

events::OutboxEvent MakeEvent(const google::protobuf::Message& payload, const Rating& rating,
                              const WriteContext& write) {
  events::OutboxEvent event;
  event.event_id = NewUuidV7(write.now);
  event.event_type = payload.GetDescriptor()->full_name();
  event.subject = RatingName(rating);
  event.request_id = write.request_id;
  event.payload = payload.SerializeAsString();
  event.occur_time = write.now;
  return event;
}

}  // namespace

events::OutboxEvent ProtoRatingEventEncoder::RatingApproved(const Rating& rating,
                                                            const std::optional<Rating>& previous,
                                                            const WriteContext& write) const {
  v1::RatingApproved payload;
  payload.set_customer_id(rating.customer_id);
  payload.set_rating(RatingName(rating));
  payload.set_final_grade(ToProto(rating.final_grade));
  payload.set_previous_grade(previous.has_value() ? ToProto(previous->final_grade)
                                                  : v1::CREDIT_GRADE_UNSPECIFIED);
  payload.set_probability_of_default(rating.computed.probability_of_default);
  payload.set_checker(rating.checker);
  payload.set_overridden(!rating.override_reason.empty());
  return MakeEvent(payload, rating, write);
}

events::OutboxEvent ProtoRatingEventEncoder::RatingDowngraded(const Rating& rating,
                                                              const Rating& previous, int notches,
                                                              const WriteContext& write) const {
  v1::RatingDowngraded payload;
  payload.set_customer_id(rating.customer_id);
  payload.set_rating(RatingName(rating));
  payload.set_previous_grade(ToProto(previous.final_grade));
  payload.set_new_grade(ToProto(rating.final_grade));
  payload.set_notches(notches);
  return MakeEvent(payload, rating, write);
}

}  // namespace ccrm::rating
