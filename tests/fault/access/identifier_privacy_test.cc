// Personal identifiers never in clear outside an unmasked reply, across the four real services:
// customers are given distinctive ID numbers, phones (mobile and landline), settlement accounts,
// contacts with ID numbers, phones and e-mails; they are updated, read masked and unmasked,
// looked up by ID number, rated, given exposures, interactions, a complaint and a survey, and the
// events flow until relationship-service holds a task raised by risk-warning. Bad requests
// carrying identifiers are sent too. Then every column of every table of the four databases (raw
// bytes, as the admin), each service's log at debug level, every event of each service's feed
// and the bytes of every error reply are searched for each identifier in its clear forms.
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "google/protobuf/util/time_util.h"
#include "services/customer-profile/domain/personal_identifiers.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/fault/access/access_findings.h"
#include "tests/fault/access/customer_journey.h"
#include "tests/fault/report/reliability_report.h"
#include "tests/risk-warning/integration/suite_env.h"

namespace ccrm::access_itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
namespace rv1 = ::ccrm::rating::v1;
namespace relv1 = ::ccrm::relationship::v1;
namespace riskv1 = ::ccrm::risk::v1;
using ::ccrm::common::v1::Event;
using ::ccrm::customer::itest::KeyEnterprise;
using ::ccrm::risk::itest::CustomerStub;
using ::ccrm::risk::itest::Eventually;
using ::ccrm::risk::itest::RelationshipStub;
using ::ccrm::risk::itest::SharedSuiteEnv;
using ::ccrm::risk::itest::SuiteEnv;
using ::ccrm::risk::itest::SuiteEnvOptions;
using ::ccrm::testing::CallWithToken;

// Every service this binary starts logs at debug level (services read any flag from CCRM_<FLAG>),
// so the log scan covers everything they may write. Set before the services start.
[[maybe_unused]] const bool kDebugLogs = [] { return setenv("CCRM_LOG_LEVEL", "debug", 1) == 0; }();

CCRM_SUITE_SHARED_SERVICES(SuiteEnvOptions{});

constexpr char kManager[] = "rm-privacy";

// One planted identifier and the clear forms it is searched in.
struct Planted {
  std::string what;
  std::vector<std::string> forms;
};

// Distinctive identifiers (random per run) and their clear forms.
class IdentifierCatalogue final {
 public:
  IdentifierCatalogue() : random_(static_cast<unsigned>(getpid()) * 2654435761u) {}

