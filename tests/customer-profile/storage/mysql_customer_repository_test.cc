#include "services/customer-profile/storage/mysql_customer_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "common/mysql/sql_values.h"
#include "common/privacy/masking.h"
#include "common/status/errors.h"
#include "tests/customer-profile/storage/storage_test_base.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr PersonalDataView kClear = PersonalDataView::kUnmasked;
constexpr PersonalDataView kMasked = PersonalDataView::kMasked;

void ExpectSameCustomer(const Customer& a, const Customer& b) {
  EXPECT_EQ(a.customer_id, b.customer_id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.unified_social_credit_code, b.unified_social_credit_code);
  EXPECT_EQ(a.legal_name, b.legal_name);
  EXPECT_EQ(a.legal_representative, b.legal_representative);
  EXPECT_EQ(a.legal_representative_id_number, b.legal_representative_id_number);
  EXPECT_EQ(a.contact_phone, b.contact_phone);
  EXPECT_EQ(a.settlement_account_number, b.settlement_account_number);
  EXPECT_EQ(a.registered_capital, b.registered_capital);
  EXPECT_EQ(a.business_scope, b.business_scope);
  EXPECT_EQ(a.industry_code, b.industry_code);
  EXPECT_EQ(a.registered_address, b.registered_address);
  EXPECT_EQ(a.established_date, b.established_date);
  EXPECT_EQ(a.annual_revenue, b.annual_revenue);
  EXPECT_EQ(a.total_assets, b.total_assets);
  EXPECT_EQ(a.employee_count, b.employee_count);
  EXPECT_EQ(a.has_prior_credit, b.has_prior_credit);
  EXPECT_EQ(a.credit_grade, b.credit_grade);
  EXPECT_EQ(a.relationship_start_date, b.relationship_start_date);
  EXPECT_EQ(a.relationship_manager_id, b.relationship_manager_id);
  EXPECT_EQ(a.segment, b.segment);
  EXPECT_EQ(a.tier, b.tier);
  ASSERT_EQ(a.classification_override.has_value(), b.classification_override.has_value());
  if (a.classification_override.has_value()) {
    EXPECT_EQ(a.classification_override->segment, b.classification_override->segment);
    EXPECT_EQ(a.classification_override->tier, b.classification_override->tier);
    EXPECT_EQ(a.classification_override->reason, b.classification_override->reason);
    EXPECT_EQ(a.classification_override->overridden_by, b.classification_override->overridden_by);
    EXPECT_EQ(a.classification_override->override_time, b.classification_override->override_time);
  }
  EXPECT_EQ(a.lifecycle_stage, b.lifecycle_stage);
  EXPECT_EQ(a.archived, b.archived);
  EXPECT_EQ(a.create_time, b.create_time);
  EXPECT_EQ(a.update_time, b.update_time);
  EXPECT_EQ(a.archive_time, b.archive_time);
  EXPECT_EQ(a.revision, b.revision);
}

// A mutation that renames the customer.
CustomerRepository::Mutation Rename(std::string name) {
  return [name](Customer& c) -> absl::StatusOr<CustomerChange> {
    c.legal_name = name;
    return CustomerChange{"customer.update", {"legal_name"}};
  };
}

class MySqlCustomerRepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    repo_ = std::make_unique<MySqlCustomerRepository>(&pool(), &cipher(), &encoder());
  }
  MySqlCustomerRepository& repo() { return *repo_; }

  // Table -> row count, for "nothing was written" checks.
  std::map<std::string, int64_t> Counts() {
    std::map<std::string, int64_t> counts;
    for (const char* table :
         {"customers", "customer_history", "audit_records", "outbox_events", "idempotency_keys"}) {
      counts[table] = Count(table);
    }
    return counts;
  }

 private:
  std::unique_ptr<MySqlCustomerRepository> repo_;
};

