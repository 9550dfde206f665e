#include "services/relationship-service/api/event_encoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/relationship/v1/relationship.pb.h"
#include "common/ids/uuid.h"

namespace ccrm::relationship {
namespace {

namespace v1 = ::ccrm::relationship::v1;

constexpr char kCustomerId[] = "0193a0f1-0000-7000-8000-000000000001";
constexpr char kRequestId[] = "0193e200-0000-7000-8000-0000000000f3";
constexpr char kSurveyId[] = "0193e300-0000-7000-8000-0000000000a4";
constexpr char kPreviousSurveyId[] = "0193e300-0000-7000-8000-000000000099";
constexpr char kEngagementId[] = "0193e100-0000-7000-8000-0000000000e2";

constexpr char kRequestName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/serviceRequests/"
    "0193e200-0000-7000-8000-0000000000f3";
constexpr char kSurveyName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/surveys/0193e300-0000-7000-8000-0000000000a4";
constexpr char kEngagementName[] =
    "customers/0193a0f1-0000-7000-8000-000000000001/engagements/"
    "0193e100-0000-7000-8000-0000000000e2";

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 4, 7, 8, 9, 10), absl::UTCTimeZone()) +
    absl::Microseconds(654321);

WriteContext Write() {
  return WriteContext{"rm-042", {"relationship_manager"}, "req-88", kNow, ""};
}

// A complaint as the service stores it, with personal details in its text.
ServiceRequest Complaint() {
  ServiceRequest r;
  r.service_request_id = kRequestId;
  r.customer_id = kCustomerId;
  r.type = ServiceRequestType::kComplaint;
  r.priority = Priority::kUrgent;
  r.subject = "Teller was rude to Mr. Wang";
  r.description = "Mr. Wang (ID 310101198001011234) was kept waiting two hours";
  r.status = ServiceRequestStatus::kOpen;
  r.response_due = kNow + absl::Hours(1);
  r.resolution_due = kNow + absl::Hours(12);
  r.assignee_manager_id = "rm-042";
  r.green_channel = true;
  r.created_by = "rm-043";
  r.create_time = kNow;
  r.update_time = kNow;
  return r;
}

Survey SurveyWith(const std::string& id, int csat, int nps) {
  Survey s;
  s.survey_id = id;
  s.customer_id = kCustomerId;
  s.csat = csat;
  s.nps = nps;
  s.comment = "Mr. Li never calls back";
  s.survey_time = kNow - absl::Hours(1);
  s.manager_id = "rm-042";
  s.create_time = kNow;
  return s;
}

Engagement MissedEngagement() {
  Engagement e;
  e.engagement_id = kEngagementId;
  e.customer_id = kCustomerId;
  e.kind = EngagementKind::kFinancialAnalysisMeeting;
  e.due_date = absl::CivilDay(2026, 3, 1);
  e.manager_id = "rm-042";
  e.template_id = "key-customer";
  e.state = EngagementState::kMissed;
  return e;
}

void ExpectEnvelope(const events::OutboxEvent& e, const std::string& type,
                    const std::string& subject) {
  EXPECT_EQ(e.event_type, type);
  EXPECT_EQ(e.subject, subject);
  EXPECT_EQ(e.request_id, "req-88");
  EXPECT_EQ(e.occur_time, kNow);
  EXPECT_TRUE(IsUuid(e.event_id)) << e.event_id;
  EXPECT_EQ(e.event_id[14], '7') << "UUIDv7 expected: " << e.event_id;
  // The UUIDv7 carries write.now: 48 bits of Unix milliseconds, in the first 12 hex digits.
  const std::string millis_hex = e.event_id.substr(0, 8) + e.event_id.substr(9, 4);
  EXPECT_EQ(std::stoll(millis_hex, nullptr, 16), absl::ToUnixMillis(kNow)) << e.event_id;
}

TEST(ProtoRelationshipEventEncoderTest, ComplaintOpened) {
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent e = encoder.ComplaintOpened(Complaint(), Write());
  ExpectEnvelope(e, "ccrm.relationship.v1.ComplaintOpened", kRequestName);
  EXPECT_EQ(e.event_type, v1::ComplaintOpened::descriptor()->full_name());

  v1::ComplaintOpened payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer_id(), kCustomerId);
  EXPECT_EQ(payload.service_request(), kRequestName);
  EXPECT_EQ(payload.priority(), v1::PRIORITY_URGENT);
  // Ids and levels only: the complaint's text may hold personal details.
  EXPECT_EQ(e.payload.find("Wang"), std::string::npos);
  EXPECT_EQ(e.payload.find("rude"), std::string::npos);
}

TEST(ProtoRelationshipEventEncoderTest, SlaBreachedOnResponse) {
  ServiceRequest escalated = Complaint();
  escalated.escalation_level = 1;
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent e = encoder.SlaBreached(escalated, Escalation{"response", 1}, Write());
  ExpectEnvelope(e, "ccrm.relationship.v1.SlaBreached", kRequestName);
  EXPECT_EQ(e.event_type, v1::SlaBreached::descriptor()->full_name());

  v1::SlaBreached payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer_id(), kCustomerId);
  EXPECT_EQ(payload.service_request(), kRequestName);
  EXPECT_EQ(payload.type(), v1::SERVICE_REQUEST_TYPE_COMPLAINT);
  EXPECT_EQ(payload.priority(), v1::PRIORITY_URGENT);
  EXPECT_EQ(payload.deadline(), "response");
  EXPECT_EQ(payload.escalation_level(), 1);
  EXPECT_EQ(e.payload.find("Wang"), std::string::npos);
}

