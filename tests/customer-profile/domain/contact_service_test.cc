#include "services/customer-profile/domain/contact_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/ids/uuid.h"
#include "common/testing/status_matchers.h"
#include "tests/customer-profile/domain/service_test_env.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class ContactServiceTest : public ServiceTest {
 protected:
  static Contact ContactDraft(const std::string& customer_id) {
    Contact c;
    c.customer_id = customer_id;
    c.role = ContactRole::kFinanceOfficer;
    c.full_name = "王五";
    c.title = "财务总监";
    c.id_number = "440524188001010014";
    c.phone = "+86 139 0013 8000";
    c.email = "wang.wu@example.com.cn";
    return c;
  }

  Contact StoredContact(const std::string& customer_id, const std::string& contact_id) {
    absl::StatusOr<Contact> c = contacts_.Get(customer_id, contact_id);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.value_or(Contact{});
  }

  InMemoryContactRepository contacts_{&customers_};
  ContactService service_{&contacts_, &customers_, &clock_};
};

TEST_F(ContactServiceTest, CreateReturnsMaskedAndStoresClearNormalisedValues) {
  const std::string customer_id = NewCustomer(1);
  clock_.Advance(absl::Minutes(1));

  ASSERT_OK_AND_ASSIGN(Contact created, service_.Create(manager_, ContactDraft(customer_id), {}));

  EXPECT_TRUE(IsUuid(created.contact_id));
  EXPECT_EQ(created.customer_id, customer_id);
  EXPECT_EQ(created.revision, 1);
  EXPECT_EQ(created.create_time, Start() + absl::Minutes(1));
  EXPECT_EQ(created.id_number, "440***********0014");
  EXPECT_EQ(created.phone, "139****8000");
  EXPECT_EQ(created.email, "w***@example.com.cn");

  const Contact stored = StoredContact(customer_id, created.contact_id);
  EXPECT_EQ(stored.id_number, "440524188001010014");
  EXPECT_EQ(stored.phone, "13900138000");
  EXPECT_EQ(stored.email, "wang.wu@example.com.cn");

  const std::vector<AuditRecord> audits = AuditsOf("contact.create");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_EQ(audits[0].customer_id, customer_id);
  EXPECT_EQ(audits[0].resource,
            absl::StrCat("customers/", customer_id, "/contacts/", created.contact_id));
}

TEST_F(ContactServiceTest, CreateRefusesInvalidInputAndStoresNothing) {
  const std::string customer_id = NewCustomer(1);
  Contact draft = ContactDraft(customer_id);
  draft.full_name = "";
  draft.email = "not-an-email";

  absl::StatusOr<Contact> created = service_.Create(manager_, draft, {});

  EXPECT_THAT(created, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(created), ElementsAre("contact.full_name", "contact.email"));
  ASSERT_OK_AND_ASSIGN(ContactList list,
                       service_.List(manager_, customer_id, PersonalDataView::kMasked, "", 0));
  EXPECT_THAT(list.contacts, IsEmpty());
  EXPECT_THAT(AuditsOf("contact.create"), IsEmpty());
}

TEST_F(ContactServiceTest, CreateNeedsAnExistingUnarchivedCustomer) {
  absl::StatusOr<Contact> orphan = service_.Create(manager_, ContactDraft("nobody"), {});
  EXPECT_THAT(orphan, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(orphan), "CUSTOMER_NOT_FOUND");

  const std::string customer_id = NewCustomer(1);
  ASSERT_OK(customer_service_.Archive(manager_, customer_id, "", "duplicate").status());
  absl::StatusOr<Contact> archived = service_.Create(manager_, ContactDraft(customer_id), {});
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(archived), "CUSTOMER_ARCHIVED");
  EXPECT_THAT(AuditsOf("contact.create"), IsEmpty());
}

TEST_F(ContactServiceTest, CreateIsIdempotentPerRequestId) {
  const std::string customer_id = NewCustomer(1);
  const IdempotencyKey key{"contact-1", "fp-1"};
  ASSERT_OK_AND_ASSIGN(Contact first, service_.Create(manager_, ContactDraft(customer_id), key));
  ASSERT_OK_AND_ASSIGN(Contact replay, service_.Create(manager_, ContactDraft(customer_id), key));
  EXPECT_EQ(replay.contact_id, first.contact_id);
  EXPECT_EQ(replay.phone, "139****8000");

  absl::StatusOr<Contact> reused =
      service_.Create(manager_, ContactDraft(customer_id), {"contact-1", "fp-2"});
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
  EXPECT_THAT(AuditsOf("contact.create"), SizeIs(1));
}

