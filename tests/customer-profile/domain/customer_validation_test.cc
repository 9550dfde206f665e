#include "services/customer-profile/domain/customer_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace ccrm::customer {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kToday(2024, 6, 1);

std::vector<std::string> FieldsOf(const FieldViolations& v) {
  std::vector<std::string> fields;
  for (const FieldViolation& fv : v.violations()) {
    fields.push_back(fv.field);
  }
  return fields;
}

// The single violation of `v` (fails the test if there is not exactly one).
FieldViolation Only(const FieldViolations& v) {
  EXPECT_EQ(v.violations().size(), 1u) << ::testing::PrintToString(FieldsOf(v));
  return v.violations().empty() ? FieldViolation{} : v.violations().front();
}

// "张" repeated: n code points, 3n bytes.
std::string ChineseText(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += "张";
  }
  return s;
}

Customer ValidEnterprise() {
  Customer c;
  c.kind = CustomerKind::kEnterprise;
  c.unified_social_credit_code = "91350100M000100Y43";
  c.legal_name = "福建某某建设有限公司";
  c.legal_representative = "张三";
  c.legal_representative_id_number = "11010519491231002X";
  c.contact_phone = "0591-87654321";
  c.settlement_account_number = "6222021234567890";
  c.registered_capital = Money{"CNY", 50'000'000, 0};
  c.business_scope = "房屋建筑工程施工";
  c.industry_code = "E4710";
  c.registered_address = "福建省福州市鼓楼区某某路1号";
  c.established_date = absl::CivilDay(2005, 3, 18);
  c.annual_revenue = Money{"CNY", 180'000'000, 500'000'000};
  c.total_assets = Money{"CNY", 260'000'000, 0};
  c.employee_count = 320;
  c.has_prior_credit = true;
  c.credit_grade = "A";
  c.relationship_start_date = absl::CivilDay(2015, 1, 5);
  c.relationship_manager_id = "rm.zhang_01";
  return c;
}

Customer ValidIndividual() {
  Customer c;
  c.kind = CustomerKind::kIndividual;
  c.legal_name = "李四";
  c.legal_representative_id_number = "110101199003074477";
  c.contact_phone = "+8613800138000";
  return c;
}

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

TEST(ValidateCustomerTest, ValidEnterpriseAndIndividualPass) {
  EXPECT_THAT(ValidateCustomer(ValidEnterprise(), kToday).violations(), IsEmpty());
  EXPECT_THAT(ValidateCustomer(ValidIndividual(), kToday).violations(), IsEmpty());
}

TEST(ValidateCustomerTest, MinimalEnterprisePasses) {
  Customer c;
  c.kind = CustomerKind::kEnterprise;
  c.unified_social_credit_code = "914403001922038216";
  c.legal_name = "某某";
  c.industry_code = "C39";
  EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty());
}

TEST(ValidateCustomerTest, KindIsRequired) {
  Customer c = ValidEnterprise();
  c.kind = CustomerKind::kUnspecified;
  FieldViolation v = Only(ValidateCustomer(c, kToday));
  EXPECT_EQ(v.field, "kind");
  EXPECT_EQ(v.description, "is required");

  c.kind = static_cast<CustomerKind>(7);
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)).description, "must be ENTERPRISE or INDIVIDUAL");
}

TEST(ValidateCustomerTest, EnterpriseNeedsAValidCreditCode) {
  Customer c = ValidEnterprise();
  c.unified_social_credit_code = "";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"unified_social_credit_code", "is required for enterprises"}));

  c.unified_social_credit_code = "91350100M000100Y44";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"unified_social_credit_code",
                            "check character mismatch: expected 3, got 4"}));

  c.unified_social_credit_code = "91350100m000100Y43";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, "unified_social_credit_code");
}

TEST(ValidateCustomerTest, EnterpriseNeedsAValidIndustryCode) {
  Customer c = ValidEnterprise();
  c.industry_code = "";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"industry_code", "is required for enterprises"}));
  c.industry_code = "A4710";
  FieldViolation v = Only(ValidateCustomer(c, kToday));
  EXPECT_EQ(v.field, "industry_code");
  EXPECT_THAT(v.description, HasSubstr("belongs to section E"));
}

TEST(ValidateCustomerTest, IndividualRules) {
  Customer c = ValidIndividual();
  c.unified_social_credit_code = "91350100M000100Y43";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"unified_social_credit_code", "must be empty for individuals"}));

  c = ValidIndividual();
  c.legal_representative_id_number = "";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, "legal_representative_id_number");

  // An industry code is optional for individuals but must be valid when given.
  c = ValidIndividual();
  c.industry_code = "Q99";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, "industry_code");
}