TEST_F(MySqlCustomerRepositoryTest, CreateThenGetRoundTripsEveryField) {
  Customer draft = SampleCustomer(1);
  draft.classification_override =
      ClassificationOverride{Segment::kSme, Tier::kTier3, "group exposure", "approver-2", At(-50)};
  draft.segment = Segment::kSme;
  draft.tier = Tier::kTier3;
  draft.archive_time = std::nullopt;

  ASSERT_OK_AND_ASSIGN(Customer created, repo().Create(draft, Key("", ""), Write(0)));
  EXPECT_EQ(created.customer_id, draft.customer_id);
  EXPECT_EQ(created.revision, 1);
  EXPECT_EQ(created.create_time, Micros(At(0)));
  EXPECT_EQ(created.update_time, Micros(At(0)));
  EXPECT_EQ(created.classification_override->override_time, Micros(At(-50)));

  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kClear));
  ExpectSameCustomer(got, created);
  EXPECT_EQ(got.legal_representative_id_number, kIdNumber);
  EXPECT_EQ(got.contact_phone, kPhone);
  EXPECT_EQ(got.settlement_account_number, kAccount);
  EXPECT_EQ(got.total_assets, (Money{"USD", 12'345, 6}));
  EXPECT_EQ(got.annual_revenue, (Money{"CNY", 420'000'000, 500'000'000}));
  EXPECT_EQ(got.established_date, absl::CivilDay(2008, 6, 18));

  // customer_history keeps only revisions an update replaced: a create writes none.
  EXPECT_EQ(Count("customer_history"), 0);
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, repo().ListAudit(AuditQuery{}));
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_EQ(audit.items[0].action, "customer.create");
  EXPECT_EQ(audit.items[0].resource, "customers/" + draft.customer_id);
  EXPECT_EQ(audit.items[0].customer_id, draft.customer_id);
  EXPECT_EQ(audit.items[0].actor, "rm-7");
  EXPECT_THAT(audit.items[0].actor_roles, ElementsAre("relationship_manager", "credit_analyst"));
  EXPECT_EQ(audit.items[0].reason, "onboarding");
  EXPECT_EQ(audit.items[0].request_id, "req-1");
  EXPECT_EQ(audit.items[0].record_time, Micros(At(0)));
  EXPECT_EQ(QueryString("SELECT CONCAT(event_type, ' ', subject, ' ', payload, ' ', request_id) "
                        "FROM outbox_events"),
            absl::StrCat(kCustomerCreatedType, " customers/", draft.customer_id, " ",
                         draft.customer_id, " req-1"));
}

TEST_F(MySqlCustomerRepositoryTest, MinimalCustomerRoundTripsEmptyOptionalFields) {
  Customer draft;
  draft.customer_id = "00000000-0000-7000-8000-000000000042";
  draft.kind = CustomerKind::kIndividual;
  draft.legal_name = "李四";
  draft.legal_representative_id_number = kIdNumber;
  ASSERT_OK_AND_ASSIGN(Customer created, repo().Create(draft, Key("", ""), Write(0)));
  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kClear));
  ExpectSameCustomer(got, created);
  EXPECT_EQ(got.unified_social_credit_code, "");
  EXPECT_EQ(got.contact_phone, "");
  EXPECT_EQ(got.registered_capital, std::nullopt);
  EXPECT_EQ(got.established_date, std::nullopt);
  EXPECT_FALSE(got.classification_override.has_value());
  // Two individuals without a credit code do not collide on the unique key.
  Customer other = draft;
  other.customer_id = "00000000-0000-7000-8000-000000000043";
  EXPECT_OK(repo().Create(other, Key("", ""), Write(1)).status());
}

TEST_F(MySqlCustomerRepositoryTest, PersonalIdentifiersAreStoredEncryptedWithBlindIndexes) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  // An update puts revision 1 in customer_history.
  ASSERT_OK(repo().Update(draft.customer_id, 1, Rename("更名"), Write(1)).status());

  for (const char* table : {"customers", "customer_history"}) {
    const std::string row = QueryString(absl::StrCat(
        "SELECT CONCAT_WS('|', ", "legal_representative_id_number_enc, contact_phone_enc, ",
        "settlement_account_number_enc, legal_representative_id_number_bidx, ",
        "contact_phone_bidx, settlement_account_number_bidx) FROM ", table));
    SCOPED_TRACE(table);
    EXPECT_THAT(row, Not(HasSubstr(kIdNumber)));
    EXPECT_THAT(row, Not(HasSubstr("1949123")));
    EXPECT_THAT(row, Not(HasSubstr(kPhone)));
    EXPECT_THAT(row, Not(HasSubstr(kAccount)));
    EXPECT_THAT(row, HasSubstr("v1.k1."));
  }
  EXPECT_EQ(QueryString("SELECT legal_representative_id_number_bidx FROM customers"),
            cipher().BlindIndex(kIdNumber));
  EXPECT_EQ(QueryString("SELECT contact_phone_bidx FROM customers"), cipher().BlindIndex(kPhone));
  EXPECT_EQ(QueryString("SELECT settlement_account_number_bidx FROM customers"),
            cipher().BlindIndex(kAccount));
  // No clear value anywhere else either.
  EXPECT_THAT(QueryString("SELECT CONCAT_WS('|', fields, reason, resource) FROM audit_records"),
              Not(HasSubstr(kPhone)));
  EXPECT_THAT(QueryString("SELECT payload FROM outbox_events"), Not(HasSubstr(kPhone)));
}

