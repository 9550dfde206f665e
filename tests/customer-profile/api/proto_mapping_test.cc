#include "services/customer-profile/api/proto_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/message_differencer.h"
#include "common/wire/money_time_mapping.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Field;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

const absl::Time kCreated =
    absl::FromCivil(absl::CivilSecond(2024, 3, 1, 8, 30, 15), absl::UTCTimeZone()) +
    absl::Milliseconds(250);
const absl::Time kUpdated = kCreated + absl::Hours(49) + absl::Nanoseconds(7);

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

// The field paths of the violations attached to `status`.
std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

Customer FullCustomer() {
  Customer c;
  c.customer_id = "0193a0f1-0000-7000-8000-000000000001";
  c.kind = CustomerKind::kEnterprise;
  c.unified_social_credit_code = "91350100M000100Y43";
  c.legal_name = "福建某某建设有限公司";
  c.legal_representative = "张三";
  c.legal_representative_id_number = "11010519491231002X";
  c.contact_phone = "13800138000";
  c.settlement_account_number = "6222020200112233445";
  c.registered_capital = Cny(50000000);
  c.business_scope = "房屋建筑工程施工";
  c.industry_code = "E4710";
  c.registered_address = "福州市鼓楼区某某路1号";
  c.established_date = absl::CivilDay(2008, 6, 18);
  c.annual_revenue = Cny(320000000, 500000000);
  c.total_assets = Money{"USD", 41000000, 1};
  c.employee_count = 420;
  c.has_prior_credit = true;
  c.credit_grade = "AA";
  c.relationship_start_date = absl::CivilDay(2015, 1, 5);
  c.relationship_manager_id = "rm-042";
  c.segment = Segment::kSme;
  c.tier = Tier::kTier2;
  c.classification_override =
      ClassificationOverride{Segment::kKey, Tier::kTier1, "strategic client", "cm-7", kUpdated};
  c.lifecycle_stage = LifecycleStage::kWatch;
  c.archived = true;
  c.create_time = kCreated;
  c.update_time = kUpdated;
  c.archive_time = kUpdated + absl::Seconds(1);
  c.revision = 7;
  return c;
}