TEST(ValidateCustomerTest, LegalNameCountsCodePoints) {
  Customer c = ValidEnterprise();
  c.legal_name = ChineseText(2);  // 6 bytes, 2 characters
  EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty());
  c.legal_name = ChineseText(200);
  EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty());

  c.legal_name = ChineseText(201);
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"legal_name", "must be 2 to 200 characters, got 201"}));
  c.legal_name = "张";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"legal_name", "must be 2 to 200 characters, got 1"}));
  c.legal_name = "";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)), (FieldViolation{"legal_name", "is required"}));
  c.legal_name = " \t ";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)), (FieldViolation{"legal_name", "is required"}));
  c.legal_name = "ab\xff\xfe";
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"legal_name", "must be valid UTF-8"}));
  c.legal_name = "\xed\xa0\x80\xed\xb0\x80";  // an encoded surrogate pair (CESU-8)
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)).description, "must be valid UTF-8");
  c.legal_name = "\xe0\x80\xaf\xe0\x80\xaf";  // overlong encodings of '/'
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)).description, "must be valid UTF-8");
  c.legal_name = "🏦银行";  // a 4-byte character counts once
  EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty());
}

TEST(ValidateCustomerTest, TextLimits) {
  struct Case {
    std::string field;
    std::string Customer::*member;
    size_t max;
  };
  for (const Case& t : {Case{"legal_representative", &Customer::legal_representative, 100},
                        Case{"registered_address", &Customer::registered_address, 500},
                        Case{"business_scope", &Customer::business_scope, 2000}}) {
    Customer c = ValidEnterprise();
    c.*t.member = ChineseText(t.max);
    EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty()) << t.field;
    c.*t.member = ChineseText(t.max + 1);
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
              (FieldViolation{t.field, absl::StrCat("must be at most ", t.max, " characters, got ",
                                                    t.max + 1)}));
    c.*t.member = "";
    EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty()) << t.field;
    c.*t.member = "   ";
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
              (FieldViolation{t.field, "must not be only white space"}));
  }
}

TEST(ValidateCustomerTest, MoneyFields) {
  struct Case {
    std::string field;
    std::optional<Money> Customer::*member;
  };
  for (const Case& t : {Case{"registered_capital", &Customer::registered_capital},
                        Case{"annual_revenue", &Customer::annual_revenue},
                        Case{"total_assets", &Customer::total_assets}}) {
    Customer c = ValidEnterprise();
    c.*t.member = std::nullopt;
    EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty()) << t.field;
    c.*t.member = Cny(0);
    EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty()) << t.field;
    c.*t.member = Money{"USD", 1'000'000, 0};  // any ISO currency
    EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty()) << t.field;

    c.*t.member = Cny(-1);
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)), (FieldViolation{t.field, "must not be negative"}));
    c.*t.member = Cny(0, -1);
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)), (FieldViolation{t.field, "must not be negative"}));
    c.*t.member = Cny(1, -5);
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, t.field);
    EXPECT_THAT(Only(ValidateCustomer(c, kToday)).description, HasSubstr("nanos"));
    c.*t.member = Cny(0, 1'000'000'000);
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, t.field);
    c.*t.member = Money{"cny", 1, 0};
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, t.field + ".currency_code");
    c.*t.member = Money{"", 1, 0};
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, t.field + ".currency_code");
  }
}

TEST(ValidateCustomerTest, DatesNotInTheFuture) {
  Customer c = ValidEnterprise();
  c.established_date = kToday;
  c.relationship_start_date = kToday;
  EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty());

  c.established_date = kToday + 1;
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"established_date",
                            "must not be in the future (2024-06-02 is after 2024-06-01)"}));
  c.established_date = kToday;
  c.relationship_start_date = kToday + 1;
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, "relationship_start_date");
}

TEST(ValidateCustomerTest, EmployeeCount) {
  Customer c = ValidEnterprise();
  c.employee_count = 0;
  EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty());
  c.employee_count = -1;
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"employee_count", "must not be negative"}));
}