TEST_F(MySqlCustomerRepositoryTest, DuplicateCreditCodeIsAlreadyExistsAndWritesNothing) {
  ASSERT_OK(repo().Create(SampleCustomer(1), Key("req-a", "f-a"), Write(0)).status());
  const auto before = Counts();

  Customer twin = SampleCustomer(2);
  twin.unified_social_credit_code = SampleCustomer(1).unified_social_credit_code;
  absl::StatusOr<Customer> result = repo().Create(twin, Key("req-b", "f-b"), Write(1, "req-b"));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kAlreadyExists,
                               HasSubstr(twin.unified_social_credit_code)));
  EXPECT_EQ(ErrorReason(result.status()), "CUSTOMER_ALREADY_EXISTS");
  EXPECT_EQ(Counts(), before);
  // The rolled-back claim does not hold the request id: it can be used for a valid create.
  Customer fixed = twin;
  fixed.unified_social_credit_code = SampleCustomer(3).unified_social_credit_code;
  EXPECT_OK(repo().Create(fixed, Key("req-b", "f-b2"), Write(2, "req-b")).status());
}

TEST_F(MySqlCustomerRepositoryTest, RepeatedRequestIdReturnsTheFirstCustomer) {
  ASSERT_OK_AND_ASSIGN(Customer first,
                       repo().Create(SampleCustomer(1), Key("req-1", "fp-1"), Write(0)));
  // A retry: the service gives the draft a new id, but the request is the same.
  Customer retry = SampleCustomer(1);
  retry.customer_id = SampleCustomer(2).customer_id;
  ASSERT_OK_AND_ASSIGN(Customer again, repo().Create(retry, Key("req-1", "fp-1"), Write(5)));
  ExpectSameCustomer(again, first);
  EXPECT_EQ(Count("customers"), 1);
  EXPECT_EQ(Count("outbox_events"), 1);
  EXPECT_EQ(Count("audit_records"), 1);

  absl::StatusOr<Customer> reused =
      repo().Create(SampleCustomer(3), Key("req-1", "fp-other"), Write(6));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  ASSERT_EQ(FieldViolationsOf(reused.status()).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(reused.status())[0].field, "request_id");
  EXPECT_EQ(Count("customers"), 1);
}

TEST_F(MySqlCustomerRepositoryTest, ConcurrentCreatesWithOneRequestIdCreateOneCustomer) {
  constexpr int kThreads = 8;
  absl::Mutex mu;
  std::vector<absl::StatusOr<Customer>> results;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Customer draft = SampleCustomer(1);
      draft.customer_id = SampleCustomer(100 + i).customer_id;
      absl::StatusOr<Customer> r = repo().Create(draft, Key("req-race", "fp-race"), Write(i));
      absl::MutexLock lock(&mu);
      results.push_back(std::move(r));
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  ASSERT_EQ(results.size(), static_cast<size_t>(kThreads));
  ASSERT_OK(results[0].status());
  for (const absl::StatusOr<Customer>& r : results) {
    ASSERT_OK(r.status());
    EXPECT_EQ(r->customer_id, results[0]->customer_id);
  }
  EXPECT_EQ(Count("customers"), 1);
  EXPECT_EQ(Count("customer_history"), 0);
  EXPECT_EQ(Count("outbox_events"), 1);
  EXPECT_EQ(Count("idempotency_keys"), 1);
}

TEST_F(MySqlCustomerRepositoryTest, GetOfUnknownCustomerIsNotFound) {
  absl::StatusOr<Customer> result = repo().Get("00000000-0000-7000-8000-999999999999", kClear);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(result.status()), "CUSTOMER_NOT_FOUND");
}

TEST_F(MySqlCustomerRepositoryTest, UpdateBumpsRevisionAndRecordsHistoryAuditAndEvent) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  WriteContext write = Write(10, "req-upd");
  write.reason = "name change registered";
  ASSERT_OK_AND_ASSIGN(Customer updated,
                       repo().Update(draft.customer_id, 1, Rename("新名称有限公司"), write));
  EXPECT_EQ(updated.revision, 2);
  EXPECT_EQ(updated.legal_name, "新名称有限公司");
  EXPECT_EQ(updated.update_time, Micros(At(10)));
  EXPECT_EQ(updated.create_time, Micros(At(0)));
  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kClear));
  ExpectSameCustomer(got, updated);

  // The history holds the replaced revision 1, not the current row.
  EXPECT_EQ(Count("customer_history"), 1);
  EXPECT_EQ(QueryString("SELECT CONCAT(revision, ' ', legal_name) FROM customer_history"),
            absl::StrCat("1 ", draft.legal_name));
  AuditQuery q;
  q.action = "customer.update";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, repo().ListAudit(q));
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_THAT(audit.items[0].fields, ElementsAre("legal_name"));
  EXPECT_EQ(audit.items[0].reason, "name change registered");
  EXPECT_EQ(audit.items[0].request_id, "req-upd");
  EXPECT_EQ(QueryString("SELECT CONCAT(event_type, ' ', payload) FROM outbox_events "
                        "ORDER BY sequence DESC LIMIT 1"),
            absl::StrCat(kCustomerUpdatedType, " ", draft.customer_id, "|legal_name"));
  // Without an expected revision the update is unconditional.
  ASSERT_OK_AND_ASSIGN(Customer third,
                       repo().Update(draft.customer_id, std::nullopt, Rename("X 公司"), Write(11)));
  EXPECT_EQ(third.revision, 3);
}

