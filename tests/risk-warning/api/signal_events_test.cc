#include "services/risk-warning/api/signal_events.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/events.pb.h"
#include "ccrm/rating/v1/credit_rating.pb.h"
#include "ccrm/relationship/v1/relationship.pb.h"
#include "common/testing/status_matchers.h"
#include "common/wire/money_time_mapping.h"
#include "google/protobuf/message.h"

namespace ccrm::risk {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace rating_v1 = ::ccrm::rating::v1;
namespace relationship_v1 = ::ccrm::relationship::v1;

constexpr char kCustomerId[] = "0193a0f1-0000-7000-8000-000000000001";
constexpr char kRatingName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/ratings/0193e900-0000-7000-8000-000000000011";
constexpr char kRequestName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/serviceRequests/"
    "0193e200-0000-7000-8000-0000000000f3";
constexpr char kSurveyName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/surveys/0193e300-0000-7000-8000-0000000000a4";
constexpr char kEngagementName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/engagements/"
    "0193e100-0000-7000-8000-0000000000e2";
constexpr char kEventId[] = "0193ff00-0000-7000-8000-000000000077";

const absl::Time kOccurred =
    absl::FromCivil(absl::CivilSecond(2026, 5, 4, 3, 2, 1), absl::UTCTimeZone()) +
    absl::Microseconds(250);

// An event as a producer's feed delivers it.
common::v1::Event EventOf(const std::string& producer, const google::protobuf::Message& payload) {
  common::v1::Event event;
  event.set_sequence(17);
  event.set_event_id(kEventId);
  event.set_producer(producer);
  event.set_event_type(payload.GetDescriptor()->full_name());
  event.set_subject("whatever/1");
  ::ccrm::ToProto(kOccurred, event.mutable_occur_time());
  event.mutable_payload()->PackFrom(payload);
  event.set_request_id("req-1");
  return event;
}

// The signal of an event that must carry one.
Signal SignalOf(const common::v1::Event& event) {
  absl::StatusOr<std::optional<Signal>> signal = SignalFromEvent(event);
  EXPECT_TRUE(signal.ok()) << signal.status();
  if (!signal.ok() || !signal->has_value()) {
    ADD_FAILURE() << "no signal from " << event.event_type();
    return Signal();
  }
  return **signal;
}

void ExpectEnvelope(const Signal& signal, const std::string& producer) {
  EXPECT_EQ(signal.customer_id, kCustomerId);
  EXPECT_EQ(signal.occur_time, kOccurred);
  EXPECT_EQ(signal.producer, producer);
  EXPECT_EQ(signal.event_id, kEventId);
}

TEST(SignalEventTypesTest, TheTypesToAskEachFeedFor) {
  EXPECT_THAT(RatingEventTypes(),
              ElementsAre("ccrm.rating.v1.RatingApproved", "ccrm.rating.v1.RatingDowngraded"));
  EXPECT_THAT(RelationshipEventTypes(), ElementsAre("ccrm.relationship.v1.ComplaintOpened",
                                                    "ccrm.relationship.v1.SlaBreached",
                                                    "ccrm.relationship.v1.SatisfactionDropped",
                                                    "ccrm.relationship.v1.EngagementMissed"));
}

TEST(SignalFromEventTest, RatingApprovedIsARatingChangeWithGradeOrdinals) {
  rating_v1::RatingApproved approved;
  approved.set_customer_id(kCustomerId);
  approved.set_rating(kRatingName);
  approved.set_final_grade(rating_v1::CREDIT_GRADE_BB);
  approved.set_previous_grade(rating_v1::CREDIT_GRADE_BBB);
  approved.set_probability_of_default(0.031);
  const Signal signal = SignalOf(EventOf("credit-rating", approved));
  ExpectEnvelope(signal, "credit-rating");
  EXPECT_EQ(signal.kind, SignalKind::kRatingChange);
  EXPECT_EQ(signal.value, 5);
  EXPECT_EQ(signal.previous_value, 4);
  EXPECT_EQ(signal.source, kRatingName);
}

TEST(SignalFromEventTest, AFirstRatingHasNoPreviousGrade) {
  rating_v1::RatingApproved approved;
  approved.set_customer_id(kCustomerId);
  approved.set_rating(kRatingName);
  approved.set_final_grade(rating_v1::CREDIT_GRADE_AAA);
  const Signal signal = SignalOf(EventOf("credit-rating", approved));
  EXPECT_EQ(signal.value, 1);
  EXPECT_EQ(signal.previous_value, 0);
}

TEST(SignalFromEventTest, RatingDowngradedUsesTheNewGrade) {
  rating_v1::RatingDowngraded downgraded;
  downgraded.set_customer_id(kCustomerId);
  downgraded.set_rating(kRatingName);
  downgraded.set_previous_grade(rating_v1::CREDIT_GRADE_B);
  downgraded.set_new_grade(rating_v1::CREDIT_GRADE_D);
  downgraded.set_notches(4);
  const Signal signal = SignalOf(EventOf("credit-rating", downgraded));
  ExpectEnvelope(signal, "credit-rating");
  EXPECT_EQ(signal.kind, SignalKind::kRatingChange);
  EXPECT_EQ(signal.value, 10);
  EXPECT_EQ(signal.previous_value, 6);
  EXPECT_EQ(signal.source, kRatingName);
}

TEST(SignalFromEventTest, ComplaintOpened) {
  relationship_v1::ComplaintOpened complaint;
  complaint.set_customer_id(kCustomerId);
  complaint.set_service_request(kRequestName);
  complaint.set_priority(relationship_v1::PRIORITY_URGENT);
  const Signal signal = SignalOf(EventOf("relationship-service", complaint));
  ExpectEnvelope(signal, "relationship-service");
  EXPECT_EQ(signal.kind, SignalKind::kComplaint);
  EXPECT_EQ(signal.value, 1);
  EXPECT_EQ(signal.previous_value, 0);
  EXPECT_EQ(signal.source, kRequestName);
}

TEST(SignalFromEventTest, SlaBreached) {
  relationship_v1::SlaBreached breach;
  breach.set_customer_id(kCustomerId);
  breach.set_service_request(kRequestName);
  breach.set_deadline("resolution");
  breach.set_escalation_level(2);
  const Signal signal = SignalOf(EventOf("relationship-service", breach));
  ExpectEnvelope(signal, "relationship-service");
  EXPECT_EQ(signal.kind, SignalKind::kSlaBreach);
  EXPECT_EQ(signal.value, 1);
  EXPECT_EQ(signal.source, kRequestName);
}

TEST(SignalFromEventTest, SatisfactionDropped) {
  relationship_v1::SatisfactionDropped drop;
  drop.set_customer_id(kCustomerId);
  drop.set_survey(kSurveyName);
  drop.set_previous_csat(5);
  drop.set_csat(2);
  const Signal signal = SignalOf(EventOf("relationship-service", drop));
  ExpectEnvelope(signal, "relationship-service");
  EXPECT_EQ(signal.kind, SignalKind::kSatisfactionDrop);
  EXPECT_EQ(signal.value, 1);
  EXPECT_EQ(signal.source, kSurveyName);
}

TEST(SignalFromEventTest, EngagementMissed) {
  relationship_v1::EngagementMissed missed;
  missed.set_customer_id(kCustomerId);
  missed.set_engagement(kEngagementName);
  missed.set_manager_id("rm-042");
  const Signal signal = SignalOf(EventOf("relationship-service", missed));
  ExpectEnvelope(signal, "relationship-service");
  EXPECT_EQ(signal.kind, SignalKind::kMissedEngagement);
  EXPECT_EQ(signal.value, 1);
  EXPECT_EQ(signal.source, kEngagementName);
}

TEST(SignalFromEventTest, AnEventTypeNotUsedIsNoSignal) {
  relationship_v1::ComplaintOpened complaint;
  complaint.set_customer_id(kCustomerId);
  common::v1::Event event = EventOf("relationship-service", complaint);
  event.set_event_type("ccrm.relationship.v1.InteractionLogged");
  absl::StatusOr<std::optional<Signal>> signal = SignalFromEvent(event);
  ASSERT_TRUE(signal.ok()) << signal.status();
  EXPECT_FALSE(signal->has_value());

  // Even with a payload that would not parse: it is not looked at.
  event.set_event_type("ccrm.customer.v1.CustomerCreated");
  event.mutable_payload()->set_value("\xff\xff\xff");
  signal = SignalFromEvent(event);
  ASSERT_TRUE(signal.ok()) << signal.status();
  EXPECT_FALSE(signal->has_value());
}

TEST(SignalFromEventTest, ACorruptPayloadIsInvalidArgument) {
  rating_v1::RatingApproved approved;
  approved.set_customer_id(kCustomerId);
  approved.set_final_grade(rating_v1::CREDIT_GRADE_A);
  common::v1::Event event = EventOf("credit-rating", approved);
  event.mutable_payload()->set_value("\xff\xff\xff");
  EXPECT_THAT(SignalFromEvent(event),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not carry a parsable ccrm.rating.v1.RatingApproved")));

  relationship_v1::SlaBreached breach;
  breach.set_customer_id(kCustomerId);
  event = EventOf("relationship-service", breach);
  event.mutable_payload()->set_value("\x0a\x10short");  // a 16-byte string with 5 bytes
  EXPECT_THAT(SignalFromEvent(event), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(SignalFromEventTest, APayloadOfAnotherMessageIsInvalidArgument) {
  relationship_v1::ComplaintOpened complaint;
  complaint.set_customer_id(kCustomerId);
  common::v1::Event event = EventOf("relationship-service", complaint);
  event.set_event_type("ccrm.relationship.v1.EngagementMissed");
  EXPECT_THAT(SignalFromEvent(event),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(kEventId)));
}

TEST(SignalFromEventTest, APayloadNamingNoCustomerIsInvalidArgument) {
  relationship_v1::SatisfactionDropped drop;
  drop.set_survey(kSurveyName);
  EXPECT_THAT(SignalFromEvent(EventOf("relationship-service", drop)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("names no customer")));

  rating_v1::RatingDowngraded downgraded;
  downgraded.set_new_grade(rating_v1::CREDIT_GRADE_C);
  EXPECT_THAT(SignalFromEvent(EventOf("credit-rating", downgraded)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("names no customer")));
}

TEST(SignalFromEventTest, ARatingWithoutAUsableGradeIsInvalidArgument) {
  rating_v1::RatingApproved approved;
  approved.set_customer_id(kCustomerId);
  approved.set_rating(kRatingName);
  // No final grade: nothing to compare.
  EXPECT_THAT(SignalFromEvent(EventOf("credit-rating", approved)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("carries grade 0")));

  approved.set_final_grade(static_cast<rating_v1::CreditGrade>(11));
  EXPECT_THAT(SignalFromEvent(EventOf("credit-rating", approved)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("carries grade 11")));

  rating_v1::RatingDowngraded downgraded;
  downgraded.set_customer_id(kCustomerId);
  downgraded.set_new_grade(rating_v1::CREDIT_GRADE_CC);
  downgraded.set_previous_grade(static_cast<rating_v1::CreditGrade>(-3));
  EXPECT_THAT(SignalFromEvent(EventOf("credit-rating", downgraded)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("carries grade -3")));
}

}  // namespace
}  // namespace ccrm::risk
