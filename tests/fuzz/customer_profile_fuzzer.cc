// Fuzz target over ccrm.customer.v1.CustomerProfile: every RPC's request goes through the same
// steps as its handler (services/customer-profile/api/customer_profile_service.cc): request id,
// resource names, view / enum / order_by / update_mask checks, proto → domain mapping, then the
// domain service, which validates the fields (customer_validation.h, uscc.h, statement checks,
// lifecycle paths, field-mask updates) and writes to the in-memory repositories, fresh for each
// input and holding one known customer (kCustomerId) so that names reach past NOT_FOUND.
// Properties: ToProto(FromProto(ToProto(FromProto(x)))) == ToProto(FromProto(x)) for each
// resource the requests carry, plus the harness's (no throw, caller-facing codes, field
// violations on INVALID_ARGUMENT).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/auth/principal.h"
#include "common/ids/etag.h"
#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/time/clock.h"
#include "services/customer-profile/api/event_encoder.h"
#include "services/customer-profile/api/proto_mapping.h"
#include "services/customer-profile/api/request_parsing.h"
#include "services/customer-profile/api/resource_names.h"
#include "services/customer-profile/domain/classification.h"
#include "services/customer-profile/domain/contact_service.h"
#include "services/customer-profile/domain/customer_service.h"
#include "services/customer-profile/domain/project_service.h"
#include "services/customer-profile/domain/related_party_service.h"
#include "services/customer-profile/domain/statement_service.h"
#include "services/customer-profile/domain/uscc.h"
#include "services/customer-profile/domain/write_context.h"
#include "services/customer-profile/storage/in_memory_repositories.h"
#include "tests/fuzz/fuzz_harness.h"

namespace ccrm::customer {
namespace {

using fuzz::Check;
using fuzz::Cny;
using fuzz::Day;
using fuzz::MakeSeed;
using fuzz::Seed;

constexpr char kCustomerId[] = "0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01";
constexpr char kCustomerName[] = "customers/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01";
constexpr char kOtherId[] = "0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e02";

absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::UTCTimeZone());
}

// A known-good code for the customer every input's store starts with.
std::string KnownUscc() {
  const std::string first17 = "91350100MA2Y0001X";
  absl::StatusOr<char> check = UsccCheckCharacter(first17);
  return first17 + check.value_or('0');
}

// The domain services on fresh in-memory repositories, as main.cc wires the MySQL ones.
struct Env {
  Env() {
    Customer known;
    known.customer_id = kCustomerId;
    known.kind = CustomerKind::kEnterprise;
    known.unified_social_credit_code = KnownUscc();
    known.legal_name = "福建某某建设有限公司";
    known.industry_code = "E4710";
    (void)customer_repository.Create(known, IdempotencyKey{}, MakeWriteContext(caller, clock));
  }

  FakeClock clock{Now()};
  ProtoEventEncoder encoder;
  InMemoryCustomerRepository customer_repository{&encoder};
  InMemoryContactRepository contact_repository{&customer_repository};
  InMemoryRelatedPartyRepository related_party_repository{&customer_repository};
  InMemoryProjectRepository project_repository{&customer_repository};
  InMemoryStatementRepository statement_repository{&customer_repository};
  CustomerService customers{&customer_repository, &clock, ClassificationRules::Default()};
  ContactService contacts{&contact_repository, &customer_repository, &clock};
  RelatedPartyService related_parties{&related_party_repository, &clock};
  ProjectService projects{&project_repository, &clock};
  StatementService statements{&statement_repository, &clock};
  // Every role: permission checks are the interceptor's, not what is fuzzed here.
  Caller caller{
      Principal{"rm-042", {roles::kRelationshipManager, roles::kCreditAnalyst, roles::kAdmin}},
      "fuzz-1"};
};