TEST(CustomerToProtoTest, CopiesEveryField) {
  v1::Customer p;
  ToProto(FullCustomer(), &p);
  EXPECT_EQ(p.name(), "customers/0193a0f1-0000-7000-8000-000000000001");
  EXPECT_EQ(p.customer_id(), "0193a0f1-0000-7000-8000-000000000001");
  EXPECT_EQ(p.kind(), v1::CUSTOMER_KIND_ENTERPRISE);
  EXPECT_EQ(p.unified_social_credit_code(), "91350100M000100Y43");
  EXPECT_EQ(p.legal_name(), "福建某某建设有限公司");
  EXPECT_EQ(p.legal_representative(), "张三");
  // Personal identifiers are copied as the domain value holds them (masking is the domain's).
  EXPECT_EQ(p.legal_representative_id_number(), "11010519491231002X");
  EXPECT_EQ(p.contact_phone(), "13800138000");
  EXPECT_EQ(p.settlement_account_number(), "6222020200112233445");
  EXPECT_EQ(p.registered_capital().currency_code(), "CNY");
  EXPECT_EQ(p.registered_capital().units(), 50000000);
  EXPECT_EQ(p.annual_revenue().nanos(), 500000000);
  EXPECT_EQ(p.total_assets().currency_code(), "USD");
  EXPECT_EQ(p.total_assets().nanos(), 1);
  EXPECT_EQ(p.established_date().year(), 2008);
  EXPECT_EQ(p.established_date().month(), 6);
  EXPECT_EQ(p.established_date().day(), 18);
  EXPECT_EQ(p.relationship_start_date().year(), 2015);
  EXPECT_EQ(p.employee_count(), 420);
  EXPECT_TRUE(p.has_prior_credit());
  EXPECT_EQ(p.credit_grade(), "AA");
  EXPECT_EQ(p.relationship_manager_id(), "rm-042");
  EXPECT_EQ(p.segment(), v1::SEGMENT_SME);
  EXPECT_EQ(p.tier(), v1::TIER_2);
  ASSERT_TRUE(p.has_classification_override());
  EXPECT_EQ(p.classification_override().segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(p.classification_override().tier(), v1::TIER_1);
  EXPECT_EQ(p.classification_override().reason(), "strategic client");
  EXPECT_EQ(p.classification_override().overridden_by(), "cm-7");
  EXPECT_EQ(FromProto(p.classification_override().override_time()), kUpdated);
  EXPECT_EQ(p.lifecycle_stage(), v1::LIFECYCLE_STAGE_WATCH);
  EXPECT_TRUE(p.archived());
  EXPECT_EQ(FromProto(p.create_time()), kCreated);
  EXPECT_EQ(FromProto(p.update_time()), kUpdated);
  EXPECT_EQ(FromProto(p.archive_time()), kUpdated + absl::Seconds(1));
  EXPECT_EQ(p.etag(), "r7");
  EXPECT_EQ(p.revision(), 7);
}

TEST(CustomerToProtoTest, AbsentOptionalsLeaveFieldsUnset) {
  Customer c;
  c.customer_id = "c-1";
  c.revision = 1;
  v1::Customer p;
  // Left over from an earlier use of the message: ToProto starts from a clean message.
  p.mutable_archive_time()->set_seconds(5);
  p.set_legal_name("stale");
  ToProto(c, &p);
  EXPECT_FALSE(p.has_registered_capital());
  EXPECT_FALSE(p.has_annual_revenue());
  EXPECT_FALSE(p.has_total_assets());
  EXPECT_FALSE(p.has_established_date());
  EXPECT_FALSE(p.has_relationship_start_date());
  EXPECT_FALSE(p.has_classification_override());
  EXPECT_FALSE(p.has_archive_time());
  EXPECT_EQ(p.legal_name(), "");
  EXPECT_EQ(p.etag(), "r1");
  EXPECT_TRUE(p.has_create_time());
}

TEST(CustomerFromProtoTest, RoundTripsEveryWritableField) {
  const Customer original = FullCustomer();
  v1::Customer p;
  ToProto(original, &p);
  ASSERT_OK_AND_ASSIGN(Customer c, FromProto(p, "customer"));
  EXPECT_EQ(c.kind, original.kind);
  EXPECT_EQ(c.unified_social_credit_code, original.unified_social_credit_code);
  EXPECT_EQ(c.legal_name, original.legal_name);
  EXPECT_EQ(c.legal_representative, original.legal_representative);
  EXPECT_EQ(c.legal_representative_id_number, original.legal_representative_id_number);
  EXPECT_EQ(c.contact_phone, original.contact_phone);
  EXPECT_EQ(c.settlement_account_number, original.settlement_account_number);
  EXPECT_EQ(c.registered_capital, original.registered_capital);
  EXPECT_EQ(c.business_scope, original.business_scope);
  EXPECT_EQ(c.industry_code, original.industry_code);
  EXPECT_EQ(c.registered_address, original.registered_address);
  EXPECT_EQ(c.established_date, original.established_date);
  EXPECT_EQ(c.annual_revenue, original.annual_revenue);
  EXPECT_EQ(c.total_assets, original.total_assets);
  EXPECT_EQ(c.employee_count, original.employee_count);
  EXPECT_EQ(c.has_prior_credit, original.has_prior_credit);
  EXPECT_EQ(c.credit_grade, original.credit_grade);
  EXPECT_EQ(c.relationship_start_date, original.relationship_start_date);
  EXPECT_EQ(c.relationship_manager_id, original.relationship_manager_id);

  // And back: the proto of the mapped value equals the original on every writable field.
  v1::Customer again;
  ToProto(c, &again);
  MessageDifferencer differencer;
  for (const char* output_only :
       {"name", "customer_id", "segment", "tier", "classification_override", "lifecycle_stage",
        "archived", "create_time", "update_time", "archive_time", "etag", "revision"}) {
    differencer.IgnoreField(v1::Customer::descriptor()->FindFieldByName(output_only));
  }
  std::string diff;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(p, again)) << diff;
}

TEST(CustomerFromProtoTest, IgnoresOutputOnlyFields) {
  v1::Customer p;
  p.set_name("customers/someone-else");
  p.set_customer_id("someone-else");
  p.set_segment(static_cast<v1::Segment>(99));  // not even checked: output only
  p.set_tier(v1::TIER_1);
  p.mutable_classification_override()->set_reason("sneaky");
  p.set_lifecycle_stage(v1::LIFECYCLE_STAGE_CLOSED);
  p.set_archived(true);
  p.mutable_create_time()->set_seconds(1);
  p.mutable_archive_time()->set_seconds(2);
  p.set_etag("r9");
  p.set_revision(9);
  ASSERT_OK_AND_ASSIGN(Customer c, FromProto(p, "customer"));
  const Customer defaults;
  EXPECT_EQ(c.customer_id, "");
  EXPECT_EQ(c.segment, Segment::kUnspecified);
  EXPECT_EQ(c.tier, Tier::kUnspecified);
  EXPECT_FALSE(c.classification_override.has_value());
  EXPECT_EQ(c.lifecycle_stage, defaults.lifecycle_stage);
  EXPECT_FALSE(c.archived);
  EXPECT_EQ(c.create_time, defaults.create_time);
  EXPECT_FALSE(c.archive_time.has_value());
  EXPECT_EQ(c.revision, 0);
}