  std::string Digits(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out.push_back(static_cast<char>('0' + random_() % 10));
    }
    return out;
  }

  // A valid resident ID number born in 1970-1999; ending in 'X' when `x_check` (searched for
  // until one is found).
  std::string NewIdNumber(bool x_check) {
    while (true) {
      const std::string first17 = absl::StrCat("350102", 1970 + random_() % 30, "0",
                                               1 + random_() % 9, 10 + random_() % 18, Digits(3));
      absl::StatusOr<char> check = customer::ResidentIdCheckCharacter(first17);
      if (check.ok() && (*check == 'X') == x_check) {
        return first17 + *check;
      }
    }
  }
  std::string NewMobile() { return absl::StrCat("1", 5 + random_() % 5, Digits(9)); }
  // Area code and local number, e.g. {"0591", "87654321"}.
  std::pair<std::string, std::string> NewLandline() {
    return {"0591", absl::StrCat(2 + random_() % 7, Digits(7))};
  }
  std::string NewAccount() { return absl::StrCat("6217", Digits(12)); }
  std::string NewEmail() { return absl::StrCat("li.hua.", Digits(6), "@corp-example.cn"); }

  // Adds an ID number: as given, with a lower-case check letter, grouped 6-8-4 by spaces, and
  // its first 17 characters (all but the check character: what digits-only search finds).
  void AddIdNumber(const std::string& what, const std::string& id) {
    AddForms(what, {id, absl::AsciiStrToLower(id),
                    absl::StrCat(id.substr(0, 6), " ", id.substr(6, 8), " ", id.substr(14)),
                    id.substr(0, 17)});
  }
  // Adds a mobile number: digits only, grouped 3-4-4 by spaces and by dashes.
  void AddMobile(const std::string& what, const std::string& mobile) {
    AddForms(what, {mobile, Grouped(mobile, " "), Grouped(mobile, "-")});
  }
  void AddLandline(const std::string& what, const std::pair<std::string, std::string>& phone) {
    const auto& [area, local] = phone;
    AddForms(what, {area + local, area + "-" + local, area + " " + local, local,
                    absl::StrCat(local.substr(0, 4), "-", local.substr(4)),
                    absl::StrCat(local.substr(0, 4), " ", local.substr(4))});
  }
  // Adds an account: digits, grouped by fours with spaces and dashes, and the digits the masked
  // form hides (all but the last four).
  void AddAccount(const std::string& what, const std::string& account) {
    AddForms(what, {account, Fours(account, " "), Fours(account, "-"),
                    account.substr(0, account.size() - 4)});
  }
  // Adds an e-mail address: as given, lower-cased, and its local part.
  void AddEmail(const std::string& what, const std::string& email) {
    AddForms(what, {email, absl::AsciiStrToLower(email), email.substr(0, email.find('@'))});
  }

  // Adds an identifier with the forms given.
  void AddForms(const std::string& what, std::vector<std::string> forms) {
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    planted_.push_back(Planted{what, std::move(forms)});
  }

  const std::vector<Planted>& planted() const { return planted_; }
  int forms() const {
    int n = 0;
    for (const Planted& p : planted_) {
      n += static_cast<int>(p.forms.size());
    }
    return n;
  }

  // Each occurrence of any form in `bytes`, as "<what> <form> at <offset>: …context…".
  std::vector<std::string> Find(const std::string& bytes) const {
    std::vector<std::string> hits;
    for (const Planted& p : planted_) {
      for (const std::string& form : p.forms) {
        for (size_t at = bytes.find(form); at != std::string::npos; at = bytes.find(form, at + 1)) {
          const size_t from = at < 40 ? 0 : at - 40;
          hits.push_back(absl::StrCat(p.what, " \"", form, "\" at ", at, ": ",
                                      absl::CHexEscape(bytes.substr(from, form.size() + 80))));
        }
      }
    }
    return hits;
  }

 private:
  static std::string Grouped(const std::string& mobile, const char* sep) {
    return absl::StrCat(mobile.substr(0, 3), sep, mobile.substr(3, 4), sep, mobile.substr(7));
  }
  static std::string Fours(const std::string& digits, const char* sep) {
    std::string out;
    for (size_t i = 0; i < digits.size(); i += 4) {
      absl::StrAppend(&out, i == 0 ? "" : sep, digits.substr(i, 4));
    }
    return out;
  }

  std::mt19937 random_;
  std::vector<Planted> planted_;
};

// A bad request's reply as it travels: status code, message, serialized details (and the
// response, when there is one).
struct ErrorReply {
  std::string request;
  grpc::StatusCode expected;
  grpc::StatusCode code;
  std::string bytes;
};

template <typename Stub, typename Request, typename Response>
ErrorReply CallRaw(const std::string& label, grpc::StatusCode expected, Stub& stub,
                   grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                   const std::string& token, const Request& request) {
  grpc::ClientContext context;
  testing::PrepareContext(context, token);
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  return ErrorReply{label, expected, status.error_code(),
                    absl::StrCat(status.error_message(), status.error_details(),
                                 status.ok() ? response.SerializeAsString() : "")};
}

class IdentifierPrivacyTest : public ::testing::Test {
 protected:
  SuiteEnv& env() { return SharedSuiteEnv(); }
  std::string Token(const std::string& role) { return env().TokenFor(role); }
  std::string Manager() { return env().Token(kManager, {roles::kRelationshipManager}); }