// FromProto of a resource, and the round-trip property when it maps.
template <typename Proto>
auto MapAndRoundTrip(const Proto& proto, const std::string& prefix)
    -> decltype(FromProto(proto, prefix)) {
  auto draft = FromProto(proto, prefix);
  if (draft.ok()) {
    Proto once;
    ToProto(*draft, &once);
    auto again = FromProto(once, prefix);
    if (!again.ok()) {
      fuzz::Fail(absl::StrCat(prefix, ": ToProto of a mapped value does not map back: ",
                              again.status().ToString(), "\n", once.DebugString()));
    }
    Proto twice;
    ToProto(*again, &twice);
    fuzz::RequireSameMessage(once, twice, prefix);
  }
  return draft;
}

// --- Customers ---

absl::Status CreateCustomer(const v1::CreateCustomerRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Customer draft, MapAndRoundTrip(r.customer(), "customer"));
  ASSIGN_OR_RETURN(Customer created, env.customers.Create(env.caller, draft, key));
  v1::Customer out;
  ToProto(created, &out);
  return absl::OkStatus();
}

absl::Status GetCustomer(const v1::GetCustomerRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string id, ParseCustomerName(r.name(), "name"));
  ASSIGN_OR_RETURN(PersonalDataView view, ViewOf(r.view()));
  std::optional<absl::Time> as_of;
  if (r.has_as_of_time()) {
    as_of = FromProto(r.as_of_time());
  }
  ASSIGN_OR_RETURN(Customer c, env.customers.Get(env.caller, id, view, as_of));
  v1::Customer out;
  ToProto(c, &out);
  return absl::OkStatus();
}

absl::Status ListCustomers(const v1::ListCustomersRequest& r) {
  Env env;
  FieldViolations violations;
  if (!v1::Segment_IsValid(r.segment())) {
    violations.Add("segment", "is not a known segment");
  }
  if (!v1::Tier_IsValid(r.tier())) {
    violations.Add("tier", "is not a known tier");
  }
  if (!v1::LifecycleStage_IsValid(r.lifecycle_stage())) {
    violations.Add("lifecycle_stage", "is not a known stage");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  CustomerQuery query;
  query.segment = FromProto(r.segment());
  query.tier = FromProto(r.tier());
  query.lifecycle_stage = FromProto(r.lifecycle_stage());
  query.industry_code_prefix = r.industry_code();
  query.relationship_manager_id = r.relationship_manager_id();
  query.name_prefix = r.name_prefix();
  query.legal_representative_id_number = r.legal_representative_id_number();
  query.include_archived = r.show_archived();
  ASSIGN_OR_RETURN(query.order, ParseOrderBy(r.order_by(), query.descending));
  ASSIGN_OR_RETURN(CustomerList list,
                   env.customers.List(env.caller, std::move(query), r.page_token(), r.page_size()));
  return absl::OkStatus();
}

absl::Status UpdateCustomer(const v1::UpdateCustomerRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string id, ParseCustomerName(r.customer().name(), "customer.name"));
  ASSIGN_OR_RETURN(std::vector<std::string> paths, PathsOf(r.update_mask(), r.has_update_mask()));
  ASSIGN_OR_RETURN(Customer patch, MapAndRoundTrip(r.customer(), "customer"));
  ASSIGN_OR_RETURN(Customer updated,
                   env.customers.Update(env.caller, id, patch, paths, r.customer().etag()));
  return absl::OkStatus();
}

absl::Status ArchiveCustomer(const v1::ArchiveCustomerRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string id, ParseCustomerName(r.name(), "name"));
  return env.customers.Archive(env.caller, id, r.etag(), r.reason()).status();
}

absl::Status OverrideClassification(const v1::OverrideClassificationRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string id, ParseCustomerName(r.name(), "name"));
  FieldViolations violations;
  if (!v1::Segment_IsValid(r.segment())) {
    violations.Add("segment", "is not a known segment");
  }
  if (!v1::Tier_IsValid(r.tier())) {
    violations.Add("tier", "is not a known tier");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  return env.customers
      .OverrideClassification(env.caller, id, FromProto(r.segment()), FromProto(r.tier()),
                              r.reason(), r.etag())
      .status();
}

absl::Status ClearClassificationOverride(const v1::ClearClassificationOverrideRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string id, ParseCustomerName(r.name(), "name"));
  return env.customers.ClearClassificationOverride(env.caller, id, r.reason(), r.etag()).status();
}

