// Every unmasked read leaves an audit record, for every RPC that can return identifiers in clear
// (GetCustomer, GetCustomer as of a past time, ListContacts: customer-profile's handlers with a
// view) and every role privacy_policy lets unmask (relationship_manager, credit_analyst,
// risk_officer, admin): N reads give exactly N records per customer revealed (one per contact a
// list page returns), naming the actor, the customer, the fields revealed and the request id —
// through ListAuditRecords as an auditor and in the audit_records table as the admin. Masked
// reads, and roles that may not unmask, add none. Only auditors (and admins) read the trail.
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/client/call.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "google/protobuf/util/time_util.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/fault/access/access_findings.h"
#include "tests/fault/report/reliability_report.h"
#include "tests/risk-warning/integration/suite_env.h"

namespace ccrm::access_itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
using ::ccrm::customer::itest::ExpectedMaskedAccount;
using ::ccrm::customer::itest::ExpectedMaskedIdNumber;
using ::ccrm::customer::itest::ExpectedMaskedMobile;
using ::ccrm::customer::itest::KeyEnterprise;
using ::ccrm::customer::itest::MobileNumber;
using ::ccrm::customer::itest::NextSerial;
using ::ccrm::customer::itest::ResidentIdNumber;
using ::ccrm::risk::itest::CustomerStub;
using ::ccrm::risk::itest::SharedSuiteEnv;
using ::ccrm::risk::itest::SuiteEnv;
using ::ccrm::testing::FailsWith;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

constexpr char kCustomerAction[] = "customer.read_unmasked";
constexpr char kContactAction[] = "contact.read_unmasked";

// The roles privacy_policy.cc lets see identifiers in clear, and those it does not.
const char* const kUnmaskRoles[] = {roles::kRelationshipManager, roles::kCreditAnalyst,
                                    roles::kRiskOfficer, roles::kAdmin};

// What one audit record says, in a comparable form.
std::string Describe(const std::string& action, const std::string& resource,
                     const std::string& customer_id, std::vector<std::string> fields,
                     const std::string& request_id) {
  std::sort(fields.begin(), fields.end());
  return absl::StrCat(action, " ", resource, " customer=", customer_id,
                      " fields=", absl::StrJoin(fields, ","), " request=", request_id);
}

// A customer with every identifier set and three contacts, the third without an e-mail.
struct AuditedCustomer {
  cv1::Customer draft;
  cv1::Customer customer;
  std::vector<cv1::Contact> contacts;  // as created (masked), in creation order
  std::vector<cv1::Contact> clear_contacts;
  google::protobuf::Timestamp after_create;
};

class UnmaskedAuditTest : public ::testing::Test {
 protected:
  SuiteEnv& env() { return SharedSuiteEnv(); }
  std::unique_ptr<CustomerStub> Stub() { return env().CustomerClient(); }

  // Calls with a token for `subject` holding `role`, and `request_id` as x-request-id.
  template <typename Request, typename Response>
  absl::StatusOr<Response> CallAs(grpc::Status (CustomerStub::*method)(grpc::ClientContext*,
                                                                       const Request&, Response*),
                                  const std::string& subject, const std::string& role,
                                  const Request& request, const std::string& request_id = "") {
    CallOptions options;
    options.token = env().Token(subject, {role});
    options.request_id = request_id;
    std::unique_ptr<CustomerStub> stub = Stub();
    return CallUnary(*stub, method, options, request);
  }