TEST(ValidateCustomerTest, PersonalIdentifiersValidWhenSet) {
  Customer c = ValidEnterprise();
  c.legal_representative_id_number = "";
  c.contact_phone = "";
  c.settlement_account_number = "";
  EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty());

  c.legal_representative_id_number = "110101199003074478";
  c.contact_phone = "12345";
  c.settlement_account_number = "6222-0212";
  FieldViolations v = ValidateCustomer(c, kToday);
  EXPECT_THAT(FieldsOf(v), ElementsAre("legal_representative_id_number", "contact_phone",
                                       "settlement_account_number"));
  EXPECT_THAT(v.violations(),
              Contains(FieldViolation{"settlement_account_number", "must be 8 to 32 digits"}));
  EXPECT_THAT(v.violations(), Contains(FieldViolation{"legal_representative_id_number",
                                                      "check character mismatch"}));
}

TEST(ValidateCustomerTest, CreditGrade) {
  Customer c = ValidEnterprise();
  for (const char* grade : {"", "AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D"}) {
    c.credit_grade = grade;
    EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty()) << grade;
  }
  for (const char* grade : {"aaa", "A+", "AAAA", "E", " A", "BBB-"}) {
    c.credit_grade = grade;
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)).field, "credit_grade") << grade;
  }
}

TEST(ValidateCustomerTest, RelationshipManagerId) {
  Customer c = ValidEnterprise();
  for (const std::string& id :
       {std::string(""), std::string("rm-01.zhang_san"), std::string(64, 'x')}) {
    c.relationship_manager_id = id;
    EXPECT_THAT(ValidateCustomer(c, kToday).violations(), IsEmpty()) << id;
  }
  c.relationship_manager_id = std::string(65, 'x');
  EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
            (FieldViolation{"relationship_manager_id", "must be at most 64 characters"}));
  for (const char* id : {"rm 01", "rm/01", "张三", "rm@bank"}) {
    c.relationship_manager_id = id;
    EXPECT_EQ(Only(ValidateCustomer(c, kToday)),
              (FieldViolation{"relationship_manager_id",
                              "may hold only letters, digits, '.', '_' and '-'"}))
        << id;
  }
}

TEST(ValidateCustomerTest, ReportsEveryViolationAtOnce) {
  Customer c = ValidEnterprise();
  c.unified_social_credit_code = "";
  c.legal_name = "";
  c.employee_count = -3;
  c.credit_grade = "Z";
  EXPECT_THAT(FieldsOf(ValidateCustomer(c, kToday)),
              UnorderedElementsAre("unified_social_credit_code", "legal_name", "employee_count",
                                   "credit_grade"));
}

Contact ValidContact() {
  Contact c;
  c.role = ContactRole::kFinanceOfficer;
  c.full_name = "王五";
  c.title = "财务总监";
  c.id_number = "440524188001010014";
  c.phone = "13800138000";
  c.email = "wang.wu@example.com.cn";
  return c;
}

TEST(ValidateContactTest, ValidContactPasses) {
  EXPECT_THAT(ValidateContact(ValidContact()).violations(), IsEmpty());
  Contact minimal;
  minimal.role = ContactRole::kEmergencyContact;
  minimal.full_name = "W";
  EXPECT_THAT(ValidateContact(minimal).violations(), IsEmpty());
}

TEST(ValidateContactTest, RoleAndNameRequired) {
  Contact c = ValidContact();
  c.role = ContactRole::kUnspecified;
  c.full_name = "";
  EXPECT_THAT(ValidateContact(c).violations(),
              ElementsAre(FieldViolation{"role", "is required"},
                          FieldViolation{"full_name", "is required"}));
  c = ValidContact();
  c.role = static_cast<ContactRole>(42);
  EXPECT_EQ(Only(ValidateContact(c)), (FieldViolation{"role", "is not a known contact role"}));
}

TEST(ValidateContactTest, Limits) {
  Contact c = ValidContact();
  c.full_name = ChineseText(101);
  c.title = ChineseText(101);
  EXPECT_THAT(FieldsOf(ValidateContact(c)), ElementsAre("full_name", "title"));
}

TEST(ValidateContactTest, IdentifiersValidWhenSet) {
  Contact c = ValidContact();
  c.id_number = "44052418800101001X";
  c.phone = "+1 202 555 0100";
  c.email = "wang.wu@";
  EXPECT_THAT(FieldsOf(ValidateContact(c)), ElementsAre("id_number", "phone", "email"));
}

RelatedParty CustomerEdge() {
  RelatedParty p;
  p.customer_id = "c-1";
  p.relation_type = RelationType::kShareholder;
  p.related_customer_id = "c-2";
  p.shareholding_bps = 5100;
  return p;
}

RelatedParty OutsideEdge() {
  RelatedParty p;
  p.customer_id = "c-1";
  p.relation_type = RelationType::kGuarantor;
  p.party_name = "福建某某融资担保有限公司";
  p.party_unified_social_credit_code = "914403001922038216";
  return p;
}