TEST_F(ContactServiceTest, ListMaskedDoesNotAudit) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK(service_.Create(manager_, ContactDraft(customer_id), {}).status());

  ASSERT_OK_AND_ASSIGN(ContactList list,
                       service_.List(auditor_, customer_id, PersonalDataView::kMasked, "", 0));

  ASSERT_THAT(list.contacts, SizeIs(1));
  EXPECT_EQ(list.contacts[0].id_number, "440***********0014");
  EXPECT_EQ(list.contacts[0].phone, "139****8000");
  EXPECT_EQ(list.contacts[0].email, "w***@example.com.cn");
  EXPECT_THAT(AuditsOf("contact.read_unmasked"), IsEmpty());
}

TEST_F(ContactServiceTest, ListUnmaskedAuditsOneRecordPerContact) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(Contact full, service_.Create(manager_, ContactDraft(customer_id), {}));
  clock_.Advance(absl::Seconds(1));
  Contact phone_only;
  phone_only.customer_id = customer_id;
  phone_only.role = ContactRole::kEmergencyContact;
  phone_only.full_name = "赵六";
  phone_only.phone = "13700137000";
  ASSERT_OK_AND_ASSIGN(Contact partial, service_.Create(manager_, phone_only, {}));
  clock_.Advance(absl::Minutes(5));
  const Caller risk{Principal{"ro-3", {roles::kRiskOfficer}}, "req-list"};

  ASSERT_OK_AND_ASSIGN(ContactList list,
                       service_.List(risk, customer_id, PersonalDataView::kUnmasked, "", 0));

  ASSERT_THAT(list.contacts, SizeIs(2));
  EXPECT_EQ(list.contacts[0].contact_id, full.contact_id);
  EXPECT_EQ(list.contacts[0].id_number, "440524188001010014");
  EXPECT_EQ(list.contacts[0].phone, "13900138000");
  EXPECT_EQ(list.contacts[0].email, "wang.wu@example.com.cn");
  EXPECT_EQ(list.contacts[1].contact_id, partial.contact_id);

  const std::vector<AuditRecord> reads = AuditsOf("contact.read_unmasked");
  ASSERT_THAT(reads, SizeIs(2));
  EXPECT_EQ(reads[0].resource,
            absl::StrCat("customers/", customer_id, "/contacts/", full.contact_id));
  EXPECT_THAT(reads[0].fields, ElementsAre("id_number", "phone", "email"));
  EXPECT_EQ(reads[1].resource,
            absl::StrCat("customers/", customer_id, "/contacts/", partial.contact_id));
  EXPECT_THAT(reads[1].fields, ElementsAre("phone"));
  for (const AuditRecord& r : reads) {
    EXPECT_EQ(r.actor, "ro-3");
    EXPECT_EQ(r.customer_id, customer_id);
    EXPECT_EQ(r.request_id, "req-list");
    EXPECT_EQ(r.record_time, clock_.Now());
  }
}

TEST_F(ContactServiceTest, ListUnmaskedIsDeniedToOtherRolesWithoutAudit) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK(service_.Create(manager_, ContactDraft(customer_id), {}).status());
  const size_t audits_before = customers_.audit_records().size();

  absl::StatusOr<ContactList> list =
      service_.List(auditor_, customer_id, PersonalDataView::kUnmasked, "", 0);

  EXPECT_THAT(list, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ReasonOf(list), "UNMASKED_VIEW_NOT_PERMITTED");
  EXPECT_THAT(customers_.audit_records(), SizeIs(audits_before));
}

TEST_F(ContactServiceTest, ListPagesInCreationOrder) {
  const std::string customer_id = NewCustomer(1);
  const std::string other_customer = NewCustomer(2);
  std::vector<std::string> created;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(Contact c, service_.Create(manager_, ContactDraft(customer_id), {}));
    created.push_back(c.contact_id);
    clock_.Advance(absl::Seconds(1));
  }
  ASSERT_OK(service_.Create(manager_, ContactDraft(other_customer), {}).status());

  ASSERT_OK_AND_ASSIGN(ContactList first,
                       service_.List(manager_, customer_id, PersonalDataView::kMasked, "", 2));
  ASSERT_THAT(first.contacts, SizeIs(2));
  EXPECT_EQ(first.contacts[0].contact_id, created[0]);
  EXPECT_EQ(first.contacts[1].contact_id, created[1]);
  ASSERT_NE(first.next_page_token, "");
  ASSERT_OK_AND_ASSIGN(
      ContactList second,
      service_.List(manager_, customer_id, PersonalDataView::kMasked, first.next_page_token, 2));
  ASSERT_THAT(second.contacts, SizeIs(1));
  EXPECT_EQ(second.contacts[0].contact_id, created[2]);
  EXPECT_EQ(second.next_page_token, "");

  // A token of one customer's list is refused for another's.
  absl::StatusOr<ContactList> other =
      service_.List(manager_, other_customer, PersonalDataView::kMasked, first.next_page_token, 2);
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(other), ElementsAre("page_token"));
  absl::StatusOr<ContactList> negative =
      service_.List(manager_, customer_id, PersonalDataView::kMasked, "", -1);
  EXPECT_THAT(negative, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(negative), ElementsAre("page_size"));
}

