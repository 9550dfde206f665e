// A customer's sub-resources through the real service: contacts (masked, unmasked and audited,
// updated and deleted by etag), related parties and the customer group they form, projects and
// their investment progress, financial statements (balance check, one per period, newest first).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "tests/customer-profile/integration/customer_profile_env.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::customer::itest {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

CCRM_CUSTOMER_PROFILE_SHARED_SERVICE(EnvOptions{});

constexpr absl::StatusCode kInvalidArgument = absl::StatusCode::kInvalidArgument;
constexpr char kUnknownCustomer[] = "customers/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
constexpr char kUnknownChildId[] = "0190a1b2-c3d4-7e5f-8a9b-000000000001";

std::string Rm() { return SharedEnv().TokenFor(roles::kRelationshipManager); }

absl::StatusOr<v1::Customer> CreateCustomer(const v1::Customer& customer) {
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = customer;
  return SharedEnv().Call(&Stub::CreateCustomer, Rm(), request);
}

absl::StatusOr<v1::ListAuditRecordsResponse> Audit(const std::string& customer_id,
                                                   const std::string& action) {
  v1::ListAuditRecordsRequest request;
  request.set_customer_id(customer_id);
  request.set_action(action);
  return SharedEnv().Call(&Stub::ListAuditRecords, SharedEnv().TokenFor(roles::kAuditor), request);
}

// ---------------------------------------------------------------------------------------------
// Contacts

v1::Contact FinanceOfficer(int n) {
  v1::Contact c;
  c.set_role(v1::CONTACT_ROLE_FINANCE_OFFICER);
  c.set_full_name("李四");
  c.set_title("财务总监");
  c.set_id_number(ResidentIdNumber(n));
  c.set_phone(MobileNumber(n));
  c.set_email(absl::StrCat("li.si", n, "@example.com"));
  c.set_primary(true);
  return c;
}

absl::StatusOr<v1::Contact> CreateContact(const std::string& parent, const v1::Contact& contact) {
  v1::CreateContactRequest request;
  request.set_parent(parent);
  *request.mutable_contact() = contact;
  return SharedEnv().Call(&Stub::CreateContact, Rm(), request);
}

absl::StatusOr<v1::ListContactsResponse> ListContacts(const std::string& parent,
                                                      v1::CustomerView view,
                                                      const std::string& token = Rm()) {
  v1::ListContactsRequest request;
  request.set_parent(parent);
  request.set_view(view);
  return SharedEnv().Call(&Stub::ListContacts, token, request);
}