TEST_F(MySqlCustomerRepositoryTest, UpdateIgnoresChangesToIdentityAndBookkeeping) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  const absl::Time archived_at = At(20) + absl::Nanoseconds(999);
  ASSERT_OK_AND_ASSIGN(Customer updated,
                       repo().Update(
                           draft.customer_id, std::nullopt,
                           [&](Customer& c) -> absl::StatusOr<CustomerChange> {
                             c.customer_id = "00000000-0000-7000-8000-000000000777";
                             c.revision = 99;
                             c.create_time = absl::UnixEpoch();
                             c.archived = true;
                             c.archive_time = archived_at;
                             return CustomerChange{"customer.archive", {"archived"}};
                           },
                           Write(20)));
  EXPECT_EQ(updated.customer_id, draft.customer_id);
  EXPECT_EQ(updated.revision, 2);
  EXPECT_EQ(updated.create_time, Micros(At(0)));
  EXPECT_TRUE(updated.archived);
  EXPECT_EQ(updated.archive_time, Micros(archived_at));  // as DATETIME(6) keeps it
  EXPECT_NE(updated.archive_time, archived_at);
  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kClear));
  ExpectSameCustomer(got, updated);
}

TEST_F(MySqlCustomerRepositoryTest, StaleRevisionIsAbortedAndChangesNothing) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  ASSERT_OK(repo().Update(draft.customer_id, 1, Rename("第二名称"), Write(1)).status());
  const auto before = Counts();

  bool mutate_called = false;
  absl::StatusOr<Customer> stale = repo().Update(
      draft.customer_id, 1,
      [&](Customer& c) -> absl::StatusOr<CustomerChange> {
        mutate_called = true;
        c.legal_name = "不应写入";
        return CustomerChange{"customer.update", {"legal_name"}};
      },
      Write(2));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted, HasSubstr("current revision 2")));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_FALSE(mutate_called);
  EXPECT_EQ(Counts(), before);
  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kClear));
  EXPECT_EQ(got.legal_name, "第二名称");
  EXPECT_EQ(got.revision, 2);
}

TEST_F(MySqlCustomerRepositoryTest, MutationErrorIsReturnedAndNothingIsWritten) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  const auto before = Counts();
  absl::Status refusal =
      WithReason(absl::FailedPreconditionError("lifecycle cannot go from ACTIVE to PROSPECT"),
                 "LIFECYCLE_TRANSITION_NOT_ALLOWED");
  absl::StatusOr<Customer> result = repo().Update(
      draft.customer_id, 1,
      [&](Customer& c) -> absl::StatusOr<CustomerChange> {
        c.legal_name = "changed before refusing";
        return refusal;
      },
      Write(1));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ACTIVE")));
  EXPECT_EQ(ErrorReason(result.status()), "LIFECYCLE_TRANSITION_NOT_ALLOWED");
  EXPECT_EQ(Counts(), before);
  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kClear));
  EXPECT_EQ(got.legal_name, draft.legal_name);
}

TEST_F(MySqlCustomerRepositoryTest, UpdateOfUnknownCustomerIsNotFound) {
  absl::StatusOr<Customer> result =
      repo().Update("00000000-0000-7000-8000-999999999999", std::nullopt, Rename("x"), Write(0));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(result.status()), "CUSTOMER_NOT_FOUND");
}

TEST_F(MySqlCustomerRepositoryTest, UpdateToATakenCreditCodeIsAlreadyExists) {
  ASSERT_OK(repo().Create(SampleCustomer(1), Key("", ""), Write(0)).status());
  ASSERT_OK(repo().Create(SampleCustomer(2), Key("", ""), Write(1)).status());
  const auto before = Counts();
  absl::StatusOr<Customer> result = repo().Update(
      SampleCustomer(2).customer_id, std::nullopt,
      [](Customer& c) -> absl::StatusOr<CustomerChange> {
        c.unified_social_credit_code = SampleCustomer(1).unified_social_credit_code;
        return CustomerChange{"customer.update", {"unified_social_credit_code"}};
      },
      Write(2));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(result.status()), "CUSTOMER_ALREADY_EXISTS");
  EXPECT_EQ(Counts(), before);
}

