// What leaves the service besides responses: the event feed (order, types, payloads, cursors,
// who may read it) and what stays behind in the database and the log — never a personal
// identifier in clear.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "tests/customer-profile/integration/customer_profile_env.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::customer::itest {
namespace {

using ::ccrm::common::v1::Event;
using ::ccrm::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Events behind a rolled-back transaction's sequence number are held back for the grace period;
// keep it short so a follow=false stream never waits long. Debug logging makes the log check
// below cover everything the service may write.
CCRM_CUSTOMER_PROFILE_SHARED_SERVICE(EnvOptions{{"--event_gap_grace=2s", "--log_level=debug"}});

constexpr char kCreated[] = "ccrm.customer.v1.CustomerCreated";
constexpr char kUpdated[] = "ccrm.customer.v1.CustomerUpdated";
constexpr char kStatementSubmitted[] = "ccrm.customer.v1.FinancialStatementSubmitted";

std::string Rm() { return SharedEnv().TokenFor(roles::kRelationshipManager); }
std::string Service() { return SharedEnv().Token("credit-rating", {roles::kService}); }

absl::StatusOr<v1::Customer> CreateCustomer(const v1::Customer& customer,
                                            const std::string& request_id = "") {
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = customer;
  request.set_request_id(request_id);
  return SharedEnv().Call(&Stub::CreateCustomer, Rm(), request);
}

v1::FinancialStatement BalancedAnnual(int year) {
  v1::FinancialStatement s;
  s.set_period_type(v1::PERIOD_TYPE_ANNUAL);
  s.set_fiscal_year(year);
  *s.mutable_period_end_date() = Day(year, 12, 31);
  s.set_currency_code("CNY");
  *s.mutable_balance_sheet()->mutable_total_assets() = Cny(900'000'000);
  *s.mutable_balance_sheet()->mutable_total_liabilities() = Cny(500'000'000);
  *s.mutable_balance_sheet()->mutable_total_equity() = Cny(400'000'000);
  return s;
}

// The events about `customer_name` or its sub-resources, in feed order.
std::vector<Event> About(const std::vector<Event>& events, const std::string& customer_name) {
  std::vector<Event> out;
  for (const Event& e : events) {
    if (e.subject() == customer_name || absl::StartsWith(e.subject(), customer_name + "/")) {
      out.push_back(e);
    }
  }
  return out;
}

std::vector<std::string> TypesOf(const std::vector<Event>& events) {
  std::vector<std::string> types;
  for (const Event& e : events) {
    types.push_back(e.event_type());
  }
  return types;
}

TEST(EventFeedTest, StreamsChangesInOrderWithParsablePayloadsAndResumesFromACursor) {
  CustomerProfileEnv& env = SharedEnv();
  const v1::Customer draft = KeyEnterprise("事件测试有限公司");
  // The caller's correlation id (x-request-id) follows the change into its event.
  const std::string trace_id = absl::StrCat("evt-trace-", NextSerial());
  v1::CreateCustomerRequest create;
  *create.mutable_customer() = draft;
  create.set_request_id(absl::StrCat("evt-create-", NextSerial()));
  v1::Customer customer;
  {
    grpc::ClientContext context;
    PrepareContext(context, Rm());
    context.AddMetadata("x-request-id", trace_id);
    grpc::Status status = env.stub().CreateCustomer(&context, create, &customer);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  v1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(customer.name());
  update.mutable_customer()->set_credit_grade("A");
  update.mutable_update_mask()->add_paths("credit_grade");
  ASSERT_OK(env.Call(&Stub::UpdateCustomer, Rm(), update).status());
  v1::TransitionLifecycleRequest transition;
  transition.set_name(customer.name());
  transition.set_to_stage(v1::LIFECYCLE_STAGE_ONBOARDING);
  transition.set_reason("开始准入");
  ASSERT_OK(env.Call(&Stub::TransitionLifecycle, Rm(), transition).status());
  v1::SubmitFinancialStatementRequest submit;
  submit.set_parent(customer.name());
  *submit.mutable_statement() = BalancedAnnual(2024);
  ASSERT_OK_AND_ASSIGN(v1::FinancialStatement statement,
                       env.Call(&Stub::SubmitFinancialStatement, Rm(), submit));

  ASSERT_OK_AND_ASSIGN(std::vector<Event> feed, env.ReadEvents(Service(), 0));
  std::set<std::string> event_ids;
  for (size_t i = 0; i < feed.size(); ++i) {
    EXPECT_EQ(feed[i].producer(), "customer-profile");
    EXPECT_TRUE(event_ids.insert(feed[i].event_id()).second) << "repeated " << feed[i].event_id();
    if (i > 0) {
      EXPECT_GT(feed[i].sequence(), feed[i - 1].sequence());
    }
  }
  const std::vector<Event> ours = About(feed, customer.name());
  ASSERT_THAT(TypesOf(ours), ElementsAre(kCreated, kUpdated, kUpdated, kStatementSubmitted));

  // Each payload is the message its type names.
  const Event& created = ours[0];
  EXPECT_EQ(created.subject(), customer.name());
  EXPECT_EQ(created.request_id(), trace_id);
  EXPECT_THAT(env.process().ReadLog(), HasSubstr(trace_id)) << "the log names the same request";
  EXPECT_EQ(created.payload().type_url(), absl::StrCat("type.googleapis.com/", kCreated));
  EXPECT_TRUE(created.has_occur_time());
  v1::CustomerCreated created_payload;
  ASSERT_TRUE(created.payload().UnpackTo(&created_payload));
  EXPECT_EQ(created_payload.customer().customer_id(), customer.customer_id());
  EXPECT_EQ(created_payload.customer().legal_name(), "事件测试有限公司");
  EXPECT_EQ(created_payload.customer().segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(created_payload.customer().legal_representative_id_number(), "");
  EXPECT_EQ(created_payload.customer().contact_phone(), "");
  EXPECT_EQ(created_payload.customer().settlement_account_number(), "");

  v1::CustomerUpdated graded;
  ASSERT_TRUE(ours[1].payload().UnpackTo(&graded));
  EXPECT_THAT(graded.changed_fields(), ElementsAre("credit_grade"));
  EXPECT_EQ(graded.customer().credit_grade(), "A");
  EXPECT_EQ(graded.customer().revision(), 2);
  v1::CustomerUpdated onboarded;
  ASSERT_TRUE(ours[2].payload().UnpackTo(&onboarded));
  EXPECT_THAT(onboarded.changed_fields(), ElementsAre("lifecycle_stage"));
  EXPECT_EQ(onboarded.customer().lifecycle_stage(), v1::LIFECYCLE_STAGE_ONBOARDING);
  EXPECT_EQ(onboarded.customer().contact_phone(), "");

  EXPECT_EQ(ours[3].subject(), statement.name());
  v1::FinancialStatementSubmitted submitted;
  ASSERT_TRUE(ours[3].payload().UnpackTo(&submitted));
  EXPECT_EQ(submitted.customer_id(), customer.customer_id());
  EXPECT_EQ(submitted.statement_id(), statement.statement_id());
  EXPECT_EQ(submitted.period_type(), v1::PERIOD_TYPE_ANNUAL);
  EXPECT_EQ(submitted.fiscal_year(), 2024);

  for (const Event& e : ours) {
    for (const std::string& secret : {draft.legal_representative_id_number(), draft.contact_phone(),
                                      draft.settlement_account_number()}) {
      EXPECT_THAT(e.payload().value(), Not(HasSubstr(secret))) << e.event_type();
    }
  }

  // Resuming after the CustomerCreated event gives exactly what followed it.
  ASSERT_OK_AND_ASSIGN(std::vector<Event> resumed, env.ReadEvents(Service(), created.sequence()));
  for (const Event& e : resumed) {
    EXPECT_GT(e.sequence(), created.sequence());
  }
  EXPECT_THAT(TypesOf(About(resumed, customer.name())),
              ElementsAre(kUpdated, kUpdated, kStatementSubmitted));
  ASSERT_OK_AND_ASSIGN(std::vector<Event> after_last,
                       env.ReadEvents(Service(), feed.back().sequence()));
  EXPECT_THAT(after_last, IsEmpty());

  // Only the event types asked for.
  ASSERT_OK_AND_ASSIGN(std::vector<Event> statements,
                       env.ReadEvents(Service(), 0, {kStatementSubmitted}));
  EXPECT_THAT(TypesOf(About(statements, customer.name())), ElementsAre(kStatementSubmitted));
  for (const Event& e : statements) {
    EXPECT_EQ(e.event_type(), kStatementSubmitted);
  }
}

TEST(EventFeedTest, OnlyServicesAndAdminsMayRead) {
  CustomerProfileEnv& env = SharedEnv();
  EXPECT_THAT(env.ReadEvents(Rm(), 0),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));
  EXPECT_THAT(env.ReadEvents(env.TokenFor(roles::kAuditor), 0),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));
  EXPECT_THAT(env.ReadEvents("", 0),
              FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_MISSING"));
  EXPECT_THAT(env.ReadEvents(env.TokenFor(roles::kAdmin), 0), IsOk());
  absl::StatusOr<std::vector<Event>> negative = env.ReadEvents(Service(), -1);
  EXPECT_THAT(negative, FailsWith(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(negative), ElementsAre("after_sequence"));
}

TEST(PrivacyTest, IdentifiersNeverReachTheTablesOrTheLogInClear) {
  CustomerProfileEnv& env = SharedEnv();
  const int n = NextSerial();
  // Written as people type them; the service stores (encrypted) the normalised forms.
  const std::string id_number = ResidentIdNumber(n);
  const std::string phone = MobileNumber(n);
  const std::string typed_phone =
      absl::StrCat("+86 ", phone.substr(0, 3), "-", phone.substr(3, 4), "-", phone.substr(7));
  const std::string account = AccountNumber(n);
  const std::string typed_account =
      absl::StrCat(account.substr(0, 4), " ", account.substr(4, 4), " ", account.substr(8));
  const std::string new_phone = MobileNumber(n + 50'000'000);
  const std::string contact_id_number = ResidentIdNumber(n + 500);
  const std::string contact_phone = MobileNumber(n + 60'000'000);
  const std::string contact_email = absl::StrCat("wang.secret", n, "@example.com");
  const std::string rejected_phone = absl::StrCat("1", phone, "9");  // 13 digits: invalid

  v1::Customer draft = KeyEnterprise("隐私测试有限公司");
  draft.set_legal_representative_id_number(id_number);
  draft.set_contact_phone(typed_phone);
  draft.set_settlement_account_number(typed_account);
  ASSERT_OK_AND_ASSIGN(v1::Customer customer, CreateCustomer(draft, absl::StrCat("privacy-", n)));

  v1::CreateContactRequest contact;
  contact.set_parent(customer.name());
  contact.mutable_contact()->set_role(v1::CONTACT_ROLE_ACTUAL_CONTROLLER);
  contact.mutable_contact()->set_full_name("王六");
  contact.mutable_contact()->set_id_number(contact_id_number);
  contact.mutable_contact()->set_phone(contact_phone);
  contact.mutable_contact()->set_email(contact_email);
  ASSERT_OK(env.Call(&Stub::CreateContact, Rm(), contact).status());

  v1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(customer.name());
  update.mutable_customer()->set_contact_phone(new_phone);
  update.mutable_update_mask()->add_paths("contact_phone");
  ASSERT_OK(env.Call(&Stub::UpdateCustomer, Rm(), update).status());

  // Reads in clear (audited), a look-up by ID number, and a rejected value.
  v1::GetCustomerRequest get;
  get.set_name(customer.name());
  get.set_view(v1::CUSTOMER_VIEW_UNMASKED);
  ASSERT_OK_AND_ASSIGN(v1::Customer clear,
                       env.Call(&Stub::GetCustomer, env.TokenFor(roles::kAdmin), get));
  EXPECT_EQ(clear.legal_representative_id_number(), id_number);
  EXPECT_EQ(clear.contact_phone(), new_phone);
  EXPECT_EQ(clear.settlement_account_number(), account);
  v1::ListContactsRequest contacts;
  contacts.set_parent(customer.name());
  contacts.set_view(v1::CUSTOMER_VIEW_UNMASKED);
  ASSERT_OK_AND_ASSIGN(v1::ListContactsResponse listed,
                       env.Call(&Stub::ListContacts, Rm(), contacts));
  ASSERT_EQ(listed.contacts_size(), 1);
  EXPECT_EQ(listed.contacts(0).email(), contact_email);
  v1::ListCustomersRequest by_id;
  by_id.set_legal_representative_id_number(id_number);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse found,
                       env.Call(&Stub::ListCustomers, Rm(), by_id));
  ASSERT_EQ(found.customers_size(), 1);
  v1::Customer rejected = KeyEnterprise("隐私拒绝有限公司");
  rejected.set_contact_phone(rejected_phone);
  absl::StatusOr<v1::Customer> refused = CreateCustomer(rejected);
  EXPECT_THAT(ViolatedFields(refused), ElementsAre("customer.contact_phone"));
  EXPECT_THAT(std::string(refused.status().message()), Not(HasSubstr(rejected_phone)));
  for (const FieldViolation& v : FieldViolationsOf(refused.status())) {
    EXPECT_THAT(v.description, Not(HasSubstr(rejected_phone)));
  }

  const std::vector<std::string> secrets = {
      id_number,         phone,         account,       new_phone,
      contact_id_number, contact_phone, contact_email, rejected_phone};

  ASSERT_OK_AND_ASSIGN(std::string tables, DumpAllTables(env.db()));
  // The dump does see the data (names, codes, ciphertext), so its silence below means something.
  ASSERT_THAT(tables, HasSubstr("隐私测试有限公司"));
  ASSERT_THAT(tables, HasSubstr(draft.unified_social_credit_code()));
  ASSERT_THAT(tables, HasSubstr("customers.contact_phone_enc="));
  for (const std::string& secret : secrets) {
    EXPECT_THAT(tables, Not(HasSubstr(secret))) << "a table holds " << secret << " in clear";
  }

  const std::string log = env.process().ReadLog();
  ASSERT_THAT(log, HasSubstr("CreateCustomer"));
  ASSERT_THAT(log, HasSubstr("ListContacts"));
  for (const std::string& secret : secrets) {
    EXPECT_THAT(log, Not(HasSubstr(secret))) << "the log holds " << secret << " in clear";
  }
}

}  // namespace
}  // namespace ccrm::customer::itest