  absl::StatusOr<AuditedCustomer> NewCustomer(const std::string& legal_name) {
    AuditedCustomer out;
    out.draft = KeyEnterprise(legal_name);
    cv1::CreateCustomerRequest create;
    *create.mutable_customer() = out.draft;
    ASSIGN_OR_RETURN(out.customer, CallAs(&CustomerStub::CreateCustomer, "audit-writer",
                                          roles::kRelationshipManager, create));
    for (int i = 0; i < 3; ++i) {
      const int n = NextSerial();
      cv1::CreateContactRequest contact;
      contact.set_parent(out.customer.name());
      contact.mutable_contact()->set_role(cv1::CONTACT_ROLE_FINANCE_OFFICER);
      contact.mutable_contact()->set_full_name(absl::StrCat("审计联系人", i + 1));
      contact.mutable_contact()->set_id_number(ResidentIdNumber(n % 1000));
      contact.mutable_contact()->set_phone(MobileNumber(70'000'000 + n));
      if (i < 2) {
        contact.mutable_contact()->set_email(absl::StrCat("audit.contact", n, "@example.com"));
      }
      out.clear_contacts.push_back(contact.contact());
      ASSIGN_OR_RETURN(cv1::Contact created, CallAs(&CustomerStub::CreateContact, "audit-writer",
                                                    roles::kRelationshipManager, contact));
      out.contacts.push_back(created);
    }
    out.after_create =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now()));
    return out;
  }

  // Every record ListAuditRecords gives an auditor for `actor`, all pages.
  absl::StatusOr<std::vector<cv1::AuditRecord>> TrailOf(const std::string& actor) {
    std::vector<cv1::AuditRecord> records;
    cv1::ListAuditRecordsRequest request;
    request.set_actor(actor);
    request.set_page_size(50);
    while (true) {
      ASSIGN_OR_RETURN(
          cv1::ListAuditRecordsResponse page,
          CallAs(&CustomerStub::ListAuditRecords, "it-auditor", roles::kAuditor, request));
      records.insert(records.end(), page.audit_records().begin(), page.audit_records().end());
      if (page.next_page_token().empty()) {
        return records;
      }
      request.set_page_token(page.next_page_token());
    }
  }

  // The unmasked-read records of `actor` in the audit_records table, read as the admin.
  absl::StatusOr<std::vector<std::string>> TableRecordsOf(const std::string& actor) {
    ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease,
                     env().customer_profile().db().admin_pool().Acquire());
    std::vector<std::string> out;
    try {
      sql::PreparedStatement& select = lease->Prepare(
          "SELECT action, resource, customer_id, fields, request_id FROM audit_records "
          "WHERE actor = ? AND action LIKE '%.read_unmasked' ORDER BY audit_id");
      select.setString(1, actor);
      std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
      while (rows->next()) {
        std::vector<std::string> fields =
            absl::StrSplit(rows->getString(4).asStdString(), ',', absl::SkipEmpty());
        out.push_back(Describe(rows->getString(1).asStdString(), rows->getString(2).asStdString(),
                               rows->getString(3).asStdString(), fields,
                               rows->getString(5).asStdString()));
      }
      lease->RollbackQuietly();
    } catch (const sql::SQLException& e) {
      lease->RollbackQuietly();
      return absl::InternalError(e.what());
    }
    return out;
  }
};

std::vector<std::string> CustomerFields() {
  return {"legal_representative_id_number", "contact_phone", "settlement_account_number"};
}

std::vector<std::string> ContactFields(const cv1::Contact& contact) {
  std::vector<std::string> fields = {"id_number", "phone"};
  if (!contact.email().empty()) {
    fields.push_back("email");
  }
  return fields;
}

TEST_F(UnmaskedAuditTest, EachUnmaskedReadByEachPermittedRoleIsAuditedOncePerRecordRevealed) {
  ASSERT_OK_AND_ASSIGN(AuditedCustomer subject, NewCustomer("明文审计矩阵有限公司"));
  const std::string& customer_id = subject.customer.customer_id();
  const int reads = reliability::LongRun() ? 10 : 3;
  const std::pair<std::string, std::string> kRpcs[] = {
      {"GetCustomer", "get"}, {"GetCustomer as_of_time", "get-as-of"}, {"ListContacts", "list"}};
  for (const auto& [rpc, rpc_slug] : kRpcs) {
    for (const char* role : kUnmaskRoles) {
      const std::string slug = absl::StrCat(rpc_slug, "-", role);
      const std::string actor = absl::StrCat("audit-", slug);
      std::vector<std::string> expected;
      for (int i = 0; i < reads; ++i) {
        const std::string request_id = absl::StrCat("acc-", slug, "-", i);
        if (rpc == "ListContacts") {
          cv1::ListContactsRequest list;
          list.set_parent(subject.customer.name());
          list.set_view(cv1::CUSTOMER_VIEW_UNMASKED);
          ASSERT_OK_AND_ASSIGN(cv1::ListContactsResponse listed,
                               CallAs(&CustomerStub::ListContacts, actor, role, list, request_id));
          ASSERT_EQ(listed.contacts_size(), 3);
          for (const cv1::Contact& c : listed.contacts()) {
            bool clear = false;
            for (const cv1::Contact& typed : subject.clear_contacts) {
              clear = clear || (c.id_number() == typed.id_number() && c.phone() == typed.phone());
            }
            EXPECT_TRUE(clear) << "contact " << c.name() << " comes back in clear";
            expected.push_back(
                Describe(kContactAction, c.name(), customer_id, ContactFields(c), request_id));
          }
        } else {
          cv1::GetCustomerRequest get;
          get.set_name(subject.customer.name());
          get.set_view(cv1::CUSTOMER_VIEW_UNMASKED);
          if (rpc != "GetCustomer") {
            *get.mutable_as_of_time() = subject.after_create;
          }
          absl::StatusOr<cv1::Customer> read =
              CallAs(&CustomerStub::GetCustomer, actor, role, get, request_id);
          ASSERT_TRUE(read.ok()) << read.status() << "; as of " << get.as_of_time().DebugString()
                                 << ", created " << subject.customer.update_time().DebugString();
          const cv1::Customer& clear = *read;
          EXPECT_EQ(clear.legal_representative_id_number(),
                    subject.draft.legal_representative_id_number());
          EXPECT_EQ(clear.contact_phone(), subject.draft.contact_phone());
          expected.push_back(Describe(kCustomerAction, subject.customer.name(), customer_id,
                                      CustomerFields(), request_id));
        }
      }

      ASSERT_OK_AND_ASSIGN(std::vector<cv1::AuditRecord> trail, TrailOf(actor));
      std::vector<std::string> via_rpc;
      for (const cv1::AuditRecord& r : trail) {
        EXPECT_EQ(r.actor(), actor);
        EXPECT_THAT(r.actor_roles(), ElementsAreArray({std::string(role)}));
        EXPECT_TRUE(r.has_record_time());
        via_rpc.push_back(Describe(r.action(), r.resource(), r.customer_id(),
                                   {r.fields().begin(), r.fields().end()}, r.request_id()));
      }
      ASSERT_OK_AND_ASSIGN(std::vector<std::string> in_table, TableRecordsOf(actor));
      EXPECT_THAT(via_rpc, UnorderedElementsAreArray(expected)) << rpc << " by " << role;
      EXPECT_THAT(in_table, UnorderedElementsAreArray(expected)) << rpc << " by " << role;

      // Counted as found only when each record is one expected (the matchers above say which).
      auto matching = [&expected](std::vector<std::string> found) {
        int64_t n = 0;
        std::vector<std::string> left = expected;
        for (const std::string& f : found) {
          auto it = std::find(left.begin(), left.end(), f);
          if (it != left.end()) {
            left.erase(it);
            ++n;
          }
        }
        return found.size() == expected.size() ? n : -static_cast<int64_t>(found.size());
      };
      Findings().AddAudit(AuditRow{rpc, role, reads, static_cast<int64_t>(expected.size()),
                                   matching(via_rpc), matching(in_table)});
    }
  }
}