TEST(CustomerFromProtoTest, UnsetMessagesAndAllZeroDatesAreAbsent) {
  v1::Customer p;
  p.mutable_established_date();  // present but all zero = not set
  ASSERT_OK_AND_ASSIGN(Customer c, FromProto(p, "customer"));
  EXPECT_FALSE(c.registered_capital.has_value());
  EXPECT_FALSE(c.annual_revenue.has_value());
  EXPECT_FALSE(c.total_assets.has_value());
  EXPECT_FALSE(c.established_date.has_value());
  EXPECT_FALSE(c.relationship_start_date.has_value());
}

TEST(CustomerFromProtoTest, ReportsEveryMalformedFieldWithItsFullPath) {
  v1::Customer p;
  p.set_kind(static_cast<v1::CustomerKind>(99));
  p.mutable_registered_capital()->set_currency_code("CNY");
  p.mutable_registered_capital()->set_nanos(1000000000);  // out of range
  p.mutable_annual_revenue()->set_currency_code("cny");   // not upper case
  p.mutable_total_assets()->set_currency_code("CNY");
  p.mutable_total_assets()->set_units(5);
  p.mutable_total_assets()->set_nanos(-1);  // sign differs from units
  p.mutable_established_date()->set_year(2023);
  p.mutable_established_date()->set_month(2);
  p.mutable_established_date()->set_day(29);
  p.mutable_relationship_start_date()->set_year(10000);
  p.mutable_relationship_start_date()->set_month(1);
  p.mutable_relationship_start_date()->set_day(1);
  absl::StatusOr<Customer> c = FromProto(p, "customer");
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(c.status()), "INVALID_ARGUMENT");
  EXPECT_THAT(
      ViolatedFields(c.status()),
      UnorderedElementsAre("customer.kind", "customer.registered_capital.nanos",
                           "customer.annual_revenue.currency_code", "customer.total_assets.nanos",
                           "customer.established_date", "customer.relationship_start_date"));
}

TEST(CustomerFromProtoTest, UsesTheGivenPrefix) {
  v1::Customer p;
  p.mutable_registered_capital()->set_currency_code("");
  EXPECT_THAT(ViolatedFields(FromProto(p, "update.customer").status()),
              ElementsAre("update.customer.registered_capital.currency_code"));
}

TEST(CustomerFromProtoTest, SurvivesHostileValues) {
  v1::Customer p;
  p.set_legal_name(std::string(1 << 20, 'x'));
  p.set_kind(static_cast<v1::CustomerKind>(std::numeric_limits<int32_t>::min()));
  p.mutable_registered_capital()->set_currency_code("CNY");
  p.mutable_registered_capital()->set_units(std::numeric_limits<int64_t>::min());
  p.mutable_registered_capital()->set_nanos(std::numeric_limits<int32_t>::min());
  p.mutable_established_date()->set_year(std::numeric_limits<int32_t>::max());
  p.mutable_established_date()->set_month(std::numeric_limits<int32_t>::min());
  p.mutable_established_date()->set_day(-1);
  p.mutable_relationship_start_date()->set_year(2024);
  p.mutable_relationship_start_date()->set_month(13);
  p.mutable_relationship_start_date()->set_day(1);
  EXPECT_THAT(
      ViolatedFields(FromProto(p, "customer").status()),
      UnorderedElementsAre("customer.kind", "customer.registered_capital.nanos",
                           "customer.established_date", "customer.relationship_start_date"));
  // Extreme but well-formed amounts pass (ranges are the domain's business).
  v1::Customer q;
  q.mutable_registered_capital()->set_currency_code("CNY");
  q.mutable_registered_capital()->set_units(std::numeric_limits<int64_t>::min());
  q.mutable_registered_capital()->set_nanos(-999999999);
  q.set_legal_name(std::string(1 << 20, 'x'));
  ASSERT_OK_AND_ASSIGN(Customer c, FromProto(q, "customer"));
  EXPECT_EQ(c.registered_capital->units, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(c.legal_name.size(), size_t{1} << 20);
}

Contact FullContact() {
  Contact c;
  c.customer_id = "cust-1";
  c.contact_id = "contact-9";
  c.role = ContactRole::kFinanceOfficer;
  c.full_name = "李四";
  c.title = "财务总监";
  c.id_number = "11010519491231002X";
  c.phone = "13900139000";
  c.email = "li.si@example.com";
  c.primary = true;
  c.create_time = kCreated;
  c.update_time = kUpdated;
  c.revision = 3;
  return c;
}

TEST(ContactMappingTest, RoundTrips) {
  v1::Contact p;
  ToProto(FullContact(), &p);
  EXPECT_EQ(p.name(), "customers/cust-1/contacts/contact-9");
  EXPECT_EQ(p.contact_id(), "contact-9");
  EXPECT_EQ(p.role(), v1::CONTACT_ROLE_FINANCE_OFFICER);
  EXPECT_EQ(p.id_number(), "11010519491231002X");
  EXPECT_EQ(p.phone(), "13900139000");
  EXPECT_EQ(p.etag(), "r3");
  EXPECT_EQ(FromProto(p.create_time()), kCreated);
  EXPECT_EQ(FromProto(p.update_time()), kUpdated);

  ASSERT_OK_AND_ASSIGN(Contact c, FromProto(p, "contact"));
  const Contact original = FullContact();
  EXPECT_EQ(c.role, original.role);
  EXPECT_EQ(c.full_name, original.full_name);
  EXPECT_EQ(c.title, original.title);
  EXPECT_EQ(c.id_number, original.id_number);
  EXPECT_EQ(c.phone, original.phone);
  EXPECT_EQ(c.email, original.email);
  EXPECT_TRUE(c.primary);
  // Output only.
  EXPECT_EQ(c.contact_id, "");
  EXPECT_EQ(c.customer_id, "");
  EXPECT_EQ(c.revision, 0);
}

TEST(ContactMappingTest, RejectsUnknownRole) {
  v1::Contact p;
  p.set_role(static_cast<v1::ContactRole>(-1));
  absl::StatusOr<Contact> c = FromProto(p, "contact");
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(c.status()), ElementsAre("contact.role"));
}

