#include "services/risk-warning/api/signal_events.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ccrm/rating/v1/credit_rating.pb.h"
#include "ccrm/relationship/v1/relationship.pb.h"
#include "common/wire/money_time_mapping.h"

namespace ccrm::risk {
namespace {

constexpr char kRatingApproved[] = "ccrm.rating.v1.RatingApproved";
constexpr char kRatingDowngraded[] = "ccrm.rating.v1.RatingDowngraded";
constexpr char kComplaintOpened[] = "ccrm.relationship.v1.ComplaintOpened";
constexpr char kSlaBreached[] = "ccrm.relationship.v1.SlaBreached";
constexpr char kSatisfactionDropped[] = "ccrm.relationship.v1.SatisfactionDropped";
constexpr char kEngagementMissed[] = "ccrm.relationship.v1.EngagementMissed";

absl::Status Unusable(const ccrm::common::v1::Event& event, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("event ", event.event_id(), " (", event.event_type(), ") ", why));
}

// The signal's identity and time from the event envelope.
Signal EnvelopeOf(const ccrm::common::v1::Event& event, SignalKind kind) {
  Signal signal;
  signal.kind = kind;
  signal.occur_time = ::ccrm::FromProto(event.occur_time());
  signal.producer = event.producer();
  signal.event_id = event.event_id();
  return signal;
}

// A payload unpacked from the event, or INVALID_ARGUMENT when it is not that message or names
// no customer.
template <typename Payload>
absl::StatusOr<Payload> Unpack(const ccrm::common::v1::Event& event) {
  Payload payload;
  if (!event.payload().UnpackTo(&payload)) {
    return Unusable(event,
                    absl::StrCat("does not carry a parsable ", Payload::descriptor()->full_name()));
  }
  if (payload.customer_id().empty()) {
    return Unusable(event, "names no customer");
  }
  return payload;
}

// A grade's ordinal (AAA = 1 … D = 10); the proto numbers the grades that way.
absl::StatusOr<int> GradeOrdinal(const ccrm::common::v1::Event& event,
                                 rating::v1::CreditGrade grade, bool allow_unspecified) {
  if (grade == rating::v1::CREDIT_GRADE_UNSPECIFIED && allow_unspecified) {
    return 0;
  }
  if (grade < rating::v1::CREDIT_GRADE_AAA || grade > rating::v1::CREDIT_GRADE_D) {
    return Unusable(event,
                    absl::StrCat("carries grade ", static_cast<int>(grade), ", not one of AAA..D"));
  }
  return static_cast<int>(grade);
}

absl::StatusOr<Signal> RatingSignal(const ccrm::common::v1::Event& event,
                                    const std::string& customer_id, const std::string& rating,
                                    rating::v1::CreditGrade grade,
                                    rating::v1::CreditGrade previous_grade) {
  absl::StatusOr<int> value = GradeOrdinal(event, grade, /*allow_unspecified=*/false);
  if (!value.ok()) {
    return value.status();
  }
  absl::StatusOr<int> previous = GradeOrdinal(event, previous_grade, /*allow_unspecified=*/true);
  if (!previous.ok()) {
    return previous.status();
  }
  Signal signal = EnvelopeOf(event, SignalKind::kRatingChange);
  signal.customer_id = customer_id;
  signal.value = *value;
  signal.previous_value = *previous;
  signal.source = rating;
  return signal;
}

// A relationship-service event: value 1, source the resource it is about.
template <typename Payload>
absl::StatusOr<Signal> RelationshipSignal(const ccrm::common::v1::Event& event, SignalKind kind,
                                          const std::string& (Payload::*source)() const) {
  absl::StatusOr<Payload> payload = Unpack<Payload>(event);
  if (!payload.ok()) {
    return payload.status();
  }
  Signal signal = EnvelopeOf(event, kind);
  signal.customer_id = payload->customer_id();
  signal.value = 1;
  signal.source = ((*payload).*source)();
  return signal;
}

}  // namespace

std::vector<std::string> RatingEventTypes() { return {kRatingApproved, kRatingDowngraded}; }

std::vector<std::string> RelationshipEventTypes() {
  return {kComplaintOpened, kSlaBreached, kSatisfactionDropped, kEngagementMissed};
}

absl::StatusOr<std::optional<Signal>> SignalFromEvent(const ccrm::common::v1::Event& event) {
  const std::string& type = event.event_type();
  absl::StatusOr<Signal> signal;
  if (type == kRatingApproved) {
    absl::StatusOr<rating::v1::RatingApproved> approved = Unpack<rating::v1::RatingApproved>(event);
    if (!approved.ok()) {
      return approved.status();
    }
    signal = RatingSignal(event, approved->customer_id(), approved->rating(),
                          approved->final_grade(), approved->previous_grade());
  } else if (type == kRatingDowngraded) {
    absl::StatusOr<rating::v1::RatingDowngraded> downgraded =
        Unpack<rating::v1::RatingDowngraded>(event);
    if (!downgraded.ok()) {
      return downgraded.status();
    }
    signal = RatingSignal(event, downgraded->customer_id(), downgraded->rating(),
                          downgraded->new_grade(), downgraded->previous_grade());
  } else if (type == kComplaintOpened) {
    signal = RelationshipSignal<relationship::v1::ComplaintOpened>(
        event, SignalKind::kComplaint, &relationship::v1::ComplaintOpened::service_request);
  } else if (type == kSlaBreached) {
    signal = RelationshipSignal<relationship::v1::SlaBreached>(
        event, SignalKind::kSlaBreach, &relationship::v1::SlaBreached::service_request);
  } else if (type == kSatisfactionDropped) {
    signal = RelationshipSignal<relationship::v1::SatisfactionDropped>(
        event, SignalKind::kSatisfactionDrop, &relationship::v1::SatisfactionDropped::survey);
  } else if (type == kEngagementMissed) {
    signal = RelationshipSignal<relationship::v1::EngagementMissed>(
        event, SignalKind::kMissedEngagement, &relationship::v1::EngagementMissed::engagement);
  } else {
    return std::optional<Signal>();
  }
  if (!signal.ok()) {
    return signal.status();
  }
  return std::optional<Signal>(*std::move(signal));
}

}  // namespace ccrm::risk