TEST_F(UnmaskedAuditTest, AListPageAuditsExactlyTheContactsItReturns) {
  ASSERT_OK_AND_ASSIGN(AuditedCustomer subject, NewCustomer("分页明文审计有限公司"));
  const std::string actor = "audit-paged-reader";
  cv1::ListContactsRequest list;
  list.set_parent(subject.customer.name());
  list.set_view(cv1::CUSTOMER_VIEW_UNMASKED);
  list.set_page_size(2);
  ASSERT_OK_AND_ASSIGN(
      cv1::ListContactsResponse first,
      CallAs(&CustomerStub::ListContacts, actor, roles::kRiskOfficer, list, "acc-page-1"));
  ASSERT_EQ(first.contacts_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  list.set_page_token(first.next_page_token());
  ASSERT_OK_AND_ASSIGN(
      cv1::ListContactsResponse second,
      CallAs(&CustomerStub::ListContacts, actor, roles::kRiskOfficer, list, "acc-page-2"));
  ASSERT_EQ(second.contacts_size(), 1);

  std::vector<std::string> expected;
  for (const cv1::Contact& c : first.contacts()) {
    expected.push_back(Describe(kContactAction, c.name(), subject.customer.customer_id(),
                                ContactFields(c), "acc-page-1"));
  }
  expected.push_back(Describe(kContactAction, second.contacts(0).name(),
                              subject.customer.customer_id(), ContactFields(second.contacts(0)),
                              "acc-page-2"));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> in_table, TableRecordsOf(actor));
  EXPECT_THAT(in_table, UnorderedElementsAreArray(expected));
  Findings().AddAudit(AuditRow{
      "ListContacts, 2 pages of 2", roles::kRiskOfficer, 2, 3,
      static_cast<int64_t>(TrailOf(actor).value_or(std::vector<cv1::AuditRecord>()).size()),
      static_cast<int64_t>(in_table.size())});
}