TEST(RelatedPartyMappingTest, RoundTrips) {
  RelatedParty party;
  party.customer_id = "cust-1";
  party.related_party_id = "rp-2";
  party.relation_type = RelationType::kShareholder;
  party.related_customer_id = "cust-3";
  party.party_name = "某某投资有限公司";
  party.party_unified_social_credit_code = "91440300708461136T";
  party.shareholding_bps = 3500;
  party.create_time = kCreated;
  v1::RelatedParty p;
  ToProto(party, &p);
  EXPECT_EQ(p.name(), "customers/cust-1/relatedParties/rp-2");
  EXPECT_EQ(p.related_party_id(), "rp-2");
  EXPECT_EQ(p.relation_type(), v1::RELATION_TYPE_SHAREHOLDER);
  EXPECT_EQ(FromProto(p.create_time()), kCreated);

  ASSERT_OK_AND_ASSIGN(RelatedParty back, FromProto(p, "related_party"));
  EXPECT_EQ(back.relation_type, RelationType::kShareholder);
  EXPECT_EQ(back.related_customer_id, "cust-3");
  EXPECT_EQ(back.party_name, party.party_name);
  EXPECT_EQ(back.party_unified_social_credit_code, "91440300708461136T");
  EXPECT_EQ(back.shareholding_bps, 3500);
  EXPECT_EQ(back.related_party_id, "");
  EXPECT_EQ(back.customer_id, "");
}

TEST(RelatedPartyMappingTest, RejectsUnknownRelationType) {
  v1::RelatedParty p;
  p.set_relation_type(static_cast<v1::RelationType>(42));
  EXPECT_THAT(ViolatedFields(FromProto(p, "related_party").status()),
              ElementsAre("related_party.relation_type"));
}

Project FullProject() {
  Project p;
  p.customer_id = "cust-1";
  p.project_id = "proj-5";
  p.project_name = "某某产业园一期";
  p.total_investment = Cny(200000000);
  p.capital_ratio_bps = 2500;
  p.use_of_funds = "厂房建设";
  p.planned_start_date = absl::CivilDay(2024, 1, 15);
  p.planned_completion_date = absl::CivilDay(2026, 6, 30);
  p.actual_start_date = absl::CivilDay(2024, 2, 1);
  p.actual_completion_date = absl::CivilDay(2025, 12, 31);
  p.invested_to_date = Cny(50000000);
  p.milestones = {Milestone{"封顶", absl::CivilDay(2025, 3, 1), absl::CivilDay(2025, 3, 20)},
                  Milestone{"竣工验收", absl::CivilDay(2026, 6, 1), std::nullopt}};
  p.create_time = kCreated;
  p.update_time = kUpdated;
  p.revision = 4;
  return p;
}

TEST(ProjectMappingTest, RoundTrips) {
  v1::Project p;
  ToProto(FullProject(), &p);
  EXPECT_EQ(p.name(), "customers/cust-1/projects/proj-5");
  EXPECT_EQ(p.project_id(), "proj-5");
  EXPECT_EQ(p.etag(), "r4");
  EXPECT_EQ(p.investment_progress_bps(), 2500);  // 50m of 200m
  ASSERT_EQ(p.milestones_size(), 2);
  EXPECT_EQ(p.milestones(0).title(), "封顶");
  EXPECT_EQ(p.milestones(0).actual_date().day(), 20);
  EXPECT_FALSE(p.milestones(1).has_actual_date());
  EXPECT_EQ(FromProto(p.update_time()), kUpdated);

  ASSERT_OK_AND_ASSIGN(Project back, FromProto(p, "project"));
  const Project original = FullProject();
  EXPECT_EQ(back.project_name, original.project_name);
  EXPECT_EQ(back.total_investment, original.total_investment);
  EXPECT_EQ(back.capital_ratio_bps, 2500);
  EXPECT_EQ(back.use_of_funds, original.use_of_funds);
  EXPECT_EQ(back.planned_start_date, original.planned_start_date);
  EXPECT_EQ(back.planned_completion_date, original.planned_completion_date);
  EXPECT_EQ(back.actual_start_date, original.actual_start_date);
  EXPECT_EQ(back.actual_completion_date, original.actual_completion_date);
  EXPECT_EQ(back.invested_to_date, original.invested_to_date);
  ASSERT_EQ(back.milestones.size(), 2u);
  EXPECT_EQ(back.milestones[0].title, "封顶");
  EXPECT_EQ(back.milestones[0].planned_date, absl::CivilDay(2025, 3, 1));
  EXPECT_EQ(back.milestones[0].actual_date, absl::CivilDay(2025, 3, 20));
  EXPECT_EQ(back.milestones[1].planned_date, absl::CivilDay(2026, 6, 1));
  EXPECT_FALSE(back.milestones[1].actual_date.has_value());
  EXPECT_EQ(back.project_id, "");
  EXPECT_EQ(back.revision, 0);
}