  // Scans `bytes` of one place; adds it to the report and fails the test on any hit.
  void Scan(const IdentifierCatalogue& catalogue, const std::string& kind, const std::string& place,
            int64_t values, const std::string& bytes) {
    const std::vector<std::string> hits = catalogue.Find(bytes);
    Findings().AddScan(ScanRow{kind, place, values, static_cast<int64_t>(bytes.size()),
                               static_cast<int64_t>(hits.size())});
    EXPECT_THAT(hits, ::testing::IsEmpty())
        << kind << " " << place << " holds identifiers in clear";
  }
};

// Every value of every table of the test's own databases (t_<pid>_*), by database.
struct DatabaseDump {
  std::string database;
  int tables = 0;
  int64_t values = 0;
  std::string bytes;
};

absl::StatusOr<std::vector<DatabaseDump>> DumpOwnDatabases(testing::MySqlTestDb& any_db) {
  ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease, any_db.admin_pool().Acquire());
  std::vector<DatabaseDump> dumps;
  try {
    std::unique_ptr<sql::Statement> statement(lease->connection().createStatement());
    std::vector<std::pair<std::string, std::string>> tables;
    {
      std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(absl::StrCat(
          "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema "
          "LIKE 't\\_",
          getpid(), "\\_%' AND table_type = 'BASE TABLE' ORDER BY table_schema, table_name")));
      while (rows->next()) {
        tables.emplace_back(rows->getString(1).asStdString(), rows->getString(2).asStdString());
      }
    }
    for (const auto& [schema, table] : tables) {
      if (dumps.empty() || dumps.back().database != schema) {
        dumps.emplace_back();
        dumps.back().database = schema;
      }
      DatabaseDump& dump = dumps.back();
      ++dump.tables;
      std::unique_ptr<sql::ResultSet> rows(
          statement->executeQuery(absl::StrCat("SELECT * FROM `", schema, "`.`", table, "`")));
      sql::ResultSetMetaData* meta = rows->getMetaData();
      const unsigned int columns = meta->getColumnCount();
      while (rows->next()) {
        for (unsigned int i = 1; i <= columns; ++i) {
          if (rows->isNull(i)) {
            continue;
          }
          ++dump.values;
          // Raw bytes (BLOB ciphertext as stored), one value per line with its place.
          absl::StrAppend(&dump.bytes, table, ".", meta->getColumnLabel(i).asStdString(), "=",
                          rows->getString(i).asStdString(), "\n");
        }
      }
    }
    lease->RollbackQuietly();
  } catch (const sql::SQLException& e) {
    lease->RollbackQuietly();
    return absl::InternalError(absl::StrCat("dumping the databases: ", e.what()));
  }
  return dumps;
}

std::string ServiceOfDump(const DatabaseDump& dump, SuiteEnv& env) {
  if (dump.database == env.customer_profile().db().database()) {
    return "customer-profile";
  }
  if (dump.database == env.risk_db().database()) {
    return "risk-warning";
  }
  if (absl::StrContains(dump.bytes, "\ninteractions.") ||
      absl::StartsWith(dump.bytes, "interactions.") ||
      absl::StrContains(dump.bytes, "sla_rules.")) {
    return "relationship-service";
  }
  if (absl::StrContains(dump.bytes, "scorecard_models.")) {
    return "credit-rating";
  }
  return dump.database;
}