TEST_F(MySqlCustomerRepositoryTest, GetAsOfReturnsTheRevisionInForceAtThatTime) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(100)).status());
  ASSERT_OK(repo().Update(draft.customer_id, 1, Rename("第二名称"), Write(200)).status());
  ASSERT_OK(repo().Update(draft.customer_id, 2, Rename("第三名称"), Write(300)).status());

  absl::StatusOr<Customer> before_creation = repo().GetAsOf(draft.customer_id, At(99), kClear);
  EXPECT_THAT(before_creation, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(before_creation.status()), "CUSTOMER_NOT_FOUND");

  ASSERT_OK_AND_ASSIGN(Customer r1, repo().GetAsOf(draft.customer_id, Micros(At(100)), kClear));
  EXPECT_EQ(r1.revision, 1);
  EXPECT_EQ(r1.legal_name, draft.legal_name);
  EXPECT_EQ(r1.contact_phone, kPhone);  // history rows decrypt too
  ASSERT_OK_AND_ASSIGN(Customer r2, repo().GetAsOf(draft.customer_id, At(299), kClear));
  EXPECT_EQ(r2.revision, 2);
  EXPECT_EQ(r2.legal_name, "第二名称");
  ASSERT_OK_AND_ASSIGN(Customer r3, repo().GetAsOf(draft.customer_id, At(10'000), kClear));
  EXPECT_EQ(r3.revision, 3);
  EXPECT_EQ(r3.legal_name, "第三名称");
}

TEST_F(MySqlCustomerRepositoryTest, UpdateReencryptsWithTheActiveKeyAfterRotation) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  const FieldCipher rotated = TestCipher({"k1", "k2"}, "k2");
  MySqlCustomerRepository after_rotation(&pool(), &rotated, &encoder());

  ASSERT_OK_AND_ASSIGN(Customer read, after_rotation.Get(draft.customer_id, kClear));
  EXPECT_EQ(read.contact_phone, kPhone);
  ASSERT_OK(after_rotation.Update(draft.customer_id, 1, Rename("轮换后"), Write(1)).status());
  const std::string stored = QueryString("SELECT contact_phone_enc FROM customers");
  ASSERT_OK_AND_ASSIGN(std::string key_id, FieldCipher::KeyIdOf(stored));
  EXPECT_EQ(key_id, "k2");
  // The blind index does not depend on the data key: look-ups keep working.
  EXPECT_EQ(QueryString("SELECT contact_phone_bidx FROM customers"), cipher().BlindIndex(kPhone));

  // A reader without the new key cannot decrypt, and says so instead of returning ciphertext.
  absl::StatusOr<Customer> old_reader = repo().Get(draft.customer_id, kClear);
  EXPECT_THAT(old_reader, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(old_reader.status()), kReasonEncryptionKeyUnknown);
}

TEST_F(MySqlCustomerRepositoryTest, CiphertextMovedToAnotherRowDoesNotDecrypt) {
  ASSERT_OK(repo().Create(SampleCustomer(1), Key("", ""), Write(0)).status());
  Customer other = SampleCustomer(2);
  other.contact_phone = "13900139000";
  ASSERT_OK(repo().Create(other, Key("", ""), Write(1)).status());
  // An update puts customer 1's first revision, with its ciphertexts, in customer_history.
  ASSERT_OK(repo().Update(SampleCustomer(1).customer_id, 1, Rename("更名"), Write(2)).status());
  ASSERT_OK(db().ExecuteAsAdmin(absl::StrCat(
      "UPDATE customers SET contact_phone_enc = (SELECT contact_phone_enc FROM customer_history "
      "WHERE customer_id = '",
      SampleCustomer(1).customer_id, "') WHERE customer_id = '", other.customer_id, "'")));
  absl::StatusOr<Customer> result = repo().Get(other.customer_id, kClear);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kDataLoss, HasSubstr("contact_phone")));
  EXPECT_EQ(ErrorReason(result.status()), kReasonCiphertextInvalid);
}

TEST_F(MySqlCustomerRepositoryTest, StoresTheMaskedFormOfEachIdentifier) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  EXPECT_EQ(QueryString("SELECT legal_representative_id_number_masked FROM customers"),
            MaskIdNumber(kIdNumber));
  EXPECT_EQ(QueryString("SELECT contact_phone_masked FROM customers"), MaskPhone(kPhone));
  EXPECT_EQ(QueryString("SELECT settlement_account_number_masked FROM customers"),
            MaskAccountNumber(kAccount));
  // The same as MaskPersonalData shows them: one definition of the masked forms.
  Customer masked = draft;
  MaskPersonalData(masked);
  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kMasked));
  EXPECT_EQ(got.legal_representative_id_number, masked.legal_representative_id_number);
  EXPECT_EQ(got.contact_phone, masked.contact_phone);
  EXPECT_EQ(got.settlement_account_number, masked.settlement_account_number);
  EXPECT_EQ(got.contact_phone, "138****8000");

  // An update rewrites them; an emptied value is NULL, as its ciphertext is.
  ASSERT_OK(repo()
                .Update(
                    draft.customer_id, 1,
                    [](Customer& c) -> absl::StatusOr<CustomerChange> {
                      c.contact_phone = "13900001111";
                      c.settlement_account_number.clear();
                      return CustomerChange{"customer.update", {"contact_phone"}};
                    },
                    Write(1))
                .status());
  EXPECT_EQ(QueryString("SELECT contact_phone_masked FROM customers"), "139****1111");
  EXPECT_EQ(QueryString("SELECT COALESCE(settlement_account_number_masked, 'NULL') FROM customers"),
            "NULL");
  // The replaced revision keeps its masked forms in customer_history.
  EXPECT_EQ(QueryString("SELECT contact_phone_masked FROM customer_history"), MaskPhone(kPhone));
}