TEST(ProjectMappingTest, ProgressIsZeroWithoutAmounts) {
  Project project = FullProject();
  project.invested_to_date.reset();
  v1::Project p;
  ToProto(project, &p);
  EXPECT_EQ(p.investment_progress_bps(), 0);
  EXPECT_FALSE(p.has_invested_to_date());
}

TEST(ProjectMappingTest, ReportsMalformedDatesAndAmounts) {
  v1::Project p;
  ToProto(FullProject(), &p);
  p.mutable_planned_start_date()->set_month(2);
  p.mutable_planned_start_date()->set_day(30);
  p.mutable_actual_completion_date()->set_year(0);  // year 0 with month and day: not a date
  p.mutable_invested_to_date()->set_nanos(-5);      // units are positive
  p.mutable_total_investment()->set_currency_code("RMB1");
  p.mutable_milestones(1)->mutable_actual_date()->set_year(2025);
  p.mutable_milestones(1)->mutable_actual_date()->set_month(4);
  p.mutable_milestones(1)->mutable_actual_date()->set_day(31);
  absl::StatusOr<Project> back = FromProto(p, "project");
  EXPECT_THAT(back, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(back.status()),
              UnorderedElementsAre("project.planned_start_date", "project.actual_completion_date",
                                   "project.invested_to_date.nanos",
                                   "project.total_investment.currency_code",
                                   "project.milestones[1].actual_date"));
}

FinancialStatement FullStatement() {
  FinancialStatement s;
  s.customer_id = "cust-1";
  s.statement_id = "st-8";
  s.period_type = PeriodType::kQuarterly;
  s.fiscal_year = 2024;
  s.fiscal_quarter = 3;
  s.period_end_date = absl::CivilDay(2024, 9, 30);
  s.audited = true;
  s.currency_code = "CNY";
  // Distinct amounts, so a line mapped to the wrong field shows.
  int64_t units = 1000;
  for (std::optional<Money>* line : {&s.balance_sheet.cash,
                                     &s.balance_sheet.accounts_receivable,
                                     &s.balance_sheet.inventory,
                                     &s.balance_sheet.current_assets,
                                     &s.balance_sheet.total_assets,
                                     &s.balance_sheet.short_term_debt,
                                     &s.balance_sheet.current_liabilities,
                                     &s.balance_sheet.long_term_debt,
                                     &s.balance_sheet.total_liabilities,
                                     &s.balance_sheet.total_equity,
                                     &s.balance_sheet.retained_earnings,
                                     &s.income_statement.revenue,
                                     &s.income_statement.cost_of_sales,
                                     &s.income_statement.operating_profit,
                                     &s.income_statement.interest_expense,
                                     &s.income_statement.ebit,
                                     &s.income_statement.ebitda,
                                     &s.income_statement.net_profit,
                                     &s.cash_flow_statement.operating_cash_flow,
                                     &s.cash_flow_statement.investing_cash_flow,
                                     &s.cash_flow_statement.financing_cash_flow,
                                     &s.cash_flow_statement.debt_service}) {
    *line = Cny(units++, 250000000);
  }
  s.cash_flow_statement.investing_cash_flow = Cny(-77, -500000000);
  s.create_time = kCreated;
  return s;
}