TEST_F(IdentifierPrivacyTest, IdentifiersAreInClearNowhereButUnmaskedReplies) {
  SuiteEnv& e = env();
  IdentifierCatalogue catalogue;
  std::unique_ptr<CustomerStub> customers = e.CustomerClient();
  const ccrm::risk::itest::SuiteEnv* suite = &e;
  const JourneyServices services{grpc::CreateChannel(e.customer_profile().process().address(),
                                                     grpc::InsecureChannelCredentials()),
                                 e.credit_rating().channel(), e.relationship().channel(),
                                 e.risk_warning().channel()};
  const JourneyTokens tokens = [suite](const std::string& subject,
                                       const std::vector<std::string>& roles) {
    return suite->Token(subject, roles);
  };

  const int customers_planted = reliability::LongRun() ? 6 : 2;
  std::vector<std::string> customer_ids;
  for (int c = 0; c < customers_planted; ++c) {
    const std::string tag = absl::StrCat("customer ", c + 1);
    // Typed as people type them; the service stores the normalised forms (encrypted).
    const std::string lr_id = catalogue.NewIdNumber(/*x_check=*/c == 0);
    const std::string mobile = catalogue.NewMobile();
    const std::string account = catalogue.NewAccount();
    catalogue.AddIdNumber(tag + " legal representative ID", lr_id);
    catalogue.AddMobile(tag + " contact phone", mobile);
    catalogue.AddAccount(tag + " settlement account", account);
    cv1::Customer draft = KeyEnterprise(absl::StrCat("隐私扫描", c + 1, "号有限公司"));
    draft.set_legal_representative_id_number(c == 0 ? absl::AsciiStrToLower(lr_id) : lr_id);
    draft.set_contact_phone(
        absl::StrCat("+86 ", mobile.substr(0, 3), " ", mobile.substr(3, 4), " ", mobile.substr(7)));
    draft.set_settlement_account_number(
        absl::StrCat(account.substr(0, 4), " ", account.substr(4, 4), " ", account.substr(8, 4),
                     " ", account.substr(12)));
    ASSERT_OK_AND_ASSIGN(Journey journey, RunJourney(services, tokens, draft, kManager));
    const cv1::Customer& customer = journey.customer;
    customer_ids.push_back(customer.customer_id());
    EXPECT_EQ(customer.contact_phone(), customer::itest::ExpectedMaskedMobile(mobile));

    // Contacts: a mobile and a landline, each with an ID number and an e-mail.
    const std::string contact_id = catalogue.NewIdNumber(false);
    const std::string contact_mobile = catalogue.NewMobile();
    const std::string contact_email = catalogue.NewEmail();
    const std::string partner_id = catalogue.NewIdNumber(false);
    const auto partner_phone = catalogue.NewLandline();
    const std::string partner_email = catalogue.NewEmail();
    catalogue.AddIdNumber(tag + " controller's ID", contact_id);
    catalogue.AddMobile(tag + " controller's phone", contact_mobile);
    catalogue.AddEmail(tag + " controller's e-mail", contact_email);
    catalogue.AddIdNumber(tag + " partner's ID", partner_id);
    catalogue.AddLandline(tag + " partner's phone", partner_phone);
    catalogue.AddEmail(tag + " partner's e-mail", partner_email);
    cv1::CreateContactRequest controller;
    controller.set_parent(customer.name());
    controller.mutable_contact()->set_role(cv1::CONTACT_ROLE_ACTUAL_CONTROLLER);
    controller.mutable_contact()->set_full_name("李华");
    controller.mutable_contact()->set_id_number(contact_id);
    controller.mutable_contact()->set_phone(absl::StrCat(contact_mobile.substr(0, 3), "-",
                                                         contact_mobile.substr(3, 4), "-",
                                                         contact_mobile.substr(7)));
    controller.mutable_contact()->set_email(contact_email);
    ASSERT_OK_AND_ASSIGN(
        cv1::Contact controller_contact,
        CallWithToken(*customers, &CustomerStub::CreateContact, Manager(), controller));
    cv1::CreateContactRequest partner = controller;
    partner.mutable_contact()->set_role(cv1::CONTACT_ROLE_BUSINESS_PARTNER);
    partner.mutable_contact()->set_full_name("赵敏");
    partner.mutable_contact()->set_id_number(partner_id);
    partner.mutable_contact()->set_phone(absl::StrCat("(", partner_phone.first, ") ",
                                                      partner_phone.second.substr(0, 4), "-",
                                                      partner_phone.second.substr(4)));
    partner.mutable_contact()->set_email(partner_email);
    ASSERT_OK(CallWithToken(*customers, &CustomerStub::CreateContact, Manager(), partner).status());

    // Updates: a landline and a new account for the customer, a new mobile for the controller.
    const auto new_phone = catalogue.NewLandline();
    const std::string new_account = catalogue.NewAccount();
    const std::string new_contact_mobile = catalogue.NewMobile();
    catalogue.AddLandline(tag + " new contact phone", new_phone);
    catalogue.AddAccount(tag + " new settlement account", new_account);
    catalogue.AddMobile(tag + " controller's new phone", new_contact_mobile);
    cv1::UpdateCustomerRequest update;
    update.mutable_customer()->set_name(customer.name());
    update.mutable_customer()->set_contact_phone(new_phone.first + "-" + new_phone.second);
    update.mutable_customer()->set_settlement_account_number(absl::StrCat(
        new_account.substr(0, 4), "-", new_account.substr(4, 6), "-", new_account.substr(10)));
    update.mutable_update_mask()->add_paths("contact_phone");
    update.mutable_update_mask()->add_paths("settlement_account_number");
    ASSERT_OK(CallWithToken(*customers, &CustomerStub::UpdateCustomer, Manager(), update).status());
    cv1::UpdateContactRequest update_contact;
    update_contact.mutable_contact()->set_name(controller_contact.name());
    update_contact.mutable_contact()->set_phone(absl::StrCat("+86", new_contact_mobile));
    update_contact.mutable_update_mask()->add_paths("phone");
    ASSERT_OK(CallWithToken(*customers, &CustomerStub::UpdateContact, Manager(), update_contact)
                  .status());

    // Reads: masked, unmasked (audited), as of a moment ago, by ID number, the contacts.
    cv1::GetCustomerRequest get;
    get.set_name(customer.name());
    ASSERT_OK_AND_ASSIGN(cv1::Customer masked,
                         CallWithToken(*customers, &CustomerStub::GetCustomer, Manager(), get));
    EXPECT_EQ(masked.settlement_account_number(),
              customer::itest::ExpectedMaskedAccount(new_account));
    get.set_view(cv1::CUSTOMER_VIEW_UNMASKED);
    ASSERT_OK_AND_ASSIGN(cv1::Customer clear,
                         CallWithToken(*customers, &CustomerStub::GetCustomer, Manager(), get));
    // The values were kept: their absence below is encryption, not loss.
    EXPECT_EQ(clear.legal_representative_id_number(), lr_id);
    EXPECT_EQ(clear.contact_phone(), new_phone.first + new_phone.second);
    EXPECT_EQ(clear.settlement_account_number(), new_account);
    // The search finds identifiers where they are meant to be: in an unmasked reply.
    EXPECT_THAT(catalogue.Find(clear.SerializeAsString()), ::testing::SizeIs(::testing::Ge(3u)));
    *get.mutable_as_of_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now()));
    ASSERT_OK(
        CallWithToken(*customers, &CustomerStub::GetCustomer, Token(roles::kAdmin), get).status());
    cv1::ListCustomersRequest by_id;
    by_id.set_legal_representative_id_number(
        absl::StrCat(lr_id.substr(0, 6), " ", lr_id.substr(6, 8), " ", lr_id.substr(14)));
    ASSERT_OK_AND_ASSIGN(
        cv1::ListCustomersResponse found,
        CallWithToken(*customers, &CustomerStub::ListCustomers, Token(roles::kRiskOfficer), by_id));
    ASSERT_EQ(found.customers_size(), 1);
    EXPECT_EQ(found.customers(0).customer_id(), customer.customer_id());
    cv1::ListContactsRequest contacts;
    contacts.set_parent(customer.name());
    contacts.set_view(cv1::CUSTOMER_VIEW_UNMASKED);
    ASSERT_OK_AND_ASSIGN(cv1::ListContactsResponse listed,
                         CallWithToken(*customers, &CustomerStub::ListContacts,
                                       Token(roles::kCreditAnalyst), contacts));
    ASSERT_EQ(listed.contacts_size(), 2);
    contacts.set_view(cv1::CUSTOMER_VIEW_MASKED);
    ASSERT_OK(
        CallWithToken(*customers, &CustomerStub::ListContacts, Token(roles::kAuditor), contacts)
            .status());
  }

  // The events flow: risk-warning's alert on the overdue installment reaches relationship-service
  // as a task for the manager, for every customer.
  std::unique_ptr<RelationshipStub> relationship = e.RelationshipClient();
  auto tasks_for_all = [&] {
    relv1::ListTasksRequest request;
    request.set_parent(absl::StrCat("relationshipManagers/", kManager));
    request.set_page_size(100);
    absl::StatusOr<relv1::ListTasksResponse> tasks =
        CallWithToken(*relationship, &RelationshipStub::ListTasks, Manager(), request);
    if (!tasks.ok()) {
      return false;
    }
    for (const std::string& id : customer_ids) {
      bool found = false;
      for (const relv1::FollowUpTask& task : tasks->tasks()) {
        found = found || task.customer_id() == id;
      }
      if (!found) {
        return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(Eventually(tasks_for_all, absl::Seconds(60)))
      << "risk-warning's alerts did not reach relationship-service as tasks";

  // Bad requests carrying identifiers: refused, and the reply does not repeat them.
  std::vector<ErrorReply> errors;
  {
    std::string bad_id = catalogue.NewIdNumber(false);
    bad_id.back() = bad_id.back() == '9' ? '0' : static_cast<char>(bad_id.back() + 1);
    catalogue.AddIdNumber("ID number with a wrong check character", bad_id);
    cv1::CreateCustomerRequest create;
    *create.mutable_customer() = KeyEnterprise("错误校验位有限公司");
    create.mutable_customer()->set_legal_representative_id_number(bad_id);
    errors.push_back(CallRaw("CreateCustomer, wrong ID check character",
                             grpc::StatusCode::INVALID_ARGUMENT, *customers,
                             &CustomerStub::CreateCustomer, Manager(), create));

    const std::string long_mobile = catalogue.NewMobile() + catalogue.Digits(1);
    catalogue.AddMobile("mobile with 12 digits", long_mobile);
    *create.mutable_customer() = KeyEnterprise("错误电话有限公司");
    create.mutable_customer()->set_contact_phone(long_mobile);
    errors.push_back(CallRaw("CreateCustomer, 12-digit mobile", grpc::StatusCode::INVALID_ARGUMENT,
                             *customers, &CustomerStub::CreateCustomer, Manager(), create));

    const std::string long_account = catalogue.NewAccount() + catalogue.Digits(20);
    catalogue.AddAccount("account with 36 digits", long_account);
    *create.mutable_customer() = KeyEnterprise("错误账号有限公司");
    create.mutable_customer()->set_settlement_account_number(long_account);
    errors.push_back(CallRaw("CreateCustomer, 36-digit account", grpc::StatusCode::INVALID_ARGUMENT,
                             *customers, &CustomerStub::CreateCustomer, Manager(), create));

    // A birth date that does not exist (month 13), with a correct check character.
    const std::string first17 = absl::StrCat("3501021985", "13", "05", catalogue.Digits(3));
    const std::string no_birthday =
        first17 + customer::ResidentIdCheckCharacter(first17).value_or('0');
    catalogue.AddIdNumber("ID number with month 13", no_birthday);
    const std::string bad_email =
        absl::StrCat("wang.fang.", catalogue.Digits(6), "@@corp-example.cn");
    catalogue.AddEmail("malformed e-mail", bad_email);
    cv1::CreateContactRequest contact;
    contact.set_parent(absl::StrCat("customers/", customer_ids[0]));
    contact.mutable_contact()->set_role(cv1::CONTACT_ROLE_FINANCE_OFFICER);
    contact.mutable_contact()->set_full_name("王芳");
    contact.mutable_contact()->set_id_number(no_birthday);
    contact.mutable_contact()->set_email(bad_email);
    errors.push_back(CallRaw("CreateContact, month-13 ID and malformed e-mail",
                             grpc::StatusCode::INVALID_ARGUMENT, *customers,
                             &CustomerStub::CreateContact, Manager(), contact));

    const std::string us_phone =
        absl::StrCat("+1 415 ", catalogue.Digits(3), " ", catalogue.Digits(4));
    std::string us_digits = us_phone.substr(1);
    us_digits.erase(std::remove(us_digits.begin(), us_digits.end(), ' '), us_digits.end());
    catalogue.AddForms("foreign phone",
                       {us_phone, us_phone.substr(3), us_digits.substr(1), us_digits});
    cv1::UpdateCustomerRequest update;
    update.mutable_customer()->set_name(absl::StrCat("customers/", customer_ids[0]));
    update.mutable_customer()->set_contact_phone(us_phone);
    update.mutable_update_mask()->add_paths("contact_phone");
    errors.push_back(CallRaw("UpdateCustomer, foreign phone", grpc::StatusCode::INVALID_ARGUMENT,
                             *customers, &CustomerStub::UpdateCustomer, Manager(), update));

    const std::string old_id = absl::StrCat("350102", "850705", catalogue.Digits(3));
    catalogue.AddForms("15-digit ID number", {old_id});
    cv1::ListContactsRequest list;
    list.set_parent(absl::StrCat("customers/", customer_ids[0]));
    ASSERT_OK_AND_ASSIGN(cv1::ListContactsResponse existing,
                         CallWithToken(*customers, &CustomerStub::ListContacts, Manager(), list));
    ASSERT_GT(existing.contacts_size(), 0);
    cv1::UpdateContactRequest update_contact;
    update_contact.mutable_contact()->set_name(existing.contacts(0).name());
    update_contact.mutable_contact()->set_id_number(old_id);
    update_contact.mutable_update_mask()->add_paths("id_number");
    errors.push_back(CallRaw("UpdateContact, 15-digit ID", grpc::StatusCode::INVALID_ARGUMENT,
                             *customers, &CustomerStub::UpdateContact, Manager(), update_contact));

    std::string wrong_lookup = catalogue.NewIdNumber(false);
    wrong_lookup.back() =
        wrong_lookup.back() == '9' ? '0' : static_cast<char>(wrong_lookup.back() + 1);
    catalogue.AddIdNumber("ID number looked up with a wrong check character", wrong_lookup);
    cv1::ListCustomersRequest lookup;
    lookup.set_legal_representative_id_number(wrong_lookup);
    errors.push_back(CallRaw("ListCustomers by a wrong ID number (no match)", grpc::StatusCode::OK,
                             *customers, &CustomerStub::ListCustomers, Manager(), lookup));
  }
  {
    // Identifiers where a customer id belongs, in each service.
    const std::string id = catalogue.NewIdNumber(false);
    const std::string mobile = catalogue.NewMobile();
    const std::string account = catalogue.NewAccount();
    catalogue.AddIdNumber("ID number as a customer id", id);
    catalogue.AddMobile("mobile as a customer id", mobile);
    catalogue.AddAccount("account as a customer id", account);
    cv1::GetCustomerRequest get;
    get.set_name("customers/" + id);
    errors.push_back(CallRaw("GetCustomer of customers/<ID number>",
                             grpc::StatusCode::INVALID_ARGUMENT, *customers,
                             &CustomerStub::GetCustomer, Manager(), get));
    auto ratings = rv1::CreditRating::NewStub(services.credit_rating);
    rv1::RateCustomerRequest rate;
    rate.set_customer("customers/" + id);
    rate.mutable_qualitative()->set_management_quality(rv1::ASSESSMENT_GOOD);
    rate.mutable_qualitative()->set_market_position(rv1::ASSESSMENT_GOOD);
    rate.mutable_qualitative()->set_industry_outlook(rv1::ASSESSMENT_GOOD);
    rate.mutable_qualitative()->set_guarantee_strength(rv1::ASSESSMENT_GOOD);
    errors.push_back(CallRaw(
        "RateCustomer of customers/<ID number>", grpc::StatusCode::INVALID_ARGUMENT, *ratings,
        &rv1::CreditRating::Stub::RateCustomer, Token(roles::kCreditAnalyst), rate));
    riskv1::CreateExposureRequest exposure;
    exposure.mutable_exposure()->set_customer_id(mobile);
    exposure.mutable_exposure()->set_facility_id("F-ACC-BAD");
    *exposure.mutable_exposure()->mutable_amount() = customer::itest::Cny(1'000'000);
    errors.push_back(CallRaw("CreateExposure for customer id <mobile>",
                             grpc::StatusCode::INVALID_ARGUMENT, *e.RiskClient(),
                             &riskv1::RiskWarning::Stub::CreateExposure, Token(roles::kRiskOfficer),
                             exposure));
    relv1::LogInteractionRequest visit;
    visit.set_parent("customers/" + account);
    visit.mutable_interaction()->set_kind(relv1::INTERACTION_KIND_CALL);
    visit.mutable_interaction()->set_summary("电话回访");
    errors.push_back(CallRaw("LogInteraction under customers/<account>",
                             grpc::StatusCode::INVALID_ARGUMENT, *relationship,
                             &RelationshipStub::LogInteraction, Manager(), visit));
  }
  for (const ErrorReply& reply : errors) {
    const bool as_expected = reply.code == reply.expected;
    const std::vector<std::string> hits = catalogue.Find(reply.bytes);
    Findings().RecordBadRequest(as_expected && hits.empty());
    EXPECT_EQ(reply.code, reply.expected) << reply.request;
  }

  Findings().RecordPlanted(static_cast<int>(catalogue.planted().size()), catalogue.forms());

  // The tables, as the admin sees them (an attacker with a copy of the databases).
  ASSERT_OK_AND_ASSIGN(std::vector<DatabaseDump> dumps,
                       DumpOwnDatabases(e.customer_profile().db()));
  ASSERT_EQ(dumps.size(), 4u) << "the four services' databases";
  for (const DatabaseDump& dump : dumps) {
    const std::string service = ServiceOfDump(dump, e);
    // The dump sees the data, so its silence means something.
    EXPECT_THAT(dump.bytes, ::testing::HasSubstr(customer_ids.back())) << service;
    Scan(catalogue, "tables", absl::StrCat(service, " (", dump.tables, " tables)"), dump.values,
         dump.bytes);
  }

  // The logs.
  struct ServiceLog {
    std::string service;
    std::string rpc;  // one the journey called: the log covers the journey
    std::string text;
  };
  const std::vector<ServiceLog> logs = {
      {"customer-profile", "CreateContact", e.customer_profile().process().ReadLog()},
      {"credit-rating", "RateCustomer", e.credit_rating().process().ReadLog()},
      {"relationship-service", "LogInteraction", e.relationship().process().ReadLog()},
      {"risk-warning", "CreateExposure", e.risk_warning().process().ReadLog()}};
  for (const auto& [service, rpc, log] : logs) {
    EXPECT_THAT(log, ::testing::HasSubstr(rpc)) << service;
    int64_t lines = 0;
    for (char ch : log) {
      lines += ch == '\n' ? 1 : 0;
    }
    Scan(catalogue, "log", service, lines, log);
  }

  // The event feeds, every event serialized as it is sent.
  const std::string consumer = e.Token("it-consumer", {roles::kService});
  const std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> feeds = {
      {"customer-profile", services.customer_profile},
      {"credit-rating", services.credit_rating},
      {"relationship-service", services.relationship},
      {"risk-warning", services.risk_warning}};
  for (const auto& [service, channel] : feeds) {
    auto feed = ccrm::common::v1::EventFeed::NewStub(channel);
    ASSERT_OK_AND_ASSIGN(std::vector<Event> events, testing::ReadEventFeed(*feed, consumer, 0));
    EXPECT_THAT(events, ::testing::Not(::testing::IsEmpty())) << service;
    std::string bytes;
    for (const Event& event : events) {
      bytes += event.SerializeAsString();
    }
    Scan(catalogue, "event feed", absl::StrCat(service, " (", events.size(), " events)"),
         static_cast<int64_t>(events.size()), bytes);
  }

  // The error replies.
  for (const ErrorReply& reply : errors) {
    Scan(catalogue, "error reply", reply.request, 1, reply.bytes);
  }
}

}  // namespace
}  // namespace ccrm::access_itest
