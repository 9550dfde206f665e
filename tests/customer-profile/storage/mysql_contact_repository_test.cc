#include "services/customer-profile/storage/mysql_contact_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/privacy/masking.h"
#include "common/status/errors.h"
#include "services/customer-profile/storage/mysql_customer_repository.h"
#include "tests/customer-profile/storage/storage_test_base.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class MySqlContactRepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    customers_ = std::make_unique<MySqlCustomerRepository>(&pool(), &cipher(), &encoder());
    contacts_ = std::make_unique<MySqlContactRepository>(&pool(), &cipher());
    ASSERT_OK(customers_->Create(SampleCustomer(1), Key("", ""), Write(0)).status());
  }

  static Contact SampleContact(int n) {
    Contact c;
    c.customer_id = SampleCustomer(1).customer_id;
    c.contact_id = absl::StrFormat("00000000-0000-7000-9000-%012d", n);
    c.role = ContactRole::kFinanceOfficer;
    c.full_name = absl::StrCat("王五", n);
    c.title = "财务总监";
    c.id_number = kIdNumber;
    c.phone = "0591-87654321";
    c.email = "Wang.Wu@Example.CN";
    c.primary = n == 1;
    return c;
  }

  void Archive(const std::string& customer_id) {
    ASSERT_OK(customers_
                  ->Update(
                      customer_id, std::nullopt,
                      [](Customer& c) -> absl::StatusOr<CustomerChange> {
                        c.archived = true;
                        return CustomerChange{"customer.archive", {"archived"}};
                      },
                      Write(50))
                  .status());
  }

  std::unique_ptr<MySqlCustomerRepository> customers_;
  std::unique_ptr<MySqlContactRepository> contacts_;
};

TEST_F(MySqlContactRepositoryTest, CreateGetRoundTripWithEncryptedIdentifiers) {
  ASSERT_OK_AND_ASSIGN(Contact created, contacts_->Create(SampleContact(1), Key("", ""), Write(1)));
  EXPECT_EQ(created.revision, 1);
  EXPECT_EQ(created.create_time, Micros(At(1)));
  ASSERT_OK_AND_ASSIGN(Contact got, contacts_->Get(created.customer_id, created.contact_id));
  EXPECT_EQ(got.contact_id, created.contact_id);
  EXPECT_EQ(got.role, ContactRole::kFinanceOfficer);
  EXPECT_EQ(got.full_name, "王五1");
  EXPECT_EQ(got.title, "财务总监");
  EXPECT_EQ(got.id_number, kIdNumber);
  EXPECT_EQ(got.phone, "0591-87654321");
  EXPECT_EQ(got.email, "Wang.Wu@Example.CN");
  EXPECT_TRUE(got.primary);
  EXPECT_EQ(got.create_time, created.create_time);
  EXPECT_EQ(got.update_time, created.update_time);
  EXPECT_EQ(got.revision, 1);

  const std::string raw = QueryString(
      "SELECT CONCAT_WS('|', id_number_enc, phone_enc, email_enc, id_number_bidx, phone_bidx, "
      "email_bidx) FROM contacts");
  EXPECT_THAT(raw, Not(HasSubstr(kIdNumber)));
  EXPECT_THAT(raw, Not(HasSubstr("87654321")));
  EXPECT_THAT(raw, Not(HasSubstr("Wang.Wu")));
  EXPECT_EQ(QueryString("SELECT phone_bidx FROM contacts"), cipher().BlindIndex("059187654321"));
  EXPECT_EQ(QueryString("SELECT email_bidx FROM contacts"),
            cipher().BlindIndex("wang.wu@example.cn"));

  AuditQuery q;
  q.action = "contact.create";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, customers_->ListAudit(q));
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_EQ(audit.items[0].resource,
            absl::StrCat("customers/", created.customer_id, "/contacts/", created.contact_id));
}

TEST_F(MySqlContactRepositoryTest, GetOfUnknownContactIsNotFound) {
  ASSERT_OK_AND_ASSIGN(Contact created, contacts_->Create(SampleContact(1), Key("", ""), Write(1)));
  absl::StatusOr<Contact> missing = contacts_->Get(created.customer_id, "nope");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "CONTACT_NOT_FOUND");
  // A contact is only found under its own customer.
  absl::StatusOr<Contact> elsewhere =
      contacts_->Get(SampleCustomer(2).customer_id, created.contact_id);
  EXPECT_EQ(ErrorReason(elsewhere.status()), "CONTACT_NOT_FOUND");
}