absl::Status TransitionLifecycle(const v1::TransitionLifecycleRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string id, ParseCustomerName(r.name(), "name"));
  if (!v1::LifecycleStage_IsValid(r.to_stage())) {
    return InvalidField("to_stage", "is not a known stage");
  }
  return env.customers
      .TransitionLifecycle(env.caller, id, FromProto(r.to_stage()), r.reason(), r.etag())
      .status();
}

// --- Contacts ---

absl::Status CreateContact(const v1::CreateContactRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Contact draft, MapAndRoundTrip(r.contact(), "contact"));
  draft.customer_id = customer_id;
  ASSIGN_OR_RETURN(Contact created, env.contacts.Create(env.caller, draft, key));
  v1::Contact out;
  ToProto(created, &out);
  return absl::OkStatus();
}

absl::Status ListContacts(const v1::ListContactsRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  ASSIGN_OR_RETURN(PersonalDataView view, ViewOf(r.view()));
  return env.contacts.List(env.caller, customer_id, view, r.page_token(), r.page_size()).status();
}

absl::Status UpdateContact(const v1::UpdateContactRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(ChildName name, ParseChildName(r.contact().name(), "contacts", "contact.name"));
  ASSIGN_OR_RETURN(std::vector<std::string> paths, PathsOf(r.update_mask(), r.has_update_mask()));
  ASSIGN_OR_RETURN(Contact patch, MapAndRoundTrip(r.contact(), "contact"));
  return env.contacts
      .Update(env.caller, name.customer_id, name.child_id, patch, paths, r.contact().etag())
      .status();
}

absl::Status DeleteContact(const v1::DeleteContactRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(ChildName name, ParseChildName(r.name(), "contacts", "name"));
  return env.contacts.Delete(env.caller, name.customer_id, name.child_id, r.etag()).status();
}

// --- Related parties and groups ---

absl::Status CreateRelatedParty(const v1::CreateRelatedPartyRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(RelatedParty draft, MapAndRoundTrip(r.related_party(), "related_party"));
  draft.customer_id = customer_id;
  ASSIGN_OR_RETURN(RelatedParty created, env.related_parties.Create(env.caller, draft, key));
  v1::RelatedParty out;
  ToProto(created, &out);
  return absl::OkStatus();
}

absl::Status ListRelatedParties(const v1::ListRelatedPartiesRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  return env.related_parties.List(env.caller, customer_id, r.page_token(), r.page_size()).status();
}

absl::Status DeleteRelatedParty(const v1::DeleteRelatedPartyRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(ChildName name, ParseChildName(r.name(), "relatedParties", "name"));
  return env.related_parties.Delete(env.caller, name.customer_id, name.child_id).status();
}

absl::Status GetCustomerGroup(const v1::GetCustomerGroupRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.name(), "name"));
  std::vector<RelationType> types;
  for (int type : r.relation_types()) {
    if (!v1::RelationType_IsValid(type)) {
      return InvalidField("relation_types", "holds an unknown relation type");
    }
    types.push_back(FromProto(static_cast<v1::RelationType>(type)));
  }
  ASSIGN_OR_RETURN(CustomerGroup group, env.related_parties.Group(env.caller, customer_id,
                                                                  std::move(types), r.max_depth()));
  v1::CustomerGroup out;
  ToProto(group, &out);
  return absl::OkStatus();
}

// --- Projects ---

absl::Status CreateProject(const v1::CreateProjectRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Project draft, MapAndRoundTrip(r.project(), "project"));
  draft.customer_id = customer_id;
  ASSIGN_OR_RETURN(Project created, env.projects.Create(env.caller, draft, key));
  v1::Project out;
  ToProto(created, &out);
  return absl::OkStatus();
}

absl::Status GetProject(const v1::GetProjectRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(ChildName name, ParseChildName(r.name(), "projects", "name"));
  return env.projects.Get(env.caller, name.customer_id, name.child_id).status();
}

absl::Status ListProjects(const v1::ListProjectsRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  return env.projects.List(env.caller, customer_id, r.page_token(), r.page_size()).status();
}

