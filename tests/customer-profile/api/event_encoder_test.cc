#include "services/customer-profile/api/event_encoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/ids/uuid.h"
#include "services/customer-profile/api/proto_mapping.h"

namespace ccrm::customer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIdNumber[] = "11010519491231002X";
constexpr char kPhone[] = "13800138000";
constexpr char kAccount[] = "6222020200112233445";

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 5, 6, 7, 8, 9), absl::UTCTimeZone()) +
    absl::Microseconds(123456);

WriteContext Write() {
  return WriteContext{"rm-042", {"relationship_manager"}, "req-77", kNow, ""};
}

// A customer as storage hands it to the encoder: personal identifiers in clear.
Customer ClearTextCustomer() {
  Customer c;
  c.customer_id = "0193a0f1-0000-7000-8000-000000000001";
  c.kind = CustomerKind::kEnterprise;
  c.unified_social_credit_code = "91350100M000100Y43";
  c.legal_name = "福建某某建设有限公司";
  c.legal_representative = "张三";
  c.legal_representative_id_number = kIdNumber;
  c.contact_phone = kPhone;
  c.settlement_account_number = kAccount;
  c.registered_capital = Money{"CNY", 50000000, 0};
  c.segment = Segment::kSme;
  c.tier = Tier::kTier2;
  c.lifecycle_stage = LifecycleStage::kActive;
  c.create_time = kNow - absl::Hours(1);
  c.update_time = kNow;
  c.revision = 3;
  return c;
}

void ExpectEnvelope(const events::OutboxEvent& e, const std::string& type,
                    const std::string& subject) {
  EXPECT_EQ(e.event_type, type);
  EXPECT_EQ(e.subject, subject);
  EXPECT_EQ(e.request_id, "req-77");
  EXPECT_EQ(e.occur_time, kNow);
  EXPECT_TRUE(IsUuid(e.event_id)) << e.event_id;
  EXPECT_EQ(e.event_id[14], '7') << "UUIDv7 expected: " << e.event_id;
}

void ExpectNoPersonalIdentifiers(const std::string& payload) {
  EXPECT_THAT(payload, Not(HasSubstr(kIdNumber)));
  EXPECT_THAT(payload, Not(HasSubstr(kPhone)));
  EXPECT_THAT(payload, Not(HasSubstr(kAccount)));
}

TEST(ProtoEventEncoderTest, CustomerCreated) {
  const ProtoEventEncoder encoder;
  const events::OutboxEvent e = encoder.CustomerCreated(ClearTextCustomer(), Write());
  ExpectEnvelope(e, "ccrm.customer.v1.CustomerCreated",
                 "customers/0193a0f1-0000-7000-8000-000000000001");
  EXPECT_EQ(e.event_type, v1::CustomerCreated::descriptor()->full_name());

  v1::CustomerCreated payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer().name(), "customers/0193a0f1-0000-7000-8000-000000000001");
  EXPECT_EQ(payload.customer().legal_name(), "福建某某建设有限公司");
  EXPECT_EQ(payload.customer().unified_social_credit_code(), "91350100M000100Y43");
  EXPECT_EQ(payload.customer().registered_capital().units(), 50000000);
  EXPECT_EQ(payload.customer().segment(), v1::SEGMENT_SME);
  EXPECT_EQ(payload.customer().lifecycle_stage(), v1::LIFECYCLE_STAGE_ACTIVE);
  EXPECT_EQ(payload.customer().etag(), "r3");
  EXPECT_EQ(payload.customer().legal_representative_id_number(), "");
  EXPECT_EQ(payload.customer().contact_phone(), "");
  EXPECT_EQ(payload.customer().settlement_account_number(), "");
  ExpectNoPersonalIdentifiers(e.payload);
}

TEST(ProtoEventEncoderTest, CustomerUpdated) {
  const ProtoEventEncoder encoder;
  const events::OutboxEvent e =
      encoder.CustomerUpdated(ClearTextCustomer(), {"contact_phone", "lifecycle_stage"}, Write());
  ExpectEnvelope(e, "ccrm.customer.v1.CustomerUpdated",
                 "customers/0193a0f1-0000-7000-8000-000000000001");

  v1::CustomerUpdated payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  // The paths that changed are named; their values are not carried.
  EXPECT_THAT(payload.changed_fields(), ElementsAre("contact_phone", "lifecycle_stage"));
  EXPECT_EQ(payload.customer().customer_id(), "0193a0f1-0000-7000-8000-000000000001");
  EXPECT_EQ(payload.customer().revision(), 3);
  EXPECT_EQ(payload.customer().legal_representative_id_number(), "");
  EXPECT_EQ(payload.customer().contact_phone(), "");
  EXPECT_EQ(payload.customer().settlement_account_number(), "");
  ExpectNoPersonalIdentifiers(e.payload);
}