TEST_F(MySqlContactRepositoryTest, CreateUnderUnknownOrArchivedCustomerIsRefused) {
  Contact orphan = SampleContact(1);
  orphan.customer_id = SampleCustomer(9).customer_id;
  absl::StatusOr<Contact> unknown = contacts_->Create(orphan, Key("", ""), Write(1));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "CUSTOMER_NOT_FOUND");

  Archive(SampleCustomer(1).customer_id);
  const int64_t audits = Count("audit_records");
  absl::StatusOr<Contact> archived = contacts_->Create(SampleContact(1), Key("r", "f"), Write(60));
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(archived.status()), "CUSTOMER_ARCHIVED");
  EXPECT_EQ(Count("contacts"), 0);
  EXPECT_EQ(Count("idempotency_keys"), 0);
  EXPECT_EQ(Count("audit_records"), audits);
}

TEST_F(MySqlContactRepositoryTest, CreateIsIdempotentPerRequestId) {
  ASSERT_OK_AND_ASSIGN(Contact first,
                       contacts_->Create(SampleContact(1), Key("c-1", "fp"), Write(1)));
  Contact retry = SampleContact(2);  // new id from the service, same request
  ASSERT_OK_AND_ASSIGN(Contact again, contacts_->Create(retry, Key("c-1", "fp"), Write(2)));
  EXPECT_EQ(again.contact_id, first.contact_id);
  EXPECT_EQ(Count("contacts"), 1);
  absl::StatusOr<Contact> reused = contacts_->Create(SampleContact(3), Key("c-1", "fp2"), Write(3));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
}

TEST_F(MySqlContactRepositoryTest, ListPagesInCreationOrder) {
  std::vector<std::string> ids;
  for (int i = 1; i <= 7; ++i) {
    ASSERT_OK_AND_ASSIGN(Contact c, contacts_->Create(SampleContact(i), Key("", ""), Write(i / 2)));
    ids.push_back(c.contact_id);
  }
  PageQuery page;
  page.page_size = 3;
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    ASSERT_OK_AND_ASSIGN(Page<Contact> p, contacts_->List(SampleCustomer(1).customer_id, page,
                                                          PersonalDataView::kUnmasked));
    ++pages;
    for (const Contact& c : p.items) {
      seen.push_back(c.contact_id);
    }
    if (p.next_key.empty()) {
      break;
    }
    page.after_key = p.next_key;
  }
  EXPECT_EQ(seen, ids);
  EXPECT_EQ(pages, 3);
  ASSERT_OK_AND_ASSIGN(Page<Contact> none, contacts_->List(SampleCustomer(2).customer_id, {},
                                                           PersonalDataView::kMasked));
  EXPECT_TRUE(none.items.empty());
}

TEST_F(MySqlContactRepositoryTest, UpdateChecksRevisionAndAudits) {
  ASSERT_OK_AND_ASSIGN(Contact created, contacts_->Create(SampleContact(1), Key("", ""), Write(1)));
  auto new_phone = [](Contact& c) -> absl::StatusOr<std::vector<std::string>> {
    c.phone = "13912345678";
    c.contact_id = "ignored";
    return std::vector<std::string>{"phone"};
  };
  ASSERT_OK_AND_ASSIGN(Contact updated, contacts_->Update(created.customer_id, created.contact_id,
                                                          1, new_phone, Write(5)));
  EXPECT_EQ(updated.revision, 2);
  EXPECT_EQ(updated.contact_id, created.contact_id);
  EXPECT_EQ(updated.update_time, Micros(At(5)));
  ASSERT_OK_AND_ASSIGN(Contact got, contacts_->Get(created.customer_id, created.contact_id));
  EXPECT_EQ(got.phone, "13912345678");
  EXPECT_EQ(got.revision, 2);
  EXPECT_EQ(QueryString("SELECT phone_bidx FROM contacts"), cipher().BlindIndex("13912345678"));

  absl::StatusOr<Contact> stale =
      contacts_->Update(created.customer_id, created.contact_id, 1, new_phone, Write(6));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");

  absl::StatusOr<Contact> refused = contacts_->Update(
      created.customer_id, created.contact_id, 2,
      [](Contact& c) -> absl::StatusOr<std::vector<std::string>> {
        c.phone = "";
        return absl::InvalidArgumentError("no");
      },
      Write(7));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(got, contacts_->Get(created.customer_id, created.contact_id));
  EXPECT_EQ(got.phone, "13912345678");

  AuditQuery q;
  q.action = "contact.update";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, customers_->ListAudit(q));
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_THAT(audit.items[0].fields, ElementsAre("phone"));
}