TEST(ValidateRelatedPartyTest, ValidEdgesPass) {
  EXPECT_THAT(ValidateRelatedParty(CustomerEdge()).violations(), IsEmpty());
  EXPECT_THAT(ValidateRelatedParty(OutsideEdge()).violations(), IsEmpty());
  RelatedParty named_only = OutsideEdge();
  named_only.party_unified_social_credit_code = "";
  EXPECT_THAT(ValidateRelatedParty(named_only).violations(), IsEmpty());
}

TEST(ValidateRelatedPartyTest, RelationTypeRequired) {
  RelatedParty p = CustomerEdge();
  p.relation_type = RelationType::kUnspecified;
  p.shareholding_bps = 0;
  EXPECT_EQ(Only(ValidateRelatedParty(p)), (FieldViolation{"relation_type", "is required"}));
  p.relation_type = static_cast<RelationType>(8);
  EXPECT_EQ(Only(ValidateRelatedParty(p)),
            (FieldViolation{"relation_type", "is not a known relation type"}));
}

TEST(ValidateRelatedPartyTest, NeedsACustomerOrAName) {
  RelatedParty p = OutsideEdge();
  p.party_name = "";
  FieldViolation v = Only(ValidateRelatedParty(p));
  EXPECT_EQ(v.field, "related_customer_id");
  EXPECT_THAT(v.description, HasSubstr("either related_customer_id"));
}

TEST(ValidateRelatedPartyTest, CannotRelateToItself) {
  RelatedParty p = CustomerEdge();
  p.related_customer_id = p.customer_id;
  EXPECT_EQ(Only(ValidateRelatedParty(p)),
            (FieldViolation{"related_customer_id", "a customer cannot be its own related party"}));
}

TEST(ValidateRelatedPartyTest, Shareholding) {
  RelatedParty p = CustomerEdge();
  for (int32_t bps : {0, 1, 10000}) {
    for (RelationType t :
         {RelationType::kShareholder, RelationType::kSubsidiary, RelationType::kActualController}) {
      p.relation_type = t;
      p.shareholding_bps = bps;
      EXPECT_THAT(ValidateRelatedParty(p).violations(), IsEmpty()) << bps;
    }
  }
  p.relation_type = RelationType::kShareholder;
  for (int32_t bps : {-1, 10001}) {
    p.shareholding_bps = bps;
    EXPECT_EQ(Only(ValidateRelatedParty(p)),
              (FieldViolation{"shareholding_bps", "must be 0 to 10000 basis points"}));
  }
  for (RelationType t : {RelationType::kGuarantor, RelationType::kAffiliate,
                         RelationType::kUpstreamSupplier, RelationType::kDownstreamBuyer}) {
    p.relation_type = t;
    p.shareholding_bps = 0;
    EXPECT_THAT(ValidateRelatedParty(p).violations(), IsEmpty());
    p.shareholding_bps = 3000;
    EXPECT_EQ(Only(ValidateRelatedParty(p)),
              (FieldViolation{"shareholding_bps",
                              "applies only to shareholder, subsidiary and actual-controller "
                              "relations"}));
  }
}

TEST(ValidateRelatedPartyTest, PartyCodeValidWhenSet) {
  RelatedParty p = OutsideEdge();
  p.party_unified_social_credit_code = "914403001922038217";
  EXPECT_EQ(Only(ValidateRelatedParty(p)),
            (FieldViolation{"party_unified_social_credit_code",
                            "check character mismatch: expected 6, got 7"}));
}

Project ValidProject() {
  Project p;
  p.project_name = "某某产业园一期";
  p.total_investment = Cny(800'000'000);
  p.capital_ratio_bps = 2500;
  p.use_of_funds = "厂房建设及设备购置";
  p.planned_start_date = absl::CivilDay(2023, 3, 1);
  p.planned_completion_date = absl::CivilDay(2025, 12, 31);
  p.actual_start_date = absl::CivilDay(2023, 4, 10);
  p.invested_to_date = Cny(210'000'000);
  p.milestones = {{"主体结构封顶", absl::CivilDay(2024, 5, 31), absl::CivilDay(2024, 5, 20)},
                  {"竣工验收", absl::CivilDay(2025, 12, 31), std::nullopt}};
  return p;
}

TEST(ValidateProjectTest, ValidProjectPasses) {
  EXPECT_THAT(ValidateProject(ValidProject(), kToday).violations(), IsEmpty());
}