TEST(ContactsTest, CreatedMaskedListedUnmaskedWithAuditUpdatedAndDeletedByEtag) {
  ASSERT_OK_AND_ASSIGN(v1::Customer customer, CreateCustomer(KeyEnterprise("联系人测试有限公司")));
  const v1::Contact draft = FinanceOfficer(NextSerial());
  ASSERT_OK_AND_ASSIGN(v1::Contact contact, CreateContact(customer.name(), draft));
  EXPECT_EQ(contact.name(), absl::StrCat(customer.name(), "/contacts/", contact.contact_id()));
  EXPECT_EQ(contact.role(), v1::CONTACT_ROLE_FINANCE_OFFICER);
  EXPECT_EQ(contact.full_name(), "李四");
  EXPECT_EQ(contact.title(), "财务总监");
  EXPECT_TRUE(contact.primary());
  EXPECT_EQ(contact.etag(), "r1");
  EXPECT_EQ(contact.id_number(), ExpectedMaskedIdNumber(draft.id_number()));
  EXPECT_EQ(contact.phone(), ExpectedMaskedMobile(draft.phone()));
  EXPECT_EQ(contact.email(), draft.email().substr(0, 1) + "***@example.com");

  v1::Contact second_draft = FinanceOfficer(NextSerial());
  second_draft.set_role(v1::CONTACT_ROLE_EMERGENCY_CONTACT);
  second_draft.set_full_name("王五");
  second_draft.clear_email();
  ASSERT_OK_AND_ASSIGN(v1::Contact second, CreateContact(customer.name(), second_draft));

  // Masked by default, and a masked list is not audited.
  ASSERT_OK_AND_ASSIGN(v1::ListContactsResponse masked,
                       ListContacts(customer.name(), v1::CUSTOMER_VIEW_UNSPECIFIED));
  ASSERT_EQ(masked.contacts_size(), 2);
  EXPECT_EQ(masked.contacts(0).contact_id(), contact.contact_id());
  EXPECT_EQ(masked.contacts(0).id_number(), ExpectedMaskedIdNumber(draft.id_number()));
  EXPECT_EQ(masked.contacts(1).phone(), ExpectedMaskedMobile(second_draft.phone()));
  ASSERT_OK_AND_ASSIGN(v1::ListAuditRecordsResponse before,
                       Audit(customer.customer_id(), "contact.read_unmasked"));
  EXPECT_THAT(before.audit_records(), IsEmpty());

  // In clear for a relationship manager, one audit record per contact revealed.
  ASSERT_OK_AND_ASSIGN(v1::ListContactsResponse clear,
                       ListContacts(customer.name(), v1::CUSTOMER_VIEW_UNMASKED));
  ASSERT_EQ(clear.contacts_size(), 2);
  EXPECT_EQ(clear.contacts(0).id_number(), draft.id_number());
  EXPECT_EQ(clear.contacts(0).phone(), draft.phone());
  EXPECT_EQ(clear.contacts(0).email(), draft.email());
  EXPECT_EQ(clear.contacts(1).id_number(), second_draft.id_number());
  ASSERT_OK_AND_ASSIGN(v1::ListAuditRecordsResponse audit,
                       Audit(customer.customer_id(), "contact.read_unmasked"));
  ASSERT_EQ(audit.audit_records_size(), 2);
  std::vector<std::string> resources;
  for (const v1::AuditRecord& r : audit.audit_records()) {
    resources.push_back(r.resource());
    EXPECT_EQ(r.actor(), CustomerProfileEnv::SubjectFor(roles::kRelationshipManager));
  }
  EXPECT_THAT(resources, UnorderedElementsAre(contact.name(), second.name()));
  for (const v1::AuditRecord& r : audit.audit_records()) {
    if (r.resource() == contact.name()) {
      EXPECT_THAT(r.fields(), UnorderedElementsAre("id_number", "phone", "email"));
    } else {
      EXPECT_THAT(r.fields(), UnorderedElementsAre("id_number", "phone"));
    }
  }
  EXPECT_THAT(ListContacts(customer.name(), v1::CUSTOMER_VIEW_UNMASKED,
                           SharedEnv().TokenFor(roles::kAuditor)),
              FailsWith(absl::StatusCode::kPermissionDenied, "UNMASKED_VIEW_NOT_PERMITTED"));
  EXPECT_THAT(ListContacts(customer.name(), v1::CUSTOMER_VIEW_UNSPECIFIED,
                           SharedEnv().Token("svc", {roles::kService})),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));

  // Update by mask and etag.
  v1::UpdateContactRequest update;
  update.mutable_contact()->set_name(contact.name());
  update.mutable_contact()->set_etag("r1");
  update.mutable_contact()->set_title("首席财务官");
  update.mutable_update_mask()->add_paths("title");
  ASSERT_OK_AND_ASSIGN(v1::Contact updated, SharedEnv().Call(&Stub::UpdateContact, Rm(), update));
  EXPECT_EQ(updated.title(), "首席财务官");
  EXPECT_EQ(updated.etag(), "r2");
  EXPECT_EQ(updated.phone(), ExpectedMaskedMobile(draft.phone()));
  update.mutable_contact()->set_title("过期的修改");
  EXPECT_THAT(SharedEnv().Call(&Stub::UpdateContact, Rm(), update),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  update.mutable_contact()->set_etag("r2");
  update.mutable_update_mask()->set_paths(0, "contact_id");
  absl::StatusOr<v1::Contact> output_only = SharedEnv().Call(&Stub::UpdateContact, Rm(), update);
  EXPECT_THAT(ViolatedFields(output_only), ElementsAre("update_mask"));

  // Delete by etag.
  v1::DeleteContactRequest remove;
  remove.set_name(contact.name());
  remove.set_etag("r1");
  EXPECT_THAT(SharedEnv().Call(&Stub::DeleteContact, Rm(), remove),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  remove.set_etag("r2");
  ASSERT_OK_AND_ASSIGN(v1::Contact deleted, SharedEnv().Call(&Stub::DeleteContact, Rm(), remove));
  EXPECT_EQ(deleted.contact_id(), contact.contact_id());
  EXPECT_EQ(deleted.id_number(), ExpectedMaskedIdNumber(draft.id_number()));
  EXPECT_THAT(SharedEnv().Call(&Stub::DeleteContact, Rm(), remove),
              FailsWith(absl::StatusCode::kNotFound, "CONTACT_NOT_FOUND"));
  ASSERT_OK_AND_ASSIGN(v1::ListContactsResponse after,
                       ListContacts(customer.name(), v1::CUSTOMER_VIEW_UNSPECIFIED));
  ASSERT_EQ(after.contacts_size(), 1);
  EXPECT_EQ(after.contacts(0).contact_id(), second.contact_id());
}

TEST(ContactsTest, InvalidContactsAndUnknownParents) {
  ASSERT_OK_AND_ASSIGN(v1::Customer customer, CreateCustomer(KeyEnterprise("联系人校验有限公司")));
  absl::StatusOr<v1::Contact> empty = CreateContact(customer.name(), v1::Contact());
  EXPECT_THAT(empty, FailsWith(kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(empty), UnorderedElementsAre("contact.role", "contact.full_name"));

  v1::Contact bad = FinanceOfficer(NextSerial());
  bad.set_phone("abc");
  bad.set_email("not-an-email");
  EXPECT_THAT(ViolatedFields(CreateContact(customer.name(), bad)),
              UnorderedElementsAre("contact.phone", "contact.email"));

  EXPECT_THAT(CreateContact(kUnknownCustomer, FinanceOfficer(NextSerial())),
              FailsWith(absl::StatusCode::kNotFound, "CUSTOMER_NOT_FOUND"));
  EXPECT_THAT(ViolatedFields(CreateContact("customers/xyz", FinanceOfficer(NextSerial()))),
              ElementsAre("parent"));
}

// ---------------------------------------------------------------------------------------------
// Related parties and the customer group

absl::StatusOr<v1::RelatedParty> Relate(const v1::Customer& on, v1::RelationType type,
                                        const std::string& related_customer_id,
                                        const std::string& party_name = "",
                                        const std::string& party_code = "", int bps = 0) {
  v1::CreateRelatedPartyRequest request;
  request.set_parent(on.name());
  v1::RelatedParty* party = request.mutable_related_party();
  party->set_relation_type(type);
  party->set_related_customer_id(related_customer_id);
  party->set_party_name(party_name);
  party->set_party_unified_social_credit_code(party_code);
  party->set_shareholding_bps(bps);
  return SharedEnv().Call(&Stub::CreateRelatedParty, Rm(), request);
}

absl::StatusOr<v1::CustomerGroup> Group(const v1::Customer& root, int max_depth,
                                        std::vector<v1::RelationType> types = {}) {
  v1::GetCustomerGroupRequest request;
  request.set_name(root.name());
  request.set_max_depth(max_depth);
  for (v1::RelationType t : types) {
    request.add_relation_types(t);
  }
  return SharedEnv().Call(&Stub::GetCustomerGroup, SharedEnv().Token("svc", {roles::kService}),
                          request);
}

TEST(RelatedPartiesTest, ChainAndOutsidePartyFormTheGroup) {
  ASSERT_OK_AND_ASSIGN(v1::Customer a, CreateCustomer(KeyEnterprise("集团母公司")));
  ASSERT_OK_AND_ASSIGN(v1::Customer b, CreateCustomer(SmeEnterprise("集团子公司")));
  ASSERT_OK_AND_ASSIGN(v1::Customer c, CreateCustomer(FirstTimeBorrower("集团孙公司")));
  const std::string investor_code = NextUscc();

  // a -SUBSIDIARY-> b -SUBSIDIARY-> c, and an outside shareholder of a.
  ASSERT_OK_AND_ASSIGN(v1::RelatedParty ab,
                       Relate(a, v1::RELATION_TYPE_SUBSIDIARY, b.customer_id(), "", "", 6000));
  EXPECT_EQ(ab.name(), absl::StrCat(a.name(), "/relatedParties/", ab.related_party_id()));
  EXPECT_EQ(ab.related_customer_id(), b.customer_id());
  EXPECT_EQ(ab.shareholding_bps(), 6000);
  EXPECT_EQ(ab.relation_type(), v1::RELATION_TYPE_SUBSIDIARY);
  ASSERT_OK(Relate(b, v1::RELATION_TYPE_SUBSIDIARY, c.customer_id(), "", "", 5100).status());
  ASSERT_OK_AND_ASSIGN(
      v1::RelatedParty investor,
      Relate(a, v1::RELATION_TYPE_SHAREHOLDER, "", "福州某某投资合伙企业", investor_code, 3000));
  EXPECT_EQ(investor.party_name(), "福州某某投资合伙企业");
  EXPECT_EQ(investor.related_customer_id(), "");

  EXPECT_THAT(Relate(a, v1::RELATION_TYPE_GUARANTOR,
                     std::string(kUnknownCustomer).substr(std::string("customers/").size())),
              FailsWith(absl::StatusCode::kNotFound, "CUSTOMER_NOT_FOUND"));
  EXPECT_THAT(Relate(a, v1::RELATION_TYPE_SUBSIDIARY, b.customer_id(), "", "", 6000),
              FailsWith(absl::StatusCode::kAlreadyExists, "RELATED_PARTY_ALREADY_EXISTS"));
  absl::StatusOr<v1::RelatedParty> self = Relate(a, v1::RELATION_TYPE_AFFILIATE, a.customer_id());
  EXPECT_THAT(self, StatusIs(kInvalidArgument));
  EXPECT_THAT(ViolatedFields(self), ElementsAre("related_party.related_customer_id"));

  v1::ListRelatedPartiesRequest list;
  list.set_parent(a.name());
  ASSERT_OK_AND_ASSIGN(v1::ListRelatedPartiesResponse on_a,
                       SharedEnv().Call(&Stub::ListRelatedParties, Rm(), list));
  ASSERT_EQ(on_a.related_parties_size(), 2);
  EXPECT_EQ(on_a.related_parties(0).related_party_id(), ab.related_party_id());
  EXPECT_EQ(on_a.related_parties(1).related_party_id(), investor.related_party_id());

  ASSERT_OK_AND_ASSIGN(v1::CustomerGroup group, Group(a, 0));
  EXPECT_EQ(group.root_customer_id(), a.customer_id());
  EXPECT_FALSE(group.truncated());
  ASSERT_EQ(group.members_size(), 4) << group.DebugString();
  EXPECT_EQ(group.members(0).customer_id(), a.customer_id());
  EXPECT_EQ(group.members(0).depth(), 0);
  EXPECT_EQ(group.members(0).display_name(), "集团母公司");
  EXPECT_EQ(group.members(0).unified_social_credit_code(), a.unified_social_credit_code());
  EXPECT_EQ(group.members(1).customer_id(), b.customer_id());
  EXPECT_EQ(group.members(1).depth(), 1);
  EXPECT_EQ(group.members(1).display_name(), "集团子公司");
  EXPECT_THAT(group.members(1).paths(),
              ElementsAre(absl::StrCat(a.name(), " -SUBSIDIARY-> ", b.name())));
  EXPECT_EQ(group.members(2).customer_id(), "");
  EXPECT_EQ(group.members(2).depth(), 1);
  EXPECT_EQ(group.members(2).display_name(), "福州某某投资合伙企业");
  EXPECT_EQ(group.members(2).unified_social_credit_code(), investor_code);
  EXPECT_THAT(group.members(2).paths(),
              ElementsAre(absl::StrCat(a.name(), " -SHAREHOLDER-> 福州某某投资合伙企业 (",
                                       investor_code, ")")));
  EXPECT_EQ(group.members(3).customer_id(), c.customer_id());
  EXPECT_EQ(group.members(3).depth(), 2);
  EXPECT_THAT(group.members(3).paths(),
              ElementsAre(absl::StrCat(a.name(), " -SUBSIDIARY-> ", b.name(), " -SUBSIDIARY-> ",
                                       c.name())));

  // One hop: the walk stops before c and says so.
  ASSERT_OK_AND_ASSIGN(v1::CustomerGroup one_hop, Group(a, 1));
  EXPECT_TRUE(one_hop.truncated());
  ASSERT_EQ(one_hop.members_size(), 3);
  EXPECT_EQ(one_hop.members(1).customer_id(), b.customer_id());
  EXPECT_EQ(one_hop.members(2).display_name(), "福州某某投资合伙企业");

  // From the bottom of the chain, edges are walked against their direction.
  ASSERT_OK_AND_ASSIGN(v1::CustomerGroup from_c, Group(c, 0));
  ASSERT_EQ(from_c.members_size(), 4) << from_c.DebugString();
  EXPECT_EQ(from_c.members(1).customer_id(), b.customer_id());
  EXPECT_THAT(from_c.members(1).paths(),
              ElementsAre(absl::StrCat(c.name(), " <-SUBSIDIARY- ", b.name())));
  EXPECT_EQ(from_c.members(2).customer_id(), a.customer_id());
  EXPECT_EQ(from_c.members(2).depth(), 2);
  EXPECT_EQ(from_c.members(3).depth(), 3);

  // Only shareholder relations: the root and its investor.
  ASSERT_OK_AND_ASSIGN(v1::CustomerGroup shareholders,
                       Group(a, 0, {v1::RELATION_TYPE_SHAREHOLDER}));
  ASSERT_EQ(shareholders.members_size(), 2);
  EXPECT_EQ(shareholders.members(1).unified_social_credit_code(), investor_code);

  absl::StatusOr<v1::CustomerGroup> too_deep = Group(a, 11);
  EXPECT_THAT(ViolatedFields(too_deep), ElementsAre("max_depth"));
  v1::Customer unknown;
  unknown.set_name(kUnknownCustomer);
  EXPECT_THAT(Group(unknown, 0), FailsWith(absl::StatusCode::kNotFound, "CUSTOMER_NOT_FOUND"));

  // Removing a's edge to b takes b, and c behind it, out of a's group.
  v1::DeleteRelatedPartyRequest remove;
  remove.set_name(ab.name());
  ASSERT_OK_AND_ASSIGN(v1::RelatedParty removed,
                       SharedEnv().Call(&Stub::DeleteRelatedParty, Rm(), remove));
  EXPECT_EQ(removed.related_party_id(), ab.related_party_id());
  EXPECT_THAT(SharedEnv().Call(&Stub::DeleteRelatedParty, Rm(), remove),
              FailsWith(absl::StatusCode::kNotFound, "RELATED_PARTY_NOT_FOUND"));
  ASSERT_OK_AND_ASSIGN(v1::CustomerGroup smaller, Group(a, 0));
  ASSERT_EQ(smaller.members_size(), 2);
  EXPECT_EQ(smaller.members(1).unified_social_credit_code(), investor_code);
}

// ---------------------------------------------------------------------------------------------
// Projects

TEST(ProjectsTest, CreateGetUpdateWithInvestmentProgress) {
  ASSERT_OK_AND_ASSIGN(v1::Customer customer, CreateCustomer(KeyEnterprise("项目测试有限公司")));
  v1::CreateProjectRequest create;
  create.set_parent(customer.name());
  v1::Project* p = create.mutable_project();
  p->set_project_name("年产十万吨钢结构项目");
  *p->mutable_total_investment() = Cny(100'000'000);
  p->set_capital_ratio_bps(2500);
  p->set_use_of_funds("厂房建设及设备购置");
  *p->mutable_planned_start_date() = Day(2025, 1, 1);
  *p->mutable_planned_completion_date() = Day(2027, 12, 31);
  *p->mutable_actual_start_date() = Day(2025, 3, 1);
  *p->mutable_invested_to_date() = Cny(25'000'000);
  v1::Milestone* m = p->add_milestones();
  m->set_title("开工");
  *m->mutable_planned_date() = Day(2025, 1, 1);
  *m->mutable_actual_date() = Day(2025, 3, 1);

  ASSERT_OK_AND_ASSIGN(v1::Project created, SharedEnv().Call(&Stub::CreateProject, Rm(), create));
  EXPECT_EQ(created.name(), absl::StrCat(customer.name(), "/projects/", created.project_id()));
  EXPECT_EQ(created.project_name(), "年产十万吨钢结构项目");
  EXPECT_EQ(created.capital_ratio_bps(), 2500);
  EXPECT_EQ(created.investment_progress_bps(), 2500);
  EXPECT_EQ(created.etag(), "r1");
  ASSERT_EQ(created.milestones_size(), 1);
  EXPECT_EQ(created.milestones(0).title(), "开工");
  EXPECT_EQ(created.milestones(0).actual_date().month(), 3);

  v1::GetProjectRequest get;
  get.set_name(created.name());
  ASSERT_OK_AND_ASSIGN(
      v1::Project read,
      SharedEnv().Call(&Stub::GetProject, SharedEnv().TokenFor(roles::kAuditor), get));
  EXPECT_EQ(read.DebugString(), created.DebugString());

  v1::UpdateProjectRequest update;
  update.mutable_project()->set_name(created.name());
  update.mutable_project()->set_etag("r1");
  *update.mutable_project()->mutable_invested_to_date() = Cny(60'000'000);
  update.mutable_update_mask()->add_paths("invested_to_date");
  ASSERT_OK_AND_ASSIGN(v1::Project updated, SharedEnv().Call(&Stub::UpdateProject, Rm(), update));
  EXPECT_EQ(updated.investment_progress_bps(), 6000);
  EXPECT_EQ(updated.etag(), "r2");
  EXPECT_EQ(updated.project_name(), "年产十万吨钢结构项目");
  EXPECT_THAT(SharedEnv().Call(&Stub::UpdateProject, Rm(), update),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));

  update.mutable_project()->set_etag("r2");
  update.mutable_update_mask()->set_paths(0, "investment_progress_bps");
  EXPECT_THAT(ViolatedFields(SharedEnv().Call(&Stub::UpdateProject, Rm(), update)),
              ElementsAre("update_mask"));
  *update.mutable_project()->mutable_invested_to_date() = Cny(150'000'000);
  update.mutable_update_mask()->set_paths(0, "invested_to_date");
  EXPECT_THAT(ViolatedFields(SharedEnv().Call(&Stub::UpdateProject, Rm(), update)),
              ElementsAre("project.invested_to_date"));

  v1::ListProjectsRequest list;
  list.set_parent(customer.name());
  ASSERT_OK_AND_ASSIGN(v1::ListProjectsResponse projects,
                       SharedEnv().Call(&Stub::ListProjects, Rm(), list));
  ASSERT_EQ(projects.projects_size(), 1);
  EXPECT_EQ(projects.projects(0).investment_progress_bps(), 6000);

  get.set_name(absl::StrCat(customer.name(), "/projects/", kUnknownChildId));
  EXPECT_THAT(SharedEnv().Call(&Stub::GetProject, Rm(), get),
              FailsWith(absl::StatusCode::kNotFound, "PROJECT_NOT_FOUND"));
  create.mutable_project()->clear_project_name();
  create.mutable_project()->clear_total_investment();
  create.mutable_project()->clear_invested_to_date();
  EXPECT_THAT(ViolatedFields(SharedEnv().Call(&Stub::CreateProject, Rm(), create)),
              UnorderedElementsAre("project.project_name", "project.total_investment"));
}

// ---------------------------------------------------------------------------------------------
// Financial statements

v1::FinancialStatement AnnualStatement(int year, int64_t equity_units) {
  v1::FinancialStatement s;
  s.set_period_type(v1::PERIOD_TYPE_ANNUAL);
  s.set_fiscal_year(year);
  s.set_fiscal_quarter(0);
  *s.mutable_period_end_date() = Day(year, 12, 31);
  s.set_audited(true);
  s.set_currency_code("CNY");
  v1::BalanceSheet* b = s.mutable_balance_sheet();
  *b->mutable_cash() = Cny(80'000'000);
  *b->mutable_current_assets() = Cny(300'000'000);
  *b->mutable_total_assets() = Cny(1'000'000'000);
  *b->mutable_current_liabilities() = Cny(200'000'000);
  *b->mutable_total_liabilities() = Cny(600'000'000);
  *b->mutable_total_equity() = Cny(equity_units);
  v1::IncomeStatement* i = s.mutable_income_statement();
  *i->mutable_revenue() = Cny(500'000'000);
  *i->mutable_net_profit() = Cny(30'000'000);
  *i->mutable_interest_expense() = Cny(12'000'000);
  v1::CashFlowStatement* f = s.mutable_cash_flow_statement();
  *f->mutable_operating_cash_flow() = Cny(45'000'000);
  *f->mutable_investing_cash_flow() = Cny(-20'000'000);
  return s;
}

absl::StatusOr<v1::FinancialStatement> Submit(const v1::Customer& customer,
                                              const v1::FinancialStatement& statement,
                                              const std::string& token = Rm()) {
  v1::SubmitFinancialStatementRequest request;
  request.set_parent(customer.name());
  *request.mutable_statement() = statement;
  return SharedEnv().Call(&Stub::SubmitFinancialStatement, token, request);
}

TEST(StatementsTest, BalancedOncePerPeriodListedNewestFirst) {
  ASSERT_OK_AND_ASSIGN(v1::Customer customer, CreateCustomer(KeyEnterprise("报表测试有限公司")));
  ASSERT_OK_AND_ASSIGN(v1::FinancialStatement fy2024,
                       Submit(customer, AnnualStatement(2024, 400'000'000)));
  EXPECT_EQ(fy2024.name(),
            absl::StrCat(customer.name(), "/financialStatements/", fy2024.statement_id()));
  EXPECT_EQ(fy2024.fiscal_year(), 2024);
  EXPECT_TRUE(fy2024.has_create_time());
  EXPECT_EQ(fy2024.balance_sheet().total_equity().units(), 400'000'000);

  // Assets 1,000m against liabilities 600m + equity 300m: 100m apart.
  absl::StatusOr<v1::FinancialStatement> unbalanced =
      Submit(customer, AnnualStatement(2023, 300'000'000));
  EXPECT_THAT(unbalanced, FailsWith(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(unbalanced), ElementsAre("statement.balance_sheet.total_assets"));

  EXPECT_THAT(Submit(customer, AnnualStatement(2024, 400'000'000)),
              FailsWith(absl::StatusCode::kAlreadyExists, "STATEMENT_ALREADY_EXISTS"));
  EXPECT_THAT(Submit(customer, AnnualStatement(2022, 400'000'000),
                     SharedEnv().TokenFor(roles::kCreditApprover)),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));

  ASSERT_OK_AND_ASSIGN(v1::FinancialStatement fy2023,
                       Submit(customer, AnnualStatement(2023, 400'000'000)));
  v1::FinancialStatement q2 = AnnualStatement(2025, 400'000'000);
  q2.set_period_type(v1::PERIOD_TYPE_QUARTERLY);
  q2.set_fiscal_quarter(2);
  *q2.mutable_period_end_date() = Day(2025, 6, 30);
  q2.set_audited(false);
  ASSERT_OK_AND_ASSIGN(v1::FinancialStatement fy2025q2, Submit(customer, q2));
  v1::FinancialStatement wrong_end = q2;
  wrong_end.set_fiscal_quarter(3);
  EXPECT_THAT(ViolatedFields(Submit(customer, wrong_end)),
              ElementsAre("statement.period_end_date"));

  v1::ListFinancialStatementsRequest list;
  list.set_parent(customer.name());
  ASSERT_OK_AND_ASSIGN(v1::ListFinancialStatementsResponse all,
                       SharedEnv().Call(&Stub::ListFinancialStatements, Rm(), list));
  std::vector<std::string> ids;
  for (const v1::FinancialStatement& s : all.statements()) {
    ids.push_back(s.statement_id());
  }
  EXPECT_THAT(ids,
              ElementsAre(fy2025q2.statement_id(), fy2024.statement_id(), fy2023.statement_id()));
  list.set_period_type(v1::PERIOD_TYPE_ANNUAL);
  ASSERT_OK_AND_ASSIGN(v1::ListFinancialStatementsResponse annual,
                       SharedEnv().Call(&Stub::ListFinancialStatements, Rm(), list));
  ASSERT_EQ(annual.statements_size(), 2);
  EXPECT_EQ(annual.statements(0).fiscal_year(), 2024);
  EXPECT_EQ(annual.statements(1).fiscal_year(), 2023);

  v1::GetFinancialStatementRequest get;
  get.set_name(fy2024.name());
  ASSERT_OK_AND_ASSIGN(
      v1::FinancialStatement read,
      SharedEnv().Call(&Stub::GetFinancialStatement,
                       SharedEnv().Token("credit-rating", {roles::kService}), get));
  EXPECT_EQ(read.DebugString(), fy2024.DebugString());
  get.set_name(absl::StrCat(customer.name(), "/financialStatements/", kUnknownChildId));
  EXPECT_THAT(SharedEnv().Call(&Stub::GetFinancialStatement, Rm(), get),
              FailsWith(absl::StatusCode::kNotFound, "STATEMENT_NOT_FOUND"));
}

// ---------------------------------------------------------------------------------------------
// Boundaries between customers, and archived customers

TEST(SubResourceBoundariesTest, ChildrenAreOnlyReachableUnderTheirOwnCustomer) {
  ASSERT_OK_AND_ASSIGN(v1::Customer owner, CreateCustomer(KeyEnterprise("子资源归属甲公司")));
  ASSERT_OK_AND_ASSIGN(v1::Customer other, CreateCustomer(KeyEnterprise("子资源归属乙公司")));
  ASSERT_OK_AND_ASSIGN(v1::Contact contact,
                       CreateContact(owner.name(), FinanceOfficer(NextSerial())));
  v1::CreateProjectRequest create_project;
  create_project.set_parent(owner.name());
  create_project.mutable_project()->set_project_name("归属测试项目");
  *create_project.mutable_project()->mutable_total_investment() = Cny(10'000'000);
  ASSERT_OK_AND_ASSIGN(v1::Project project,
                       SharedEnv().Call(&Stub::CreateProject, Rm(), create_project));
  ASSERT_OK_AND_ASSIGN(v1::FinancialStatement statement,
                       Submit(owner, AnnualStatement(2024, 400'000'000)));
  ASSERT_OK_AND_ASSIGN(v1::RelatedParty party,
                       Relate(owner, v1::RELATION_TYPE_AFFILIATE, other.customer_id()));

  // The same child ids under the other customer's name.
  v1::GetProjectRequest get_project;
  get_project.set_name(absl::StrCat(other.name(), "/projects/", project.project_id()));
  EXPECT_THAT(SharedEnv().Call(&Stub::GetProject, Rm(), get_project),
              FailsWith(absl::StatusCode::kNotFound, "PROJECT_NOT_FOUND"));
  v1::GetFinancialStatementRequest get_statement;
  get_statement.set_name(
      absl::StrCat(other.name(), "/financialStatements/", statement.statement_id()));
  EXPECT_THAT(SharedEnv().Call(&Stub::GetFinancialStatement, Rm(), get_statement),
              FailsWith(absl::StatusCode::kNotFound, "STATEMENT_NOT_FOUND"));
  v1::UpdateContactRequest update_contact;
  update_contact.mutable_contact()->set_name(
      absl::StrCat(other.name(), "/contacts/", contact.contact_id()));
  update_contact.mutable_contact()->set_title("越权修改");
  update_contact.mutable_update_mask()->add_paths("title");
  EXPECT_THAT(SharedEnv().Call(&Stub::UpdateContact, Rm(), update_contact),
              FailsWith(absl::StatusCode::kNotFound, "CONTACT_NOT_FOUND"));
  v1::DeleteContactRequest delete_contact;
  delete_contact.set_name(absl::StrCat(other.name(), "/contacts/", contact.contact_id()));
  EXPECT_THAT(SharedEnv().Call(&Stub::DeleteContact, Rm(), delete_contact),
              FailsWith(absl::StatusCode::kNotFound, "CONTACT_NOT_FOUND"));
  v1::DeleteRelatedPartyRequest delete_party;
  delete_party.set_name(absl::StrCat(other.name(), "/relatedParties/", party.related_party_id()));
  EXPECT_THAT(SharedEnv().Call(&Stub::DeleteRelatedParty, Rm(), delete_party),
              FailsWith(absl::StatusCode::kNotFound, "RELATED_PARTY_NOT_FOUND"));

  // Nothing of the owner's changed.
  ASSERT_OK_AND_ASSIGN(v1::ListContactsResponse contacts,
                       ListContacts(owner.name(), v1::CUSTOMER_VIEW_UNSPECIFIED));
  ASSERT_EQ(contacts.contacts_size(), 1);
  EXPECT_EQ(contacts.contacts(0).title(), "财务总监");
  EXPECT_EQ(contacts.contacts(0).etag(), "r1");
  v1::ListRelatedPartiesRequest parties;
  parties.set_parent(owner.name());
  ASSERT_OK_AND_ASSIGN(v1::ListRelatedPartiesResponse listed,
                       SharedEnv().Call(&Stub::ListRelatedParties, Rm(), parties));
  EXPECT_EQ(listed.related_parties_size(), 1);
}

TEST(SubResourceBoundariesTest, ArchivedCustomersSubResourcesAreReadOnly) {
  ASSERT_OK_AND_ASSIGN(v1::Customer customer, CreateCustomer(KeyEnterprise("归档只读有限公司")));
  ASSERT_OK_AND_ASSIGN(v1::Customer partner, CreateCustomer(KeyEnterprise("归档只读伙伴公司")));
  ASSERT_OK_AND_ASSIGN(v1::Contact contact,
                       CreateContact(customer.name(), FinanceOfficer(NextSerial())));
  v1::CreateProjectRequest create_project;
  create_project.set_parent(customer.name());
  create_project.mutable_project()->set_project_name("归档前的项目");
  *create_project.mutable_project()->mutable_total_investment() = Cny(10'000'000);
  ASSERT_OK_AND_ASSIGN(v1::Project project,
                       SharedEnv().Call(&Stub::CreateProject, Rm(), create_project));
  ASSERT_OK_AND_ASSIGN(v1::RelatedParty party,
                       Relate(customer, v1::RELATION_TYPE_AFFILIATE, partner.customer_id()));

  v1::ArchiveCustomerRequest archive;
  archive.set_name(customer.name());
  archive.set_reason("未能建立业务关系");
  ASSERT_OK(SharedEnv().Call(&Stub::ArchiveCustomer, Rm(), archive).status());

  const absl::StatusCode kFailedPrecondition = absl::StatusCode::kFailedPrecondition;
  EXPECT_THAT(CreateContact(customer.name(), FinanceOfficer(NextSerial())),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));
  v1::UpdateContactRequest update_contact;
  update_contact.mutable_contact()->set_name(contact.name());
  update_contact.mutable_contact()->set_title("归档后修改");
  update_contact.mutable_update_mask()->add_paths("title");
  EXPECT_THAT(SharedEnv().Call(&Stub::UpdateContact, Rm(), update_contact),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));
  v1::DeleteContactRequest delete_contact;
  delete_contact.set_name(contact.name());
  EXPECT_THAT(SharedEnv().Call(&Stub::DeleteContact, Rm(), delete_contact),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));
  create_project.mutable_project()->set_project_name("归档后的项目");
  EXPECT_THAT(SharedEnv().Call(&Stub::CreateProject, Rm(), create_project),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));
  v1::UpdateProjectRequest update_project;
  update_project.mutable_project()->set_name(project.name());
  update_project.mutable_project()->set_capital_ratio_bps(3000);
  update_project.mutable_update_mask()->add_paths("capital_ratio_bps");
  EXPECT_THAT(SharedEnv().Call(&Stub::UpdateProject, Rm(), update_project),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));
  EXPECT_THAT(Submit(customer, AnnualStatement(2024, 400'000'000)),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));
  EXPECT_THAT(Relate(customer, v1::RELATION_TYPE_GUARANTOR, partner.customer_id()),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));
  v1::DeleteRelatedPartyRequest delete_party;
  delete_party.set_name(party.name());
  EXPECT_THAT(SharedEnv().Call(&Stub::DeleteRelatedParty, Rm(), delete_party),
              FailsWith(kFailedPrecondition, "CUSTOMER_ARCHIVED"));

  // Reads still work.
  ASSERT_OK_AND_ASSIGN(v1::ListContactsResponse contacts,
                       ListContacts(customer.name(), v1::CUSTOMER_VIEW_UNSPECIFIED));
  ASSERT_EQ(contacts.contacts_size(), 1);
  EXPECT_EQ(contacts.contacts(0).title(), "财务总监");
  v1::GetProjectRequest get_project;
  get_project.set_name(project.name());
  EXPECT_OK(SharedEnv().Call(&Stub::GetProject, Rm(), get_project).status());
}

}  // namespace
}  // namespace ccrm::customer::itest
