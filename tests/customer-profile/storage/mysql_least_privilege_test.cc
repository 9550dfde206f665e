// The repositories work with nothing more than a service account's rights (SELECT, INSERT,
// UPDATE, DELETE on its own schema; every other test in this binary runs as that account too),
// and that account can reach neither another service's schema nor change its own schema.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "services/customer-profile/storage/mysql_contact_repository.h"
#include "services/customer-profile/storage/mysql_customer_repository.h"
#include "services/customer-profile/storage/mysql_project_repository.h"
#include "services/customer-profile/storage/mysql_related_party_repository.h"
#include "services/customer-profile/storage/mysql_statement_repository.h"
#include "tests/customer-profile/storage/storage_test_base.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;

class MySqlLeastPrivilegeTest : public StorageTest {
 protected:
  // Runs `sql` as the app user; the status its failure maps to.
  absl::Status RunAsApp(const std::string& statement, bool query) {
    return mysql::RunInTransaction(pool(), mysql::TxOptions{}, [&](mysql::Session& s) {
      if (query) {
        std::unique_ptr<sql::ResultSet> rs(s.Prepare(statement).executeQuery());
      } else {
        s.Execute(statement);
      }
      return absl::OkStatus();
    });
  }
};

TEST_F(MySqlLeastPrivilegeTest, AppUserRunsEveryRepositoryOperation) {
  MySqlCustomerRepository customers(&pool(), &cipher(), &encoder());
  MySqlContactRepository contacts(&pool(), &cipher());
  MySqlRelatedPartyRepository parties(&pool(), &encoder());
  MySqlProjectRepository projects(&pool());
  MySqlStatementRepository statements(&pool(), &encoder());
  const std::string id = SampleCustomer(1).customer_id;

  ASSERT_OK(customers.Create(SampleCustomer(1), Key("r1", "f"), Write(0)).status());
  ASSERT_OK(customers.Create(SampleCustomer(1), Key("r1", "f"), Write(0)).status());
  ASSERT_OK(customers.Create(SampleCustomer(2), Key("", ""), Write(1)).status());
  ASSERT_OK(customers.Get(id, PersonalDataView::kUnmasked).status());
  ASSERT_OK(customers.GetAsOf(id, At(5), PersonalDataView::kUnmasked).status());
  ASSERT_OK(customers.List(CustomerQuery{}, PersonalDataView::kMasked).status());
  auto touch = [](Customer& c) -> absl::StatusOr<CustomerChange> {
    c.credit_grade = "A";
    return CustomerChange{"customer.update", {"credit_grade"}};
  };
  ASSERT_OK(customers.Update(id, 1, touch, Write(2)).status());
  ASSERT_OK(customers.RecordAudit(AuditRecord{0,
                                              "auditor",
                                              {"auditor"},
                                              "customer.read_unmasked",
                                              "customers/" + id,
                                              id,
                                              {"contact_phone"},
                                              "",
                                              "",
                                              At(3)}));
  ASSERT_OK(customers.ListAudit(AuditQuery{}).status());

  Contact contact;
  contact.customer_id = id;
  contact.role = ContactRole::kLegalRepresentative;
  contact.full_name = "张三";
  contact.phone = kPhone;
  ASSERT_OK_AND_ASSIGN(Contact c, contacts.Create(contact, Key("c1", "f"), Write(4)));
  ASSERT_OK(contacts.Get(id, c.contact_id).status());
  ASSERT_OK(contacts.List(id, {}, PersonalDataView::kMasked).status());
  ASSERT_OK(contacts
                .Update(
                    id, c.contact_id, 1,
                    [](Contact& x) -> absl::StatusOr<std::vector<std::string>> {
                      x.title = "董事长";
                      return std::vector<std::string>{"title"};
                    },
                    Write(5))
                .status());
  ASSERT_OK(contacts.Delete(id, c.contact_id, 2, Write(6)).status());

  RelatedParty party;
  party.customer_id = id;
  party.relation_type = RelationType::kAffiliate;
  party.related_customer_id = SampleCustomer(2).customer_id;
  ASSERT_OK_AND_ASSIGN(RelatedParty p, parties.Create(party, Key("p1", "f"), Write(7)));
  ASSERT_OK(parties.List(id, {}).status());
  ASSERT_OK(parties.EdgesTouching(id).status());
  ASSERT_OK(parties.NameAndCode(id).status());
  ASSERT_OK(parties.Delete(id, p.related_party_id, Write(8)).status());

  Project project;
  project.customer_id = id;
  project.project_name = "项目";
  ASSERT_OK_AND_ASSIGN(Project pr, projects.Create(project, Key("j1", "f"), Write(9)));
  ASSERT_OK(projects.Get(id, pr.project_id).status());
  ASSERT_OK(projects.List(id, {}).status());
  ASSERT_OK(projects
                .Update(
                    id, pr.project_id, 1,
                    [](Project& x) -> absl::StatusOr<std::vector<std::string>> {
                      x.capital_ratio_bps = 3000;
                      return std::vector<std::string>{"capital_ratio_bps"};
                    },
                    Write(10))
                .status());

  FinancialStatement statement;
  statement.customer_id = id;
  statement.period_type = PeriodType::kAnnual;
  statement.fiscal_year = 2025;
  statement.period_end_date = absl::CivilDay(2025, 12, 31);
  statement.currency_code = "CNY";
  statement.balance_sheet.total_assets = Money{"CNY", 100, 0};
  ASSERT_OK_AND_ASSIGN(FinancialStatement st,
                       statements.Submit(statement, Key("s1", "f"), Write(11)));
  ASSERT_OK(statements.Get(id, st.statement_id).status());
  ASSERT_OK(statements.List(id, PeriodType::kUnspecified, {}).status());
}

TEST_F(MySqlLeastPrivilegeTest, AppUserCannotReachAnotherSchema) {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = CUSTOMER_PROFILE_MIGRATIONS_DIR;
  options.create_app_user = false;
  options.pool_size = 1;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<testing::MySqlTestDb> other,
                       testing::MySqlTestDb::Create(options));
  const std::string table = absl::StrCat("`", other->database(), "`.customers");

  absl::Status read = RunAsApp(absl::StrCat("SELECT COUNT(*) FROM ", table), /*query=*/true);
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kPermissionDenied));
  absl::Status write = RunAsApp(absl::StrCat("INSERT INTO `", other->database(),
                                             "`.audit_records (actor, action, fields, record_time) "
                                             "VALUES ('x', 'y', '', UTC_TIMESTAMP(6))"),
                                /*query=*/false);
  EXPECT_THAT(write, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(other->QueryIntAsAdmin("SELECT COUNT(*) FROM audit_records").value_or(-1), 0);
  // The admin of the fixture can: the refusals above are about the account, not the table.
  EXPECT_OK(other->QueryIntAsAdmin("SELECT COUNT(*) FROM customers").status());
}

TEST_F(MySqlLeastPrivilegeTest, AppUserCannotChangeItsOwnSchema) {
  EXPECT_THAT(RunAsApp("CREATE TABLE sneaky (id INT PRIMARY KEY)", /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RunAsApp("DROP TABLE outbox_events", /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RunAsApp("ALTER TABLE customers ADD COLUMN x INT", /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RunAsApp("SELECT user FROM mysql.user", /*query=*/true),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace ccrm::customer