TEST_F(ContactServiceTest, UpdateWithEtagRecordsChangedFields) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(Contact created, service_.Create(manager_, ContactDraft(customer_id), {}));
  clock_.Advance(absl::Minutes(2));
  Contact patch;
  patch.phone = "137-0013-7000";
  patch.title = "CFO";

  ASSERT_OK_AND_ASSIGN(Contact updated, service_.Update(manager_, customer_id, created.contact_id,
                                                        patch, {"phone"}, "r1"));

  EXPECT_EQ(updated.revision, 2);
  EXPECT_EQ(updated.update_time, Start() + absl::Minutes(2));
  EXPECT_EQ(updated.phone, "137****7000");
  EXPECT_EQ(updated.title, "财务总监");
  EXPECT_EQ(StoredContact(customer_id, created.contact_id).phone, "13700137000");
  const std::vector<AuditRecord> audits = AuditsOf("contact.update");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_THAT(audits[0].fields, ElementsAre("phone"));

  absl::StatusOr<Contact> stale =
      service_.Update(manager_, customer_id, created.contact_id, patch, {"title"}, "r1");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");
  EXPECT_EQ(StoredContact(customer_id, created.contact_id).title, "财务总监");
}

TEST_F(ContactServiceTest, UpdateRefusesBadInput) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(Contact created, service_.Create(manager_, ContactDraft(customer_id), {}));
  Contact patch;
  patch.email = "broken@";

  absl::StatusOr<Contact> bad_path =
      service_.Update(manager_, customer_id, created.contact_id, patch, {"contact_id"}, "");
  EXPECT_THAT(bad_path, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(bad_path), ElementsAre("update_mask"));

  absl::StatusOr<Contact> bad_value =
      service_.Update(manager_, customer_id, created.contact_id, patch, {"email"}, "");
  EXPECT_THAT(bad_value, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(bad_value), ElementsAre("contact.email"));

  absl::StatusOr<Contact> bad_etag =
      service_.Update(manager_, customer_id, created.contact_id, patch, {"email"}, "7");
  EXPECT_THAT(bad_etag, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(bad_etag), ElementsAre("contact.etag"));

  absl::StatusOr<Contact> missing =
      service_.Update(manager_, customer_id, "no-such-contact", patch, {"title"}, "");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(missing), "CONTACT_NOT_FOUND");

  // Another customer's contact is not found under this one.
  const std::string other = NewCustomer(2);
  absl::StatusOr<Contact> elsewhere =
      service_.Update(manager_, other, created.contact_id, patch, {"title"}, "");
  EXPECT_THAT(elsewhere, StatusIs(absl::StatusCode::kNotFound));

  EXPECT_EQ(StoredContact(customer_id, created.contact_id).revision, 1);
  EXPECT_THAT(AuditsOf("contact.update"), IsEmpty());
}

TEST_F(ContactServiceTest, DeleteWithEtag) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(Contact created, service_.Create(manager_, ContactDraft(customer_id), {}));

  absl::StatusOr<Contact> stale = service_.Delete(manager_, customer_id, created.contact_id, "r2");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");

  ASSERT_OK_AND_ASSIGN(Contact deleted,
                       service_.Delete(manager_, customer_id, created.contact_id, "r1"));
  EXPECT_EQ(deleted.contact_id, created.contact_id);
  EXPECT_EQ(deleted.phone, "139****8000");
  EXPECT_THAT(contacts_.Get(customer_id, created.contact_id),
              StatusIs(absl::StatusCode::kNotFound));
  const std::vector<AuditRecord> audits = AuditsOf("contact.delete");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_EQ(audits[0].resource,
            absl::StrCat("customers/", customer_id, "/contacts/", created.contact_id));

  absl::StatusOr<Contact> again = service_.Delete(manager_, customer_id, created.contact_id, "");
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(again), "CONTACT_NOT_FOUND");

  absl::StatusOr<Contact> bad_etag =
      service_.Delete(manager_, customer_id, created.contact_id, "etag");
  EXPECT_THAT(bad_etag, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(bad_etag), ElementsAre("etag"));
}

}  // namespace
}  // namespace ccrm::customer