absl::Status UpdateProject(const v1::UpdateProjectRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(ChildName name, ParseChildName(r.project().name(), "projects", "project.name"));
  ASSIGN_OR_RETURN(std::vector<std::string> paths, PathsOf(r.update_mask(), r.has_update_mask()));
  ASSIGN_OR_RETURN(Project patch, MapAndRoundTrip(r.project(), "project"));
  return env.projects
      .Update(env.caller, name.customer_id, name.child_id, patch, paths, r.project().etag())
      .status();
}

// --- Financial statements ---

absl::Status SubmitFinancialStatement(const v1::SubmitFinancialStatementRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(FinancialStatement draft, MapAndRoundTrip(r.statement(), "statement"));
  draft.customer_id = customer_id;
  ASSIGN_OR_RETURN(FinancialStatement submitted, env.statements.Submit(env.caller, draft, key));
  v1::FinancialStatement out;
  ToProto(submitted, &out);
  return absl::OkStatus();
}

absl::Status GetFinancialStatement(const v1::GetFinancialStatementRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(ChildName name, ParseChildName(r.name(), "financialStatements", "name"));
  return env.statements.Get(env.caller, name.customer_id, name.child_id).status();
}

absl::Status ListFinancialStatements(const v1::ListFinancialStatementsRequest& r) {
  Env env;
  ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(r.parent(), "parent"));
  if (!v1::PeriodType_IsValid(r.period_type())) {
    return InvalidField("period_type", "is not a known period type");
  }
  return env.statements
      .List(env.caller, customer_id, FromProto(r.period_type()), r.page_token(), r.page_size())
      .status();
}

absl::Status ListAuditRecords(const v1::ListAuditRecordsRequest& r) {
  Env env;
  AuditQuery query;
  query.customer_id = r.customer_id();
  query.actor = r.actor();
  query.action = r.action();
  if (r.has_start_time()) {
    query.start_time = FromProto(r.start_time());
  }
  if (r.has_end_time()) {
    query.end_time = FromProto(r.end_time());
  }
  return env.customers.ListAudit(env.caller, std::move(query), r.page_token(), r.page_size())
      .status();
}

// --- Seeds ---

v1::Customer EnterpriseCustomer() {
  v1::Customer c;
  c.set_kind(v1::CUSTOMER_KIND_ENTERPRISE);
  const std::string first17 = "91350100MA2Y0002Q";
  c.set_unified_social_credit_code(first17 + UsccCheckCharacter(first17).value_or('0'));
  c.set_legal_name("福建某某建设有限公司");
  c.set_legal_representative("张三");
  c.set_legal_representative_id_number("11010519491231002X");
  c.set_contact_phone("+86 138-1234-5678");
  c.set_settlement_account_number("6222 0212 3456 7890");
  *c.mutable_registered_capital() = Cny(50'000'000);
  c.set_business_scope("房屋建筑工程施工");
  c.set_industry_code("E4710");
  c.set_registered_address("福州市鼓楼区五四路1号");
  *c.mutable_established_date() = Day(2008, 6, 18);
  *c.mutable_annual_revenue() = Cny(120'000'000);
  *c.mutable_total_assets() = Cny(30'000'000);
  c.set_employee_count(200);
  c.set_has_prior_credit(true);
  c.set_credit_grade("BBB");
  *c.mutable_relationship_start_date() = Day(2021, 3, 2);
  c.set_relationship_manager_id("rm-042");
  return c;
}

v1::Contact SomeContact() {
  v1::Contact c;
  c.set_role(v1::CONTACT_ROLE_LEGAL_REPRESENTATIVE);
  c.set_full_name("李四");
  c.set_title("财务总监");
  c.set_id_number("11010519491231002X");
  c.set_phone("+86 139-0000-1111");
  c.set_email("li.si@example.com");
  c.set_primary(true);
  return c;
}

v1::Project SomeProject() {
  v1::Project p;
  p.set_project_name("福州地铁配套工程");
  *p.mutable_total_investment() = Cny(800'000'000);
  p.set_capital_ratio_bps(2500);
  p.set_use_of_funds("土建施工");
  *p.mutable_planned_start_date() = Day(2025, 1, 1);
  *p.mutable_planned_completion_date() = Day(2027, 12, 31);
  *p.mutable_actual_start_date() = Day(2025, 2, 1);
  *p.mutable_invested_to_date() = Cny(200'000'000);
  v1::Milestone* m = p.add_milestones();
  m->set_title("主体结构封顶");
  *m->mutable_planned_date() = Day(2026, 6, 30);
  return p;
}