TEST_F(MySqlCustomerRepositoryTest, MaskedReadsNeverDecrypt) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(100)).status());
  ASSERT_OK(repo().Update(draft.customer_id, 1, Rename("第二名称"), Write(200)).status());
  // A repository whose key ring cannot open anything the first one wrote.
  const FieldCipher stranger = TestCipher({"k9"}, "k9");
  MySqlCustomerRepository blind(&pool(), &stranger, &encoder());

  ASSERT_OK_AND_ASSIGN(Customer got, blind.Get(draft.customer_id, kMasked));
  EXPECT_EQ(got.legal_representative_id_number, MaskIdNumber(kIdNumber));
  EXPECT_EQ(got.contact_phone, MaskPhone(kPhone));
  EXPECT_EQ(got.settlement_account_number, MaskAccountNumber(kAccount));
  EXPECT_EQ(got.legal_name, "第二名称");
  ASSERT_OK_AND_ASSIGN(Customer first, blind.GetAsOf(draft.customer_id, At(150), kMasked));
  EXPECT_EQ(first.revision, 1);
  EXPECT_EQ(first.contact_phone, MaskPhone(kPhone));
  ASSERT_OK_AND_ASSIGN(Customer now, blind.GetAsOf(draft.customer_id, At(250), kMasked));
  EXPECT_EQ(now.revision, 2);
  EXPECT_EQ(now.contact_phone, MaskPhone(kPhone));
  ASSERT_OK_AND_ASSIGN(Page<Customer> page, blind.List(CustomerQuery{}, kMasked));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].legal_representative_id_number, MaskIdNumber(kIdNumber));

  // Clear reads do decrypt, and fail without the key.
  EXPECT_THAT(blind.Get(draft.customer_id, kClear),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(blind.Get(draft.customer_id, kClear).status()),
            kReasonEncryptionKeyUnknown);
  EXPECT_THAT(blind.GetAsOf(draft.customer_id, At(150), kClear),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(blind.List(CustomerQuery{}, kClear), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(MySqlCustomerRepositoryTest, MaskedReadOfARowWithoutMaskedFormsDecryptsAndMasks) {
  const Customer draft = SampleCustomer(1);
  ASSERT_OK(repo().Create(draft, Key("", ""), Write(0)).status());
  // As a row written before migration 002.
  ASSERT_OK(
      db().ExecuteAsAdmin("UPDATE customers SET legal_representative_id_number_masked = NULL, "
                          "contact_phone_masked = NULL"));

  ASSERT_OK_AND_ASSIGN(Customer got, repo().Get(draft.customer_id, kMasked));
  EXPECT_EQ(got.legal_representative_id_number, MaskIdNumber(kIdNumber));
  EXPECT_EQ(got.contact_phone, MaskPhone(kPhone));
  EXPECT_EQ(got.settlement_account_number, MaskAccountNumber(kAccount));
  // Those values are decrypted: a reader without the key cannot show them.
  const FieldCipher stranger = TestCipher({"k9"}, "k9");
  MySqlCustomerRepository blind(&pool(), &stranger, &encoder());
  absl::StatusOr<Customer> blind_read = blind.Get(draft.customer_id, kMasked);
  EXPECT_THAT(blind_read, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(blind_read.status()), kReasonEncryptionKeyUnknown);
}

// The ids of every page of `query`, following next_key until the last page.
std::vector<std::string> AllPages(CustomerRepository& repo, CustomerQuery query, int* pages) {
  std::vector<std::string> ids;
  *pages = 0;
  while (true) {
    absl::StatusOr<Page<Customer>> page = repo.List(query, kClear);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok() || ++*pages > 100) {
      break;
    }
    for (const Customer& c : page->items) {
      ids.push_back(c.customer_id);
    }
    if (page->next_key.empty()) {
      break;
    }
    query.page.after_key = page->next_key;
  }
  return ids;
}

TEST_F(MySqlCustomerRepositoryTest, ListPagesThroughEveryOrderWithoutGapsOrRepeats) {
  constexpr int kCustomers = 23;
  std::vector<Customer> stored;
  for (int i = 0; i < kCustomers; ++i) {
    Customer c = SampleCustomer(i + 1);
    // Names and create times repeat, so the id must break ties.
    c.legal_name = absl::StrFormat("Firm %02d", (i * 7) % 10);
    ASSERT_OK_AND_ASSIGN(Customer created, repo().Create(c, Key("", ""), Write(i / 3)));
    stored.push_back(created);
  }
  // Some updates reorder update_time.
  for (int i = 0; i < kCustomers; i += 4) {
    ASSERT_OK_AND_ASSIGN(
        stored[i], repo().Update(stored[i].customer_id, std::nullopt, Rename(stored[i].legal_name),
                                 Write(1000 - i / 8)));
  }

  struct Case {
    CustomerOrder order;
    bool descending;
  };
  for (const Case& test_case :
       {Case{CustomerOrder::kCreateTime, false}, Case{CustomerOrder::kCreateTime, true},
        Case{CustomerOrder::kLegalName, false}, Case{CustomerOrder::kLegalName, true},
        Case{CustomerOrder::kUpdateTime, false}, Case{CustomerOrder::kUpdateTime, true}}) {
    SCOPED_TRACE(absl::StrCat("order ", static_cast<int>(test_case.order), " descending ",
                              test_case.descending));
    std::vector<Customer> expected = stored;
    auto key = [&](const Customer& c) {
      switch (test_case.order) {
        case CustomerOrder::kLegalName:
          return std::make_pair(c.legal_name, c.customer_id);
        case CustomerOrder::kUpdateTime:
          return std::make_pair(mysql::SqlTime(c.update_time), c.customer_id);
        case CustomerOrder::kCreateTime:
          break;
      }
      return std::make_pair(mysql::SqlTime(c.create_time), c.customer_id);
    };
    std::sort(expected.begin(), expected.end(), [&](const Customer& a, const Customer& b) {
      return test_case.descending ? key(b) < key(a) : key(a) < key(b);
    });
    std::vector<std::string> expected_ids;
    for (const Customer& c : expected) {
      expected_ids.push_back(c.customer_id);
    }
    CustomerQuery query;
    query.order = test_case.order;
    query.descending = test_case.descending;
    query.page.page_size = 5;
    int pages = 0;
    EXPECT_EQ(AllPages(repo(), query, &pages), expected_ids);
    EXPECT_EQ(pages, 5);
  }
}

TEST_F(MySqlCustomerRepositoryTest, ListFiltersEachCriterion) {
  std::vector<Customer> drafts;
  for (int i = 1; i <= 6; ++i) {
    drafts.push_back(SampleCustomer(i));
  }
  drafts[0].segment = Segment::kSme;
  drafts[0].tier = Tier::kTier4;
  drafts[1].industry_code = "C3011";
  drafts[2].industry_code = "C3120";
  drafts[3].lifecycle_stage = LifecycleStage::kWatch;
  drafts[3].relationship_manager_id = "rm-9";
  drafts[4].legal_name = "50%_折扣公司";
  drafts[5].legal_name = "50AB公司";
  drafts[5].legal_representative_id_number = "110105194912310021";
  for (size_t i = 0; i < drafts.size(); ++i) {
    ASSERT_OK(repo().Create(drafts[i], Key("", ""), Write(static_cast<int>(i))).status());
  }
  ASSERT_OK(repo()
                .Update(
                    drafts[2].customer_id, std::nullopt,
                    [](Customer& c) -> absl::StatusOr<CustomerChange> {
                      c.archived = true;
                      c.archive_time = c.update_time;
                      return CustomerChange{"customer.archive", {"archived"}};
                    },
                    Write(10))
                .status());

  auto ids = [&](CustomerQuery query) {
    std::vector<std::string> out;
    absl::StatusOr<Page<Customer>> page = repo().List(query, kClear);
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok()) {
      for (const Customer& c : page->items) {
        out.push_back(c.customer_id);
      }
    }
    return out;
  };
  CustomerQuery q;
  EXPECT_EQ(ids(q).size(), 5u);  // the archived one is hidden
  q.include_archived = true;
  EXPECT_EQ(ids(q).size(), 6u);

  q = CustomerQuery{};
  q.segment = Segment::kSme;
  EXPECT_THAT(ids(q), ElementsAre(drafts[0].customer_id));
  q = CustomerQuery{};
  q.tier = Tier::kTier4;
  EXPECT_THAT(ids(q), ElementsAre(drafts[0].customer_id));
  q = CustomerQuery{};
  q.industry_code_prefix = "C30";
  EXPECT_THAT(ids(q), ElementsAre(drafts[1].customer_id));
  q.industry_code_prefix = "C3";
  q.include_archived = true;
  EXPECT_THAT(ids(q), ElementsAre(drafts[1].customer_id, drafts[2].customer_id));
  q = CustomerQuery{};
  q.lifecycle_stage = LifecycleStage::kWatch;
  EXPECT_THAT(ids(q), ElementsAre(drafts[3].customer_id));
  q = CustomerQuery{};
  q.relationship_manager_id = "rm-9";
  EXPECT_THAT(ids(q), ElementsAre(drafts[3].customer_id));
  q = CustomerQuery{};
  q.name_prefix = "50%_";  // the wildcards match only themselves
  EXPECT_THAT(ids(q), ElementsAre(drafts[4].customer_id));
  q.name_prefix = "50";
  EXPECT_THAT(ids(q), ElementsAre(drafts[4].customer_id, drafts[5].customer_id));
  q.name_prefix = "%";
  EXPECT_THAT(ids(q), IsEmpty());
  q = CustomerQuery{};
  q.legal_representative_id_number = "110105194912310021";
  EXPECT_THAT(ids(q), ElementsAre(drafts[5].customer_id));
  q.legal_representative_id_number = "11010519491231002x";  // normalised like the stored value
  EXPECT_EQ(ids(q).size(), 4u);
  q = CustomerQuery{};
  q.segment = Segment::kKey;
  q.relationship_manager_id = "rm-7";
  q.tier = Tier::kTier2;
  EXPECT_EQ(ids(q).size(), 3u);  // 1, 4, 5 (2 archived, 0 SME, 3 rm-9)
}

