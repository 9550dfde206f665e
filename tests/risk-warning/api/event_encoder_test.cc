#include "services/risk-warning/api/event_encoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/risk/v1/risk_events.pb.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "common/ids/uuid.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/risk-warning/api/proto_mapping.h"

namespace ccrm::risk {
namespace {

using ::google::protobuf::util::MessageDifferencer;

constexpr char kCustomerId[] = "0193a0f1-0000-7000-8000-000000000001";
constexpr char kAlertId[] = "0193f400-0000-7000-8000-0000000000d1";
constexpr char kAlertName[] = "alerts/0193f400-0000-7000-8000-0000000000d1";

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 4, 7, 8, 9, 10), absl::UTCTimeZone()) +
    absl::Microseconds(654321);

WriteContext Write() { return WriteContext{"risk-warning", {}, "req-88", kNow, ""}; }

AlertChange ChangeWith(const char* action, AlertLevel level) {
  AlertChange change;
  change.action = action;
  Alert& a = change.alert;
  a.alert_id = kAlertId;
  a.customer_id = kCustomerId;
  a.indicator = "days_past_due";
  a.status = AlertStatus::kOpen;
  a.level = level;
  a.evaluated_level = level;
  a.value = 35;
  a.threshold = 30;
  a.rule_id = "default-days_past_due";
  a.rule_version = 1;
  a.inputs = {{"facility", "F-2026-0001"}, {"days_past_due", "35"}};
  a.title = "DPD 35 days on facility F-2026-0001";
  a.detail = "Installment of 2026-03-20 unpaid";
  a.assignee_manager_id = "rm-042";
  a.open_time = kNow - absl::Hours(3);
  a.acknowledge_deadline = kNow + absl::Hours(24);
  a.update_time = kNow;
  a.revision = 2;
  change.actor = "risk-warning";
  change.change_time = kNow;
  return change;
}

// The event's envelope: who, when, what about; the id a UUIDv7 of the write's time.
void ExpectEnvelope(const events::OutboxEvent& event, const std::string& type) {
  EXPECT_EQ(event.event_type, type);
  EXPECT_EQ(event.subject, kAlertName);
  EXPECT_EQ(event.request_id, "req-88");
  EXPECT_EQ(event.occur_time, kNow);
  EXPECT_TRUE(IsUuid(event.event_id)) << event.event_id;
  // The first 48 bits (12 hex digits, "xxxxxxxx-xxxx") are the write's time in milliseconds.
  EXPECT_EQ(event.event_id.substr(0, 13), NewUuidV7(kNow).substr(0, 13));
  EXPECT_EQ(event.event_id[14], '7');  // version 7
}

TEST(ProtoRiskEventEncoderTest, OpenedAlertIsRaisedNotEscalated) {
  ProtoRiskEventEncoder encoder;
  const events::OutboxEvent event =
      encoder.AlertRaised(ChangeWith(kActionOpened, AlertLevel::kYellow), Write());
  ExpectEnvelope(event, "ccrm.risk.v1.AlertRaised");
  v1::AlertRaised payload;
  ASSERT_TRUE(payload.ParseFromString(event.payload));
  EXPECT_EQ(payload.alert(), kAlertName);
  EXPECT_EQ(payload.customer_id(), kCustomerId);
  EXPECT_EQ(payload.indicator(), "days_past_due");
  EXPECT_EQ(payload.level(), v1::ALERT_LEVEL_YELLOW);
  EXPECT_FALSE(payload.escalated());
  EXPECT_EQ(payload.assignee_manager_id(), "rm-042");
  EXPECT_EQ(payload.title(), "DPD 35 days on facility F-2026-0001");
  EXPECT_EQ(payload.detail(), "Installment of 2026-03-20 unpaid");
}

TEST(ProtoRiskEventEncoderTest, RaisedAndEscalatedAlertsAreEscalated) {
  ProtoRiskEventEncoder encoder;
  for (const char* action : {kActionRaised, kActionEscalated}) {
    const events::OutboxEvent event =
        encoder.AlertRaised(ChangeWith(action, AlertLevel::kRed), Write());
    ExpectEnvelope(event, "ccrm.risk.v1.AlertRaised");
    v1::AlertRaised payload;
    ASSERT_TRUE(payload.ParseFromString(event.payload)) << action;
    EXPECT_TRUE(payload.escalated()) << action;
    EXPECT_EQ(payload.level(), v1::ALERT_LEVEL_RED) << action;
  }
}

TEST(ProtoRiskEventEncoderTest, AlertChangedCarriesTheWholeChange) {
  ProtoRiskEventEncoder encoder;
  AlertChange change = ChangeWith(kActionAcknowledged, AlertLevel::kOrange);
  change.alert.status = AlertStatus::kAcknowledged;
  change.alert.acknowledge_deadline.reset();
  change.alert.acknowledge_time = kNow;
  change.actor = "rm-042";
  change.note = "calling the CFO";
  const events::OutboxEvent event = encoder.AlertChanged(change, Write());
  ExpectEnvelope(event, "ccrm.risk.v1.AlertChange");
  v1::AlertChange payload;
  ASSERT_TRUE(payload.ParseFromString(event.payload));
  v1::AlertChange expected;
  ToProto(change, &expected);
  EXPECT_TRUE(MessageDifferencer::Equals(payload, expected)) << payload.DebugString();
  EXPECT_EQ(payload.action(), "acknowledged");
  EXPECT_EQ(payload.actor(), "rm-042");
  EXPECT_EQ(payload.alert().status(), v1::ALERT_STATUS_ACKNOWLEDGED);
  EXPECT_FALSE(payload.alert().has_acknowledge_deadline());
}

TEST(ProtoRiskEventEncoderTest, EveryEventGetsItsOwnId) {
  ProtoRiskEventEncoder encoder;
  const AlertChange change = ChangeWith(kActionOpened, AlertLevel::kBlue);
  const events::OutboxEvent raised = encoder.AlertRaised(change, Write());
  const events::OutboxEvent changed = encoder.AlertChanged(change, Write());
  EXPECT_NE(raised.event_id, changed.event_id);
}

}  // namespace
}  // namespace ccrm::risk