TEST(ProtoEventEncoderTest, EventIdsAreUniqueAndTimeOrdered) {
  const ProtoEventEncoder encoder;
  const Customer c = ClearTextCustomer();
  const events::OutboxEvent a = encoder.CustomerCreated(c, Write());
  const events::OutboxEvent b = encoder.CustomerCreated(c, Write());
  EXPECT_NE(a.event_id, b.event_id);
  WriteContext later = Write();
  later.now = kNow + absl::Seconds(1);
  const events::OutboxEvent d = encoder.CustomerUpdated(c, {}, later);
  EXPECT_LT(a.event_id.substr(0, 13), d.event_id.substr(0, 13));
  EXPECT_EQ(d.occur_time, kNow + absl::Seconds(1));
}

TEST(ProtoEventEncoderTest, FinancialStatementSubmitted) {
  FinancialStatement s;
  s.customer_id = "cust-1";
  s.statement_id = "st-8";
  s.period_type = PeriodType::kQuarterly;
  s.fiscal_year = 2024;
  s.fiscal_quarter = 2;
  s.currency_code = "CNY";
  s.balance_sheet.total_assets = Money{"CNY", 987654321, 0};
  const ProtoEventEncoder encoder;
  const events::OutboxEvent e = encoder.FinancialStatementSubmitted(s, Write());
  ExpectEnvelope(e, "ccrm.customer.v1.FinancialStatementSubmitted",
                 "customers/cust-1/financialStatements/st-8");

  v1::FinancialStatementSubmitted payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload));
  EXPECT_EQ(payload.customer_id(), "cust-1");
  EXPECT_EQ(payload.statement_id(), "st-8");
  EXPECT_EQ(payload.period_type(), v1::PERIOD_TYPE_QUARTERLY);
  EXPECT_EQ(payload.fiscal_year(), 2024);
  EXPECT_EQ(payload.fiscal_quarter(), 2);
}

TEST(ProtoEventEncoderTest, RelatedPartyChanged) {
  RelatedParty party;
  party.customer_id = "cust-1";
  party.related_party_id = "rp-2";
  party.relation_type = RelationType::kGuarantor;
  party.related_customer_id = "cust-3";
  party.party_name = "某某担保有限公司";
  party.create_time = kNow;
  const ProtoEventEncoder encoder;
  for (bool removed : {false, true}) {
    SCOPED_TRACE(removed);
    const events::OutboxEvent e = encoder.RelatedPartyChanged(party, removed, Write());
    ExpectEnvelope(e, "ccrm.customer.v1.RelatedPartyChanged",
                   "customers/cust-1/relatedParties/rp-2");
    v1::RelatedPartyChanged payload;
    ASSERT_TRUE(payload.ParseFromString(e.payload));
    EXPECT_EQ(payload.customer_id(), "cust-1");
    EXPECT_EQ(payload.removed(), removed);
    EXPECT_EQ(payload.related_party().name(), "customers/cust-1/relatedParties/rp-2");
    EXPECT_EQ(payload.related_party().relation_type(), v1::RELATION_TYPE_GUARANTOR);
    EXPECT_EQ(payload.related_party().related_customer_id(), "cust-3");
    EXPECT_EQ(payload.related_party().party_name(), "某某担保有限公司");
  }
}

TEST(ToEventProtoTest, KeepsEverythingButPersonalIdentifiers) {
  const Customer c = ClearTextCustomer();
  v1::Customer full;
  ToProto(c, &full);
  v1::Customer event;
  ToEventProto(c, &event);
  EXPECT_EQ(full.contact_phone(), kPhone);  // the response mapping copies them ...
  EXPECT_EQ(event.contact_phone(), "");     // ... the event mapping does not
  full.clear_legal_representative_id_number();
  full.clear_contact_phone();
  full.clear_settlement_account_number();
  EXPECT_EQ(full.SerializeAsString(), event.SerializeAsString());
}

}  // namespace
}  // namespace ccrm::customer