TEST_F(MySqlCustomerRepositoryTest, ListRejectsAPageKeyOfAnotherList) {
  CustomerQuery q;
  q.page.after_key = {"a", "b", "c"};
  absl::StatusOr<Page<Customer>> wrong_parts = repo().List(q, kClear);
  EXPECT_THAT(wrong_parts, StatusIs(absl::StatusCode::kInvalidArgument));
  q.page.after_key = {"not a time", "id"};
  EXPECT_THAT(repo().List(q, kClear), StatusIs(absl::StatusCode::kInvalidArgument));
  AuditQuery a;
  a.page.after_key = {"x"};
  EXPECT_THAT(repo().ListAudit(a), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MySqlCustomerRepositoryTest, AuditTrailIsNewestFirstFilteredAndPaged) {
  const Customer a = SampleCustomer(1);
  const Customer b = SampleCustomer(2);
  ASSERT_OK(repo().Create(a, Key("", ""), Write(0)).status());  // audit 1
  ASSERT_OK(repo().Create(b, Key("", ""), Write(1)).status());  // audit 2
  for (int i = 0; i < 5; ++i) {                                 // audits 3..7
    AuditRecord read;
    read.actor = i % 2 == 0 ? "auditor-1" : "rm-7";
    read.actor_roles = {"auditor"};
    read.action = "customer.read_unmasked";
    read.resource = "customers/" + a.customer_id;
    read.customer_id = a.customer_id;
    read.fields = {"contact_phone", "settlement_account_number"};
    read.reason = "loan review";
    read.request_id = absl::StrCat("read-", i);
    read.record_time = Micros(At(10 + i));
    ASSERT_OK(repo().RecordAudit(read));
  }

  AuditQuery q;
  q.customer_id = a.customer_id;
  q.page.page_size = 4;
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> first, repo().ListAudit(q));
  ASSERT_EQ(first.items.size(), 4u);
  EXPECT_EQ(first.items[0].request_id, "read-4");
  EXPECT_EQ(first.items[3].request_id, "read-1");
  EXPECT_THAT(first.items[0].fields, ElementsAre("contact_phone", "settlement_account_number"));
  EXPECT_EQ(first.items[0].record_time, Micros(At(14)));
  ASSERT_FALSE(first.next_key.empty());
  q.page.after_key = first.next_key;
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> second, repo().ListAudit(q));
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].request_id, "read-0");
  EXPECT_EQ(second.items[1].action, "customer.create");
  EXPECT_TRUE(second.next_key.empty());

  AuditQuery by_actor;
  by_actor.actor = "auditor-1";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> auditor, repo().ListAudit(by_actor));
  EXPECT_EQ(auditor.items.size(), 3u);

  AuditQuery by_action;
  by_action.action = "customer.create";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> creates, repo().ListAudit(by_action));
  ASSERT_EQ(creates.items.size(), 2u);
  EXPECT_EQ(creates.items[0].customer_id, b.customer_id);

  AuditQuery window;
  window.start_time = Micros(At(11));
  window.end_time = Micros(At(13));  // exclusive
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> in_window, repo().ListAudit(window));
  ASSERT_EQ(in_window.items.size(), 2u);
  EXPECT_EQ(in_window.items[0].request_id, "read-2");
  EXPECT_EQ(in_window.items[1].request_id, "read-1");
}

}  // namespace
}  // namespace ccrm::customer