v1::FinancialStatement SomeStatement() {
  v1::FinancialStatement s;
  s.set_period_type(v1::PERIOD_TYPE_ANNUAL);
  s.set_fiscal_year(2025);
  *s.mutable_period_end_date() = Day(2025, 12, 31);
  s.set_audited(true);
  s.set_currency_code("CNY");
  v1::BalanceSheet* b = s.mutable_balance_sheet();
  *b->mutable_cash() = Cny(5'000'000);
  *b->mutable_current_assets() = Cny(12'000'000);
  *b->mutable_total_assets() = Cny(30'000'000);
  *b->mutable_short_term_debt() = Cny(4'000'000);
  *b->mutable_current_liabilities() = Cny(8'000'000);
  *b->mutable_long_term_debt() = Cny(6'000'000);
  *b->mutable_total_liabilities() = Cny(18'000'000);
  *b->mutable_total_equity() = Cny(12'000'000);
  v1::IncomeStatement* i = s.mutable_income_statement();
  *i->mutable_revenue() = Cny(120'000'000);
  *i->mutable_operating_profit() = Cny(9'000'000);
  *i->mutable_interest_expense() = Cny(1'000'000);
  *i->mutable_ebit() = Cny(8'500'000);
  *i->mutable_net_profit() = Cny(6'000'000);
  *s.mutable_cash_flow_statement()->mutable_operating_cash_flow() = Cny(7'000'000);
  return s;
}

std::string Child(const char* collection, const char* id) {
  return absl::StrCat(kCustomerName, "/", collection, "/", id);
}

}  // namespace
}  // namespace ccrm::customer

const google::protobuf::ServiceDescriptor& CcrmFuzzService() {
  return *ccrm::customer::v1::Customer::descriptor()->file()->FindServiceByName("CustomerProfile");
}

const ccrm::fuzz::RequestChecks& CcrmFuzzChecks() {
  using namespace ccrm::customer;  // NOLINT: the checks' names are the methods' names
  static const auto* checks = new ccrm::fuzz::RequestChecks{
      {"CreateCustomer", Check(&CreateCustomer)},
      {"GetCustomer", Check(&GetCustomer)},
      {"ListCustomers", Check(&ListCustomers)},
      {"UpdateCustomer", Check(&UpdateCustomer)},
      {"ArchiveCustomer", Check(&ArchiveCustomer)},
      {"OverrideClassification", Check(&OverrideClassification)},
      {"ClearClassificationOverride", Check(&ClearClassificationOverride)},
      {"TransitionLifecycle", Check(&TransitionLifecycle)},
      {"CreateContact", Check(&CreateContact)},
      {"ListContacts", Check(&ListContacts)},
      {"UpdateContact", Check(&UpdateContact)},
      {"DeleteContact", Check(&DeleteContact)},
      {"CreateRelatedParty", Check(&CreateRelatedParty)},
      {"ListRelatedParties", Check(&ListRelatedParties)},
      {"DeleteRelatedParty", Check(&DeleteRelatedParty)},
      {"GetCustomerGroup", Check(&GetCustomerGroup)},
      {"CreateProject", Check(&CreateProject)},
      {"GetProject", Check(&GetProject)},
      {"ListProjects", Check(&ListProjects)},
      {"UpdateProject", Check(&UpdateProject)},
      {"SubmitFinancialStatement", Check(&SubmitFinancialStatement)},
      {"GetFinancialStatement", Check(&GetFinancialStatement)},
      {"ListFinancialStatements", Check(&ListFinancialStatements)},
      {"ListAuditRecords", Check(&ListAuditRecords)},
  };
  return *checks;
}