TEST(ValidateProjectTest, NameAndInvestmentRequired) {
  Project p = ValidProject();
  p.project_name = "";
  p.total_investment = std::nullopt;
  p.invested_to_date = std::nullopt;
  EXPECT_THAT(ValidateProject(p, kToday).violations(),
              ElementsAre(FieldViolation{"project_name", "is required"},
                          FieldViolation{"total_investment", "is required"}));
}

TEST(ValidateProjectTest, TotalInvestmentPositive) {
  Project p = ValidProject();
  p.invested_to_date = std::nullopt;
  p.total_investment = Cny(0);
  EXPECT_EQ(Only(ValidateProject(p, kToday)),
            (FieldViolation{"total_investment", "must be greater than zero"}));
  p.total_investment = Cny(-5);
  EXPECT_EQ(Only(ValidateProject(p, kToday)).field, "total_investment");
  p.total_investment = Cny(0, 1);
  EXPECT_THAT(ValidateProject(p, kToday).violations(), IsEmpty());
}

TEST(ValidateProjectTest, CapitalRatio) {
  Project p = ValidProject();
  for (int32_t bps : {0, 10000}) {
    p.capital_ratio_bps = bps;
    EXPECT_THAT(ValidateProject(p, kToday).violations(), IsEmpty());
  }
  for (int32_t bps : {-1, 10001}) {
    p.capital_ratio_bps = bps;
    EXPECT_EQ(Only(ValidateProject(p, kToday)),
              (FieldViolation{"capital_ratio_bps", "must be 0 to 10000 basis points"}));
  }
}

TEST(ValidateProjectTest, InvestedToDate) {
  Project p = ValidProject();
  p.invested_to_date = *p.total_investment;
  EXPECT_THAT(ValidateProject(p, kToday).violations(), IsEmpty());
  p.invested_to_date = Cny(800'000'000, 1);
  EXPECT_EQ(Only(ValidateProject(p, kToday)),
            (FieldViolation{"invested_to_date", "must not exceed total_investment"}));
  p.invested_to_date = Money{"USD", 1, 0};
  EXPECT_EQ(Only(ValidateProject(p, kToday)),
            (FieldViolation{"invested_to_date.currency_code",
                            "must be the currency of total_investment (CNY)"}));
  p.invested_to_date = Cny(-1);
  EXPECT_EQ(Only(ValidateProject(p, kToday)),
            (FieldViolation{"invested_to_date", "must not be negative"}));
}

TEST(ValidateProjectTest, DateOrder) {
  Project p = ValidProject();
  p.planned_completion_date = p.planned_start_date;
  EXPECT_THAT(ValidateProject(p, kToday).violations(), IsEmpty());
  p.planned_completion_date = *p.planned_start_date - 1;
  EXPECT_EQ(Only(ValidateProject(p, kToday)),
            (FieldViolation{"planned_completion_date",
                            "must not be before planned_start_date (2023-02-28 is before "
                            "2023-03-01)"}));

  p = ValidProject();
  p.actual_completion_date = *p.actual_start_date - 1;
  EXPECT_EQ(Only(ValidateProject(p, kToday)).field, "actual_completion_date");

  p = ValidProject();
  p.actual_start_date = std::nullopt;
  p.actual_completion_date = absl::CivilDay(2024, 1, 1);
  EXPECT_EQ(
      Only(ValidateProject(p, kToday)),
      (FieldViolation{"actual_start_date", "is required once actual_completion_date is set"}));
}

TEST(ValidateProjectTest, ActualDatesNotInTheFuture) {
  Project p = ValidProject();
  p.actual_start_date = kToday + 1;
  EXPECT_EQ(Only(ValidateProject(p, kToday)).field, "actual_start_date");
  p = ValidProject();
  p.actual_completion_date = kToday + 1;
  EXPECT_EQ(Only(ValidateProject(p, kToday)).field, "actual_completion_date");
  // Planned dates may well be in the future.
  p = ValidProject();
  p.planned_completion_date = kToday + 900;
  EXPECT_THAT(ValidateProject(p, kToday).violations(), IsEmpty());
}

TEST(ValidateProjectTest, Milestones) {
  Project p = ValidProject();
  p.milestones[1].title = "";
  p.milestones[0].actual_date = kToday + 1;
  EXPECT_THAT(
      ValidateProject(p, kToday).violations(),
      UnorderedElementsAre(FieldViolation{"milestones[1].title", "is required"},
                           AllOf(Field(&FieldViolation::field, "milestones[0].actual_date"),
                                 Field(&FieldViolation::description, HasSubstr("future")))));
}

}  // namespace
}  // namespace ccrm::customer