TEST_F(MySqlContactRepositoryTest, DeleteReturnsTheContactAndChecksRevision) {
  ASSERT_OK_AND_ASSIGN(Contact created, contacts_->Create(SampleContact(1), Key("", ""), Write(1)));
  absl::StatusOr<Contact> stale =
      contacts_->Delete(created.customer_id, created.contact_id, 7, Write(2));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_EQ(Count("contacts"), 1);

  ASSERT_OK_AND_ASSIGN(Contact deleted,
                       contacts_->Delete(created.customer_id, created.contact_id, 1, Write(3)));
  EXPECT_EQ(deleted.phone, "0591-87654321");
  EXPECT_EQ(Count("contacts"), 0);
  absl::StatusOr<Contact> again =
      contacts_->Delete(created.customer_id, created.contact_id, std::nullopt, Write(4));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(again.status()), "CONTACT_NOT_FOUND");
  AuditQuery q;
  q.action = "contact.delete";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, customers_->ListAudit(q));
  EXPECT_EQ(audit.items.size(), 1u);
}

}  // namespace
}  // namespace ccrm::customer

namespace ccrm::customer {
namespace {

TEST_F(MySqlContactRepositoryTest, MaskedListReadsStoredMaskedFormsWithoutDecrypting) {
  ASSERT_OK(contacts_->Create(SampleContact(1), Key("", ""), Write(1)).status());
  EXPECT_EQ(QueryString("SELECT id_number_masked FROM contacts"), MaskIdNumber(kIdNumber));
  EXPECT_EQ(QueryString("SELECT phone_masked FROM contacts"), MaskPhone("0591-87654321"));
  EXPECT_EQ(QueryString("SELECT email_masked FROM contacts"), MaskEmail("Wang.Wu@Example.CN"));

  // A repository whose key ring cannot open anything the first one wrote.
  const FieldCipher stranger = TestCipher({"k9"}, "k9");
  MySqlContactRepository blind(&pool(), &stranger);
  const std::string customer_id = SampleCustomer(1).customer_id;
  ASSERT_OK_AND_ASSIGN(Page<Contact> masked,
                       blind.List(customer_id, PageQuery{}, PersonalDataView::kMasked));
  ASSERT_EQ(masked.items.size(), 1u);
  Contact expected = SampleContact(1);
  MaskPersonalData(expected);
  EXPECT_EQ(masked.items[0].id_number, expected.id_number);
  EXPECT_EQ(masked.items[0].phone, expected.phone);
  EXPECT_EQ(masked.items[0].email, expected.email);
  EXPECT_EQ(masked.items[0].email, "W***@Example.CN");

  absl::StatusOr<Page<Contact>> clear =
      blind.List(customer_id, PageQuery{}, PersonalDataView::kUnmasked);
  EXPECT_THAT(clear, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(clear.status()), kReasonEncryptionKeyUnknown);

  // Rows without masked forms (written before migration 002) are decrypted and masked.
  ASSERT_OK(db().ExecuteAsAdmin("UPDATE contacts SET phone_masked = NULL"));
  ASSERT_OK_AND_ASSIGN(Page<Contact> legacy,
                       contacts_->List(customer_id, PageQuery{}, PersonalDataView::kMasked));
  ASSERT_EQ(legacy.items.size(), 1u);
  EXPECT_EQ(legacy.items[0].phone, expected.phone);
  EXPECT_EQ(legacy.items[0].id_number, expected.id_number);
}

}  // namespace
}  // namespace ccrm::customer