std::vector<ccrm::fuzz::Seed> CcrmFuzzSeeds() {
  using namespace ccrm::customer;  // NOLINT
  std::vector<Seed> seeds;
  {
    v1::CreateCustomerRequest r;
    *r.mutable_customer() = EnterpriseCustomer();
    r.set_request_id("req-create-1");
    seeds.push_back(MakeSeed("CreateCustomer", r));
    r.mutable_customer()->set_unified_social_credit_code("91350100MA2Y00020Z");  // bad check
    r.mutable_customer()->mutable_registered_capital()->set_nanos(-5);
    seeds.push_back(MakeSeed("CreateCustomer", r));
    v1::CreateCustomerRequest individual;
    individual.mutable_customer()->set_kind(v1::CUSTOMER_KIND_INDIVIDUAL);
    individual.mutable_customer()->set_legal_name("王五");
    individual.mutable_customer()->set_legal_representative_id_number("11010519491231002X");
    seeds.push_back(MakeSeed("CreateCustomer", individual));
  }
  {
    v1::GetCustomerRequest r;
    r.set_name(kCustomerName);
    r.set_view(v1::CUSTOMER_VIEW_UNMASKED);
    seeds.push_back(MakeSeed("GetCustomer", r));
    r.mutable_as_of_time()->set_seconds(1'700'000'000);
    seeds.push_back(MakeSeed("GetCustomer", r));
    r.set_name("customers/not-a-uuid");
    seeds.push_back(MakeSeed("GetCustomer", r));
  }
  {
    v1::ListCustomersRequest r;
    r.set_page_size(10);
    r.set_order_by("legal_name desc");
    r.set_name_prefix("福建");
    r.set_industry_code("E47");
    seeds.push_back(MakeSeed("ListCustomers", r));
    r.set_page_token("not-a-token");
    r.set_page_size(-1);
    seeds.push_back(MakeSeed("ListCustomers", r));
  }
  {
    v1::UpdateCustomerRequest r;
    *r.mutable_customer() = EnterpriseCustomer();
    r.mutable_customer()->set_name(kCustomerName);
    r.mutable_customer()->set_legal_name("福建某某建设集团有限公司");
    r.mutable_customer()->set_etag(ccrm::FormatEtag(1));
    r.mutable_update_mask()->add_paths("legal_name");
    r.mutable_update_mask()->add_paths("contact_phone");
    seeds.push_back(MakeSeed("UpdateCustomer", r));
    r.mutable_update_mask()->add_paths("customer_id");
    seeds.push_back(MakeSeed("UpdateCustomer", r));
  }
  {
    v1::ArchiveCustomerRequest r;
    r.set_name(kCustomerName);
    r.set_reason("客户注销");
    seeds.push_back(MakeSeed("ArchiveCustomer", r));
    v1::OverrideClassificationRequest o;
    o.set_name(kCustomerName);
    o.set_segment(v1::SEGMENT_KEY);
    o.set_tier(v1::TIER_1);
    o.set_reason("战略客户");
    seeds.push_back(MakeSeed("OverrideClassification", o));
    v1::ClearClassificationOverrideRequest c;
    c.set_name(kCustomerName);
    c.set_reason("恢复计算结果");
    seeds.push_back(MakeSeed("ClearClassificationOverride", c));
    v1::TransitionLifecycleRequest t;
    t.set_name(kCustomerName);
    t.set_to_stage(v1::LIFECYCLE_STAGE_ONBOARDING);
    t.set_reason("开户");
    seeds.push_back(MakeSeed("TransitionLifecycle", t));
    t.set_to_stage(v1::LIFECYCLE_STAGE_CLOSED);
    seeds.push_back(MakeSeed("TransitionLifecycle", t));
  }
  {
    v1::CreateContactRequest r;
    r.set_parent(kCustomerName);
    *r.mutable_contact() = SomeContact();
    seeds.push_back(MakeSeed("CreateContact", r));
    r.mutable_contact()->set_email("not an email");
    seeds.push_back(MakeSeed("CreateContact", r));
    v1::ListContactsRequest l;
    l.set_parent(kCustomerName);
    l.set_view(v1::CUSTOMER_VIEW_UNMASKED);
    l.set_page_size(5);
    seeds.push_back(MakeSeed("ListContacts", l));
    v1::UpdateContactRequest u;
    *u.mutable_contact() = SomeContact();
    u.mutable_contact()->set_name(Child("contacts", kOtherId));
    u.mutable_update_mask()->add_paths("phone");
    seeds.push_back(MakeSeed("UpdateContact", u));
    v1::DeleteContactRequest d;
    d.set_name(Child("contacts", kOtherId));
    seeds.push_back(MakeSeed("DeleteContact", d));
  }
  {
    v1::CreateRelatedPartyRequest r;
    r.set_parent(kCustomerName);
    r.mutable_related_party()->set_relation_type(v1::RELATION_TYPE_SHAREHOLDER);
    r.mutable_related_party()->set_party_name("福建某某投资有限公司");
    r.mutable_related_party()->set_shareholding_bps(3500);
    seeds.push_back(MakeSeed("CreateRelatedParty", r));
    r.mutable_related_party()->set_related_customer_id(kCustomerId);
    seeds.push_back(MakeSeed("CreateRelatedParty", r));
    v1::ListRelatedPartiesRequest l;
    l.set_parent(kCustomerName);
    seeds.push_back(MakeSeed("ListRelatedParties", l));
    v1::DeleteRelatedPartyRequest d;
    d.set_name(Child("relatedParties", kOtherId));
    seeds.push_back(MakeSeed("DeleteRelatedParty", d));
    v1::GetCustomerGroupRequest g;
    g.set_name(kCustomerName);
    g.add_relation_types(v1::RELATION_TYPE_SHAREHOLDER);
    g.set_max_depth(3);
    seeds.push_back(MakeSeed("GetCustomerGroup", g));
  }
  {
    v1::CreateProjectRequest r;
    r.set_parent(kCustomerName);
    *r.mutable_project() = SomeProject();
    seeds.push_back(MakeSeed("CreateProject", r));
    *r.mutable_project()->mutable_invested_to_date() = Cny(900'000'000);
    seeds.push_back(MakeSeed("CreateProject", r));
    v1::GetProjectRequest g;
    g.set_name(Child("projects", kOtherId));
    seeds.push_back(MakeSeed("GetProject", g));
    v1::ListProjectsRequest l;
    l.set_parent(kCustomerName);
    seeds.push_back(MakeSeed("ListProjects", l));
    v1::UpdateProjectRequest u;
    *u.mutable_project() = SomeProject();
    u.mutable_project()->set_name(Child("projects", kOtherId));
    u.mutable_update_mask()->add_paths("milestones");
    seeds.push_back(MakeSeed("UpdateProject", u));
  }
  {
    v1::SubmitFinancialStatementRequest r;
    r.set_parent(kCustomerName);
    *r.mutable_statement() = SomeStatement();
    r.set_request_id("req-stmt-1");
    seeds.push_back(MakeSeed("SubmitFinancialStatement", r));
    *r.mutable_statement()->mutable_balance_sheet()->mutable_total_equity() = Cny(1);
    seeds.push_back(MakeSeed("SubmitFinancialStatement", r));
    r.mutable_statement()->set_period_type(v1::PERIOD_TYPE_QUARTERLY);
    r.mutable_statement()->set_fiscal_quarter(5);
    seeds.push_back(MakeSeed("SubmitFinancialStatement", r));
    v1::GetFinancialStatementRequest g;
    g.set_name(Child("financialStatements", kOtherId));
    seeds.push_back(MakeSeed("GetFinancialStatement", g));
    v1::ListFinancialStatementsRequest l;
    l.set_parent(kCustomerName);
    l.set_period_type(v1::PERIOD_TYPE_ANNUAL);
    seeds.push_back(MakeSeed("ListFinancialStatements", l));
  }
  {
    v1::ListAuditRecordsRequest r;
    r.set_customer_id(kCustomerId);
    r.mutable_start_time()->set_seconds(1'600'000'000);
    r.mutable_end_time()->set_seconds(1'800'000'000);
    r.set_page_size(20);
    seeds.push_back(MakeSeed("ListAuditRecords", r));
  }
  return seeds;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return ccrm::fuzz::RunOne(CcrmFuzzService(), CcrmFuzzChecks(), data, size);
}