TEST(FinancialStatementMappingTest, RoundTripsEveryLine) {
  const FinancialStatement original = FullStatement();
  v1::FinancialStatement p;
  ToProto(original, &p);
  EXPECT_EQ(p.name(), "customers/cust-1/financialStatements/st-8");
  EXPECT_EQ(p.statement_id(), "st-8");
  EXPECT_EQ(p.period_type(), v1::PERIOD_TYPE_QUARTERLY);
  EXPECT_EQ(p.fiscal_year(), 2024);
  EXPECT_EQ(p.fiscal_quarter(), 3);
  EXPECT_EQ(p.period_end_date().month(), 9);
  EXPECT_TRUE(p.audited());
  EXPECT_EQ(p.currency_code(), "CNY");
  EXPECT_EQ(p.balance_sheet().cash().units(), 1000);
  EXPECT_EQ(p.balance_sheet().retained_earnings().units(), 1010);
  EXPECT_EQ(p.income_statement().revenue().units(), 1011);
  EXPECT_EQ(p.income_statement().net_profit().units(), 1017);
  EXPECT_EQ(p.cash_flow_statement().operating_cash_flow().units(), 1018);
  EXPECT_EQ(p.cash_flow_statement().investing_cash_flow().nanos(), -500000000);
  EXPECT_EQ(p.cash_flow_statement().debt_service().units(), 1021);
  EXPECT_EQ(FromProto(p.create_time()), kCreated);

  ASSERT_OK_AND_ASSIGN(FinancialStatement back, FromProto(p, "statement"));
  EXPECT_EQ(back.period_type, PeriodType::kQuarterly);
  EXPECT_EQ(back.fiscal_year, 2024);
  EXPECT_EQ(back.fiscal_quarter, 3);
  EXPECT_EQ(back.period_end_date, original.period_end_date);
  EXPECT_TRUE(back.audited);
  EXPECT_EQ(back.currency_code, "CNY");
  EXPECT_EQ(back.statement_id, "");
  EXPECT_EQ(back.customer_id, "");

  // Every line item survives, on its own field.
  v1::FinancialStatement again;
  ToProto(back, &again);
  MessageDifferencer differencer;
  for (const char* output_only : {"name", "statement_id", "create_time"}) {
    differencer.IgnoreField(v1::FinancialStatement::descriptor()->FindFieldByName(output_only));
  }
  std::string diff;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(p, again)) << diff;
}

TEST(FinancialStatementMappingTest, AbsentLinesStayAbsent) {
  FinancialStatement s;
  s.balance_sheet.total_assets = Cny(10);
  v1::FinancialStatement p;
  ToProto(s, &p);
  EXPECT_TRUE(p.balance_sheet().has_total_assets());
  EXPECT_FALSE(p.balance_sheet().has_cash());
  EXPECT_FALSE(p.income_statement().has_revenue());
  EXPECT_FALSE(p.has_period_end_date());
  ASSERT_OK_AND_ASSIGN(FinancialStatement back, FromProto(p, "statement"));
  EXPECT_THAT(back.balance_sheet.total_assets, Optional(Eq(Cny(10))));
  EXPECT_FALSE(back.balance_sheet.cash.has_value());
  EXPECT_FALSE(back.income_statement.revenue.has_value());
  EXPECT_FALSE(back.cash_flow_statement.debt_service.has_value());
}

TEST(FinancialStatementMappingTest, ReportsLineItemsWithTheirSectionPath) {
  v1::FinancialStatement p;
  ToProto(FullStatement(), &p);
  p.set_period_type(static_cast<v1::PeriodType>(7));
  p.mutable_period_end_date()->set_day(31);  // 2024-09-31
  p.mutable_balance_sheet()->mutable_cash()->set_currency_code("");
  p.mutable_income_statement()->mutable_ebitda()->set_nanos(-1);
  p.mutable_cash_flow_statement()->mutable_debt_service()->set_currency_code("usd");
  absl::StatusOr<FinancialStatement> back = FromProto(p, "statement");
  EXPECT_THAT(back, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(back.status()),
              UnorderedElementsAre("statement.period_type", "statement.period_end_date",
                                   "statement.balance_sheet.cash.currency_code",
                                   "statement.income_statement.ebitda.nanos",
                                   "statement.cash_flow_statement.debt_service.currency_code"));
}

TEST(AuditRecordToProtoTest, CopiesEveryField) {
  AuditRecord r;
  r.audit_id = 123456789012;
  r.actor = "rm-042";
  r.actor_roles = {"relationship_manager", "auditor"};
  r.action = "customer.read_unmasked";
  r.resource = "customers/cust-1";
  r.customer_id = "cust-1";
  r.fields = {"contact_phone", "legal_representative_id_number"};
  r.reason = "KYC refresh";
  r.request_id = "req-7";
  r.record_time = kUpdated;
  v1::AuditRecord p;
  ToProto(r, &p);
  EXPECT_EQ(p.audit_id(), 123456789012);
  EXPECT_EQ(p.actor(), "rm-042");
  EXPECT_THAT(p.actor_roles(), ElementsAre("relationship_manager", "auditor"));
  EXPECT_EQ(p.action(), "customer.read_unmasked");
  EXPECT_EQ(p.resource(), "customers/cust-1");
  EXPECT_EQ(p.customer_id(), "cust-1");
  EXPECT_THAT(p.fields(), ElementsAre("contact_phone", "legal_representative_id_number"));
  EXPECT_EQ(p.reason(), "KYC refresh");
  EXPECT_EQ(p.request_id(), "req-7");
  EXPECT_EQ(FromProto(p.record_time()), kUpdated);
}