TEST_F(UnmaskedAuditTest, MaskedReadsAndRefusedUnmaskingLeaveNoUnmaskedRecord) {
  ASSERT_OK_AND_ASSIGN(AuditedCustomer subject, NewCustomer("掩码读取审计有限公司"));
  const cv1::Customer& draft = subject.draft;
  auto expect_masked = [&](const cv1::Customer& c, const std::string& who) {
    EXPECT_EQ(c.legal_representative_id_number(),
              ExpectedMaskedIdNumber(draft.legal_representative_id_number()))
        << who;
    EXPECT_EQ(c.contact_phone(), ExpectedMaskedMobile(draft.contact_phone())) << who;
    EXPECT_EQ(c.settlement_account_number(),
              ExpectedMaskedAccount(draft.settlement_account_number()))
        << who;
  };
  std::vector<std::string> readers;
  // Roles that may not unmask: masked reads work, unmasked ones are refused.
  for (const char* role : {roles::kCreditApprover, roles::kAuditor, roles::kService}) {
    const std::string actor = absl::StrCat("masked-", role);
    readers.push_back(actor);
    cv1::GetCustomerRequest get;
    get.set_name(subject.customer.name());
    get.set_view(cv1::CUSTOMER_VIEW_MASKED);
    ASSERT_OK_AND_ASSIGN(cv1::Customer masked,
                         CallAs(&CustomerStub::GetCustomer, actor, role, get));
    expect_masked(masked, role);
    get.set_view(cv1::CUSTOMER_VIEW_UNMASKED);
    EXPECT_THAT(CallAs(&CustomerStub::GetCustomer, actor, role, get),
                FailsWith(absl::StatusCode::kPermissionDenied, "UNMASKED_VIEW_NOT_PERMITTED"))
        << role;
    if (std::string(role) != roles::kService) {
      cv1::ListContactsRequest list;
      list.set_parent(subject.customer.name());
      ASSERT_OK_AND_ASSIGN(cv1::ListContactsResponse contacts,
                           CallAs(&CustomerStub::ListContacts, actor, role, list));
      ASSERT_EQ(contacts.contacts_size(), 3);
      for (const cv1::Contact& c : contacts.contacts()) {
        EXPECT_THAT(c.id_number(), HasSubstr("*")) << role;
        EXPECT_THAT(c.phone(), HasSubstr("*")) << role;
      }
      list.set_view(cv1::CUSTOMER_VIEW_UNMASKED);
      EXPECT_THAT(CallAs(&CustomerStub::ListContacts, actor, role, list),
                  FailsWith(absl::StatusCode::kPermissionDenied, "UNMASKED_VIEW_NOT_PERMITTED"))
          << role;
    }
  }
  // Roles that may unmask, reading without asking to: masked, not audited; ListCustomers never
  // unmasks.
  for (const char* role : kUnmaskRoles) {
    const std::string actor = absl::StrCat("masked-", role);
    readers.push_back(actor);
    cv1::GetCustomerRequest get;
    get.set_name(subject.customer.name());
    ASSERT_OK_AND_ASSIGN(cv1::Customer masked,
                         CallAs(&CustomerStub::GetCustomer, actor, role, get));
    expect_masked(masked, role);
    cv1::ListCustomersRequest list;
    list.set_name_prefix("掩码读取审计");
    ASSERT_OK_AND_ASSIGN(cv1::ListCustomersResponse listed,
                         CallAs(&CustomerStub::ListCustomers, actor, role, list));
    ASSERT_EQ(listed.customers_size(), 1);
    expect_masked(listed.customers(0), role);
  }
  for (const std::string& actor : readers) {
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> in_table, TableRecordsOf(actor));
    ASSERT_OK_AND_ASSIGN(std::vector<cv1::AuditRecord> trail, TrailOf(actor));
    EXPECT_THAT(in_table, IsEmpty()) << actor;
    EXPECT_THAT(trail, IsEmpty()) << actor << " (masked reads leave no record at all)";
    Findings().RecordMaskedRead(in_table.empty() && trail.empty());
  }
}

TEST_F(UnmaskedAuditTest, OnlyAuditorsAndAdminsMayReadTheTrail) {
  cv1::ListAuditRecordsRequest request;
  request.set_action(kCustomerAction);
  for (const char* role : {roles::kAuditor, roles::kAdmin}) {
    const absl::StatusOr<cv1::ListAuditRecordsResponse> read =
        CallAs(&CustomerStub::ListAuditRecords, absl::StrCat("trail-", role), role, request);
    Findings().RecordTrailAccess(read.ok());
    EXPECT_OK(read.status()) << role;
  }
  for (const char* role : {roles::kRelationshipManager, roles::kCreditAnalyst,
                           roles::kCreditApprover, roles::kRiskOfficer, roles::kService}) {
    const absl::StatusOr<cv1::ListAuditRecordsResponse> read =
        CallAs(&CustomerStub::ListAuditRecords, absl::StrCat("trail-", role), role, request);
    Findings().RecordTrailAccess(read.status().code() == absl::StatusCode::kPermissionDenied &&
                                 ErrorReason(read.status()) == "ROLE_NOT_PERMITTED");
    EXPECT_THAT(read, FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED")) << role;
  }
}

}  // namespace
}  // namespace ccrm::access_itest
