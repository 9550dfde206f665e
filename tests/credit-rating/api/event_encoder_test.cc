#include "services/credit-rating/api/event_encoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/rating/v1/credit_rating.pb.h"
#include "common/ids/uuid.h"

namespace ccrm::rating {
namespace {

constexpr char kCustomerId[] = "0193a0f1-0000-7000-8000-000000000001";
constexpr char kRatingId[] = "0193b000-0000-7000-8000-0000000000a1";
constexpr char kPreviousId[] = "0193b000-0000-7000-8000-000000000099";
constexpr char kRatingName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/ratings/0193b000-0000-7000-8000-0000000000a1";

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2025, 5, 6, 7, 8, 9), absl::UTCTimeZone()) +
    absl::Microseconds(123456);

WriteContext Write() { return WriteContext{"approver-9", {"credit_approver"}, "req-77", kNow, ""}; }

// An approved rating as Decide hands it to the encoder.
Rating ApprovedRating() {
  Rating r;
  r.rating_id = kRatingId;
  r.customer_id = kCustomerId;
  r.state = RatingState::kApproved;
  r.computed.model_grade = CreditGrade::kBBB;
  r.computed.probability_of_default = 0.0123;
  r.final_grade = CreditGrade::kBBB;
  r.maker = "analyst-3";
  r.checker = "approver-9";
  r.create_time = kNow - absl::Hours(2);
  r.decision_time = kNow;
  r.revision = 2;
  return r;
}

Rating PreviousRating(CreditGrade grade) {
  Rating r;
  r.rating_id = kPreviousId;
  r.customer_id = kCustomerId;
  r.state = RatingState::kApproved;
  r.final_grade = grade;
  r.checker = "approver-1";
  return r;
}

void ExpectEnvelope(const events::OutboxEvent& e, const std::string& type) {
  EXPECT_EQ(e.event_type, type);
  EXPECT_EQ(e.subject, kRatingName);
  EXPECT_EQ(e.request_id, "req-77");
  EXPECT_EQ(e.occur_time, kNow);
  EXPECT_TRUE(IsUuid(e.event_id)) << e.event_id;
  EXPECT_EQ(e.event_id[14], '7') << "UUIDv7 expected: " << e.event_id;
  // The UUIDv7 carries write.now: 48 bits of Unix milliseconds, in the first 12 hex digits.
  const std::string millis_hex = e.event_id.substr(0, 8) + e.event_id.substr(9, 4);
  EXPECT_EQ(std::stoll(millis_hex, nullptr, 16), absl::ToUnixMillis(kNow)) << e.event_id;
}

TEST(ProtoRatingEventEncoderTest, RatingApprovedWithPrevious) {
  const ProtoRatingEventEncoder encoder;
  const events::OutboxEvent e =
      encoder.RatingApproved(ApprovedRating(), PreviousRating(CreditGrade::kA), Write());
  ExpectEnvelope(e, "ccrm.rating.v1.RatingApproved");
  EXPECT_EQ(e.event_type, v1::RatingApproved::descriptor()->full_name());

  v1::RatingApproved payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer_id(), kCustomerId);
  EXPECT_EQ(payload.rating(), kRatingName);
  EXPECT_EQ(payload.final_grade(), v1::CREDIT_GRADE_BBB);
  EXPECT_EQ(payload.previous_grade(), v1::CREDIT_GRADE_A);
  EXPECT_EQ(payload.probability_of_default(), 0.0123);
  EXPECT_EQ(payload.checker(), "approver-9");
  EXPECT_FALSE(payload.overridden());
}

TEST(ProtoRatingEventEncoderTest, RatingApprovedFirstRatingHasNoPreviousGrade) {
  const ProtoRatingEventEncoder encoder;
  const events::OutboxEvent e = encoder.RatingApproved(ApprovedRating(), std::nullopt, Write());
  ExpectEnvelope(e, "ccrm.rating.v1.RatingApproved");
  v1::RatingApproved payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.previous_grade(), v1::CREDIT_GRADE_UNSPECIFIED);
  EXPECT_EQ(payload.final_grade(), v1::CREDIT_GRADE_BBB);
}

TEST(ProtoRatingEventEncoderTest, RatingApprovedWithOverride) {
  Rating overridden = ApprovedRating();
  overridden.final_grade = CreditGrade::kBB;
  overridden.override_reason = "group support weaker than modelled";
  const ProtoRatingEventEncoder encoder;
  const events::OutboxEvent e =
      encoder.RatingApproved(overridden, PreviousRating(CreditGrade::kBB), Write());
  v1::RatingApproved payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_TRUE(payload.overridden());
  EXPECT_EQ(payload.final_grade(), v1::CREDIT_GRADE_BB);
  EXPECT_EQ(payload.previous_grade(), v1::CREDIT_GRADE_BB);
  // Grades and ids only: the reason text stays in the rating.
  EXPECT_EQ(e.payload.find("group support"), std::string::npos);
}

TEST(ProtoRatingEventEncoderTest, RatingDowngraded) {
  Rating downgraded = ApprovedRating();
  downgraded.final_grade = CreditGrade::kCCC;
  const ProtoRatingEventEncoder encoder;
  const events::OutboxEvent e =
      encoder.RatingDowngraded(downgraded, PreviousRating(CreditGrade::kBB), 2, Write());
  ExpectEnvelope(e, "ccrm.rating.v1.RatingDowngraded");
  EXPECT_EQ(e.event_type, v1::RatingDowngraded::descriptor()->full_name());

  v1::RatingDowngraded payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer_id(), kCustomerId);
  EXPECT_EQ(payload.rating(), kRatingName);
  EXPECT_EQ(payload.previous_grade(), v1::CREDIT_GRADE_BB);
  EXPECT_EQ(payload.new_grade(), v1::CREDIT_GRADE_CCC);
  EXPECT_EQ(payload.notches(), 2);
}

TEST(ProtoRatingEventEncoderTest, EventIdsAreUniqueAndTimeOrdered) {
  const ProtoRatingEventEncoder encoder;
  const Rating rating = ApprovedRating();
  const events::OutboxEvent a = encoder.RatingApproved(rating, std::nullopt, Write());
  const events::OutboxEvent b =
      encoder.RatingDowngraded(rating, PreviousRating(CreditGrade::kA), 1, Write());
  EXPECT_NE(a.event_id, b.event_id);
  WriteContext later = Write();
  later.now = kNow + absl::Seconds(1);
  const events::OutboxEvent c = encoder.RatingApproved(rating, std::nullopt, later);
  EXPECT_LT(a.event_id.substr(0, 13), c.event_id.substr(0, 13));
  EXPECT_EQ(c.occur_time, kNow + absl::Seconds(1));
}

}  // namespace
}  // namespace ccrm::rating