TEST(CustomerGroupToProtoTest, CopiesMembers) {
  CustomerGroup g;
  g.root_customer_id = "cust-1";
  g.members = {GroupMember{"cust-1", "甲公司", "91350100M000100Y43", 0, {"customers/cust-1"}},
               GroupMember{"",
                           "乙公司",
                           "",
                           1,
                           {"customers/cust-1 <-SHAREHOLDER- 乙公司",
                            "customers/cust-1 -GUARANTOR-> 乙公司"}}};
  g.truncated = true;
  v1::CustomerGroup p;
  ToProto(g, &p);
  EXPECT_EQ(p.root_customer_id(), "cust-1");
  ASSERT_EQ(p.members_size(), 2);
  EXPECT_EQ(p.members(0).customer_id(), "cust-1");
  EXPECT_EQ(p.members(0).display_name(), "甲公司");
  EXPECT_EQ(p.members(0).unified_social_credit_code(), "91350100M000100Y43");
  EXPECT_EQ(p.members(0).depth(), 0);
  EXPECT_EQ(p.members(1).customer_id(), "");
  EXPECT_EQ(p.members(1).depth(), 1);
  EXPECT_THAT(p.members(1).paths(), ElementsAre("customers/cust-1 <-SHAREHOLDER- 乙公司",
                                                "customers/cust-1 -GUARANTOR-> 乙公司"));
  EXPECT_TRUE(p.truncated());
}

// Every value of a proto enum maps to the domain value with the same number and back; a number
// the proto does not define maps to UNSPECIFIED.
template <typename ProtoEnum, typename DomainEnum>
void ExpectEnumMapsBothWays(const google::protobuf::EnumDescriptor* descriptor) {
  SCOPED_TRACE(descriptor->full_name());
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto proto_value = static_cast<ProtoEnum>(descriptor->value(i)->number());
    const DomainEnum domain_value = FromProto(proto_value);
    EXPECT_EQ(static_cast<int>(domain_value), descriptor->value(i)->number());
    EXPECT_EQ(ToProto(domain_value), proto_value);
  }
  EXPECT_EQ(static_cast<int>(FromProto(static_cast<ProtoEnum>(descriptor->value_count() + 40))), 0);
  EXPECT_EQ(static_cast<int>(FromProto(static_cast<ProtoEnum>(-3))), 0);
  EXPECT_EQ(static_cast<int>(ToProto(static_cast<DomainEnum>(descriptor->value_count() + 40))), 0);
}

TEST(EnumMappingTest, MapsEveryValueBothWaysAndUnknownToUnspecified) {
  ExpectEnumMapsBothWays<v1::CustomerKind, CustomerKind>(v1::CustomerKind_descriptor());
  ExpectEnumMapsBothWays<v1::Segment, Segment>(v1::Segment_descriptor());
  ExpectEnumMapsBothWays<v1::Tier, Tier>(v1::Tier_descriptor());
  ExpectEnumMapsBothWays<v1::LifecycleStage, LifecycleStage>(v1::LifecycleStage_descriptor());
  ExpectEnumMapsBothWays<v1::ContactRole, ContactRole>(v1::ContactRole_descriptor());
  ExpectEnumMapsBothWays<v1::RelationType, RelationType>(v1::RelationType_descriptor());
  ExpectEnumMapsBothWays<v1::PeriodType, PeriodType>(v1::PeriodType_descriptor());
}

TEST(EnumMappingTest, NamesMatch) {
  EXPECT_EQ(ToProto(Segment::kFirstTimeBorrower), v1::SEGMENT_FIRST_TIME_BORROWER);
  EXPECT_EQ(FromProto(v1::RELATION_TYPE_DOWNSTREAM_BUYER), RelationType::kDownstreamBuyer);
  EXPECT_EQ(FromProto(v1::LIFECYCLE_STAGE_EXITING), LifecycleStage::kExiting);
  EXPECT_EQ(ToProto(ContactRole::kEmergencyContact), v1::CONTACT_ROLE_EMERGENCY_CONTACT);
}

TEST(TimestampMappingTest, RoundTripsWithNanosecondPrecision) {
  for (absl::Time t :
       {kCreated, kUpdated, absl::UnixEpoch(), absl::UnixEpoch() - absl::Nanoseconds(1),
        absl::FromCivil(absl::CivilSecond(1, 1, 1, 0, 0, 0), absl::UTCTimeZone()),
        absl::FromCivil(absl::CivilSecond(1969, 7, 20, 20, 17, 40), absl::UTCTimeZone()) +
            absl::Milliseconds(123)}) {
    google::protobuf::Timestamp ts;
    ToProto(t, &ts);
    EXPECT_GE(ts.nanos(), 0);
    EXPECT_LT(ts.nanos(), 1000000000);
    EXPECT_EQ(FromProto(ts), t);
  }
}