TEST(ProtoRelationshipEventEncoderTest, SlaBreachedOnResolutionOfAnInquiry) {
  ServiceRequest escalated = Complaint();
  escalated.type = ServiceRequestType::kInquiry;
  escalated.priority = Priority::kLow;
  escalated.status = ServiceRequestStatus::kInProgress;
  escalated.escalation_level = 2;
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent e =
      encoder.SlaBreached(escalated, Escalation{"resolution", 2}, Write());
  v1::SlaBreached payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.type(), v1::SERVICE_REQUEST_TYPE_INQUIRY);
  EXPECT_EQ(payload.priority(), v1::PRIORITY_LOW);
  EXPECT_EQ(payload.deadline(), "resolution");
  EXPECT_EQ(payload.escalation_level(), 2);
}

TEST(ProtoRelationshipEventEncoderTest, SatisfactionDroppedWithPrevious) {
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent e = encoder.SatisfactionDropped(
      SurveyWith(kSurveyId, 2, 4), SurveyWith(kPreviousSurveyId, 5, 10), Write());
  ExpectEnvelope(e, "ccrm.relationship.v1.SatisfactionDropped", kSurveyName);
  EXPECT_EQ(e.event_type, v1::SatisfactionDropped::descriptor()->full_name());

  v1::SatisfactionDropped payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer_id(), kCustomerId);
  EXPECT_EQ(payload.survey(), kSurveyName);
  EXPECT_EQ(payload.previous_csat(), 5);
  EXPECT_EQ(payload.csat(), 2);
  EXPECT_EQ(payload.nps(), 4);
  // Scores only: the comment stays with the survey.
  EXPECT_EQ(e.payload.find("calls back"), std::string::npos);
}

TEST(ProtoRelationshipEventEncoderTest, SatisfactionDroppedFirstSurveyHasPreviousCsatZero) {
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent e =
      encoder.SatisfactionDropped(SurveyWith(kSurveyId, 1, 0), std::nullopt, Write());
  ExpectEnvelope(e, "ccrm.relationship.v1.SatisfactionDropped", kSurveyName);
  v1::SatisfactionDropped payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.previous_csat(), 0);
  EXPECT_EQ(payload.csat(), 1);
  EXPECT_EQ(payload.nps(), 0);
}

TEST(ProtoRelationshipEventEncoderTest, EngagementMissed) {
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent e = encoder.EngagementMissed(MissedEngagement(), Write());
  ExpectEnvelope(e, "ccrm.relationship.v1.EngagementMissed", kEngagementName);
  EXPECT_EQ(e.event_type, v1::EngagementMissed::descriptor()->full_name());

  v1::EngagementMissed payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer_id(), kCustomerId);
  EXPECT_EQ(payload.engagement(), kEngagementName);
  EXPECT_EQ(payload.kind(), v1::ENGAGEMENT_KIND_FINANCIAL_ANALYSIS_MEETING);
  EXPECT_EQ(payload.due_date().year(), 2026);
  EXPECT_EQ(payload.due_date().month(), 3);
  EXPECT_EQ(payload.due_date().day(), 1);
  EXPECT_EQ(payload.manager_id(), "rm-042");
}

TEST(ProtoRelationshipEventEncoderTest, EngagementMissedWithoutManager) {
  Engagement orphan = MissedEngagement();
  orphan.manager_id.clear();
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent e = encoder.EngagementMissed(orphan, Write());
  v1::EngagementMissed payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.manager_id(), "");
  EXPECT_EQ(payload.engagement(), kEngagementName);
}

TEST(ProtoRelationshipEventEncoderTest, EventIdsAreUniqueAndTimeOrdered) {
  const ProtoRelationshipEventEncoder encoder;
  const events::OutboxEvent a = encoder.ComplaintOpened(Complaint(), Write());
  const events::OutboxEvent b = encoder.EngagementMissed(MissedEngagement(), Write());
  EXPECT_NE(a.event_id, b.event_id);
  WriteContext later = Write();
  later.now = kNow + absl::Seconds(1);
  later.request_id = "req-89";
  const events::OutboxEvent c = encoder.ComplaintOpened(Complaint(), later);
  EXPECT_LT(a.event_id.substr(0, 13), c.event_id.substr(0, 13));
  EXPECT_EQ(c.occur_time, kNow + absl::Seconds(1));
  EXPECT_EQ(c.request_id, "req-89");
}

TEST(ProtoRelationshipEventEncoderTest, UsableThroughTheDomainInterface) {
  const ProtoRelationshipEventEncoder proto_encoder;
  const RelationshipEventEncoder& encoder = proto_encoder;
  const events::OutboxEvent e = encoder.ComplaintOpened(Complaint(), Write());
  EXPECT_EQ(e.event_type, "ccrm.relationship.v1.ComplaintOpened");
}

}  // namespace
}  // namespace ccrm::relationship