TEST(TimestampMappingTest, BeforeTheEpochNanosStayPositive) {
  google::protobuf::Timestamp ts;
  ToProto(absl::UnixEpoch() - absl::Milliseconds(1500), &ts);
  EXPECT_EQ(ts.seconds(), -2);
  EXPECT_EQ(ts.nanos(), 500000000);
}

TEST(TimestampMappingTest, ClampsInstantsOutsideTheTimestampRange) {
  google::protobuf::Timestamp ts;
  ToProto(absl::InfiniteFuture(), &ts);
  EXPECT_EQ(ts.seconds(), 253402300799);
  EXPECT_EQ(ts.nanos(), 999999999);
  ToProto(absl::InfinitePast(), &ts);
  EXPECT_EQ(ts.seconds(), -62135596800);
  EXPECT_EQ(ts.nanos(), 0);
}

TEST(TimestampMappingTest, ValidatesCallerTimestamps) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(1700000000);
  ts.set_nanos(5);
  ASSERT_OK_AND_ASSIGN(absl::Time t, TimestampFromProto(ts, "as_of_time"));
  EXPECT_EQ(t, absl::FromUnixSeconds(1700000000) + absl::Nanoseconds(5));

  ts.set_nanos(1000000000);
  absl::StatusOr<absl::Time> bad_nanos = TimestampFromProto(ts, "as_of_time");
  EXPECT_THAT(bad_nanos, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(bad_nanos.status()), ElementsAre("as_of_time.nanos"));

  ts.set_nanos(0);
  ts.set_seconds(253402300800);  // 10000-01-01
  absl::StatusOr<absl::Time> bad_seconds = TimestampFromProto(ts, "end_time");
  EXPECT_THAT(bad_seconds, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(bad_seconds.status()), ElementsAre("end_time.seconds"));

  ts.set_seconds(std::numeric_limits<int64_t>::min());
  EXPECT_THAT(TimestampFromProto(ts, "start_time"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DateMappingTest, AcceptsRealDaysOnly) {
  auto date = [](int32_t y, int32_t m, int32_t d) {
    common::v1::Date out;
    out.set_year(y);
    out.set_month(m);
    out.set_day(d);
    return out;
  };
  FieldViolations v;
  EXPECT_THAT(DateFromProto(date(2024, 2, 29), "d", v), Optional(absl::CivilDay(2024, 2, 29)));
  EXPECT_THAT(DateFromProto(date(2000, 2, 29), "d", v), Optional(absl::CivilDay(2000, 2, 29)));
  EXPECT_THAT(DateFromProto(date(1, 1, 1), "d", v), Optional(absl::CivilDay(1, 1, 1)));
  EXPECT_THAT(DateFromProto(date(9999, 12, 31), "d", v), Optional(absl::CivilDay(9999, 12, 31)));
  EXPECT_EQ(DateFromProto(date(0, 0, 0), "d", v), std::nullopt);
  EXPECT_TRUE(v.empty());

  for (const common::v1::Date& bad :
       {date(1900, 2, 29), date(2023, 2, 29), date(2024, 4, 31), date(2024, 0, 1), date(2024, 1, 0),
        date(0, 1, 1), date(2024, 0, 0), date(-5, 1, 1), date(10000, 1, 1)}) {
    FieldViolations w;
    EXPECT_EQ(DateFromProto(bad, "d", w), std::nullopt) << bad.ShortDebugString();
    EXPECT_THAT(w.violations(), ElementsAre(Field(&FieldViolation::field, "d")))
        << bad.ShortDebugString();
  }
}

TEST(MoneyMappingTest, ChecksCurrencyAndNanos) {
  common::v1::Money m;
  m.set_currency_code("CNY");
  m.set_units(-3);
  m.set_nanos(-999999999);
  FieldViolations v;
  EXPECT_THAT(MoneyFromProto(m, "amount", v), Optional(Eq(Money{"CNY", -3, -999999999})));
  m.set_units(0);
  m.set_nanos(-5);  // zero units carry either sign
  EXPECT_THAT(MoneyFromProto(m, "amount", v), Optional(Eq(Money{"CNY", 0, -5})));
  EXPECT_TRUE(v.empty());

  m.set_currency_code("CN");
  m.set_units(1);
  EXPECT_EQ(MoneyFromProto(m, "amount", v), std::nullopt);
  EXPECT_THAT(v.violations(), ElementsAre(Field(&FieldViolation::field, "amount.currency_code"),
                                          Field(&FieldViolation::field, "amount.nanos")));

  common::v1::Money out;
  ToProto(Money{"EUR", 12, 340000000}, &out);
  EXPECT_EQ(out.currency_code(), "EUR");
  EXPECT_EQ(out.units(), 12);
  EXPECT_EQ(out.nanos(), 340000000);
}

}  // namespace
}  // namespace ccrm::customer
