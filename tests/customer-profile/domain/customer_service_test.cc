#include "services/customer-profile/domain/customer_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/ids/etag.h"
#include "tests/customer-profile/domain/service_test_env.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kMaskedId[] = "110***********002X";
constexpr char kMaskedPhone[] = "138****5678";
constexpr char kMaskedAccount[] = "************7890";

class CustomerServiceTest : public ServiceTest {
 protected:
  std::vector<std::string> Ids(const std::vector<Customer>& customers) {
    std::vector<std::string> ids;
    for (const Customer& c : customers) {
      ids.push_back(c.customer_id);
    }
    return ids;
  }

  // Every page of `query`, `page_size` at a time.
  std::vector<std::string> AllPages(const CustomerQuery& query, int page_size) {
    std::vector<std::string> ids;
    std::string token;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<CustomerList> page = customer_service_.List(manager_, query, token, page_size);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) {
        break;
      }
      EXPECT_LE(page->customers.size(), static_cast<size_t>(page_size));
      for (const Customer& c : page->customers) {
        ids.push_back(c.customer_id);
      }
      token = page->next_page_token;
      if (token.empty()) {
        break;
      }
    }
    return ids;
  }
};

// --- Create
// ---------------------------------------------------------------------------------------

TEST_F(CustomerServiceTest, CreateStartsAProspectWithComputedClassificationReturnedMasked) {
  Customer draft = EnterpriseDraft(1);
  // Output-only fields a caller might send are ignored.
  draft.customer_id = "chosen-by-caller";
  draft.lifecycle_stage = LifecycleStage::kActive;
  draft.archived = true;
  draft.revision = 9;
  draft.segment = Segment::kKey;
  draft.classification_override = ClassificationOverride{Segment::kKey, Tier::kTier1, "x", "y", {}};

  ASSERT_OK_AND_ASSIGN(Customer created, customer_service_.Create(manager_, draft, {}));

  EXPECT_TRUE(IsUuid(created.customer_id)) << created.customer_id;
  EXPECT_EQ(created.lifecycle_stage, LifecycleStage::kProspect);
  EXPECT_FALSE(created.archived);
  EXPECT_EQ(created.revision, 1);
  EXPECT_EQ(created.create_time, Start());
  EXPECT_EQ(created.update_time, Start());
  EXPECT_FALSE(created.classification_override.has_value());
  EXPECT_EQ(created.segment, Segment::kSme);
  EXPECT_EQ(created.tier, Tier::kTier3);
  EXPECT_EQ(created.legal_representative_id_number, kMaskedId);
  EXPECT_EQ(created.contact_phone, kMaskedPhone);
  EXPECT_EQ(created.settlement_account_number, kMaskedAccount);

  // The repository holds the normalised identifiers in clear.
  const Customer stored = Stored(created.customer_id);
  EXPECT_EQ(stored.legal_representative_id_number, "11010519491231002X");
  EXPECT_EQ(stored.contact_phone, "13812345678");
  EXPECT_EQ(stored.settlement_account_number, "6222021234567890");
  EXPECT_EQ(stored.legal_name, draft.legal_name);
  EXPECT_EQ(stored.segment, Segment::kSme);
  EXPECT_EQ(stored.tier, Tier::kTier3);

  const std::vector<AuditRecord> audits = customers_.audit_records();
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_EQ(audits[0].action, "customer.create");
  EXPECT_EQ(audits[0].actor, "rm-042");
  EXPECT_EQ(audits[0].actor_roles, std::vector<std::string>{roles::kRelationshipManager});
  EXPECT_EQ(audits[0].resource, absl::StrCat("customers/", created.customer_id));
  EXPECT_EQ(audits[0].request_id, "req-1");
  EXPECT_EQ(audits[0].record_time, Start());
  EXPECT_THAT(audits[0].fields, IsEmpty());

  const std::vector<events::OutboxEvent> events = customers_.outbox();
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].event_type, kCustomerCreatedType);
  EXPECT_EQ(events[0].payload, created.customer_id);
  EXPECT_EQ(events[0].request_id, "req-1");
  EXPECT_TRUE(IsUuid(events[0].event_id));
}

TEST_F(CustomerServiceTest, TierDependsOnTheClocksDate) {
  // 2026-03-01: 4 full years since 2021-03-02 (10 points, 51 in all) -> TIER_3.
  ASSERT_OK_AND_ASSIGN(Customer before, customer_service_.Create(manager_, EnterpriseDraft(1), {}));
  EXPECT_EQ(before.tier, Tier::kTier3);
  // 2026-03-02: the fifth anniversary (15 points, 56 in all) -> TIER_2.
  clock_.Advance(absl::Hours(24));
  ASSERT_OK_AND_ASSIGN(Customer after, customer_service_.Create(manager_, EnterpriseDraft(2), {}));
  EXPECT_EQ(after.tier, Tier::kTier2);
}

TEST_F(CustomerServiceTest, CreateComputesKeyAndFirstTimeBorrowerSegments) {
  Customer key = EnterpriseDraft(1);
  key.annual_revenue = Cny(400'000'000);
  ASSERT_OK_AND_ASSIGN(Customer created_key, customer_service_.Create(manager_, key, {}));
  EXPECT_EQ(created_key.segment, Segment::kKey);

  Customer first = EnterpriseDraft(2);
  first.has_prior_credit = false;
  ASSERT_OK_AND_ASSIGN(Customer created_first, customer_service_.Create(manager_, first, {}));
  EXPECT_EQ(created_first.segment, Segment::kFirstTimeBorrower);
}

TEST_F(CustomerServiceTest, CreateRefusesInvalidInputAndStoresNothing) {
  Customer draft = EnterpriseDraft(1);
  draft.kind = CustomerKind::kUnspecified;
  draft.legal_name = "";
  draft.contact_phone = "12345";
  draft.relationship_start_date = absl::CivilDay(2026, 3, 2);  // tomorrow

  absl::StatusOr<Customer> created = customer_service_.Create(manager_, draft, {});

  EXPECT_THAT(created, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ReasonOf(created), "INVALID_ARGUMENT");
  const std::vector<std::string> fields = ViolationFields(created);
  EXPECT_THAT(fields, Contains("customer.kind"));
  EXPECT_THAT(fields, Contains("customer.legal_name"));
  EXPECT_THAT(fields, Contains("customer.contact_phone"));
  EXPECT_THAT(fields, Contains("customer.relationship_start_date"));
  EXPECT_THAT(customers_.audit_records(), IsEmpty());
  EXPECT_THAT(customers_.outbox(), IsEmpty());
  ASSERT_OK_AND_ASSIGN(CustomerList all, customer_service_.List(manager_, {}, "", 0));
  EXPECT_THAT(all.customers, IsEmpty());
}

TEST_F(CustomerServiceTest, CreateRefusesATakenCreditCode) {
  NewCustomer(1);
  Customer again = EnterpriseDraft(1);
  again.legal_name = "另一家公司";

  absl::StatusOr<Customer> created = customer_service_.Create(manager_, again, {});

  EXPECT_THAT(created, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ReasonOf(created), "CUSTOMER_ALREADY_EXISTS");
  EXPECT_THAT(customers_.audit_records(), SizeIs(1));
  EXPECT_THAT(customers_.outbox(), SizeIs(1));
}

TEST_F(CustomerServiceTest, CreateIsIdempotentPerRequestId) {
  const IdempotencyKey key{"create-1", "fingerprint-a"};
  ASSERT_OK_AND_ASSIGN(Customer first, customer_service_.Create(manager_, EnterpriseDraft(1), key));
  clock_.Advance(absl::Seconds(5));
  ASSERT_OK_AND_ASSIGN(Customer replay,
                       customer_service_.Create(manager_, EnterpriseDraft(1), key));

  EXPECT_EQ(replay.customer_id, first.customer_id);
  EXPECT_EQ(replay.create_time, Start());
  EXPECT_EQ(replay.contact_phone, kMaskedPhone);  // the replay is masked too
  EXPECT_THAT(customers_.audit_records(), SizeIs(1));
  EXPECT_THAT(customers_.outbox(), SizeIs(1));

  absl::StatusOr<Customer> reused =
      customer_service_.Create(manager_, EnterpriseDraft(2), {"create-1", "fingerprint-b"});
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
  EXPECT_THAT(ViolationFields(reused), ElementsAre("request_id"));
  ASSERT_OK_AND_ASSIGN(CustomerList all, customer_service_.List(manager_, {}, "", 0));
  EXPECT_THAT(all.customers, SizeIs(1));
}

TEST_F(CustomerServiceTest, ConcurrentCreatesWithOneRequestIdCreateOnce) {
  constexpr int kThreads = 8;
  std::vector<absl::StatusOr<Customer>> results(kThreads, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([this, i, &results] {
      results[i] = customer_service_.Create(manager_, EnterpriseDraft(1), {"create-1", "fp"});
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (const absl::StatusOr<Customer>& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->customer_id, results[0]->customer_id);
  }
  EXPECT_THAT(customers_.audit_records(), SizeIs(1));
}

// --- Get
// ------------------------------------------------------------------------------------------

TEST_F(CustomerServiceTest, GetMaskedDoesNotAudit) {
  const std::string id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(
      Customer got, customer_service_.Get(auditor_, id, PersonalDataView::kMasked, std::nullopt));
  EXPECT_EQ(got.customer_id, id);
  EXPECT_EQ(got.legal_representative_id_number, kMaskedId);
  EXPECT_EQ(got.contact_phone, kMaskedPhone);
  EXPECT_EQ(got.settlement_account_number, kMaskedAccount);
  EXPECT_THAT(AuditsOf("customer.read_unmasked"), IsEmpty());
}

TEST_F(CustomerServiceTest, GetUnmaskedReturnsClearValuesAndAuditsTheRead) {
  const std::string id = NewCustomer(1);
  clock_.Advance(absl::Minutes(3));
  const Caller analyst{Principal{"ca-9", {roles::kCreditAnalyst}}, "req-read"};

  ASSERT_OK_AND_ASSIGN(
      Customer got, customer_service_.Get(analyst, id, PersonalDataView::kUnmasked, std::nullopt));

  EXPECT_EQ(got.legal_representative_id_number, "11010519491231002X");
  EXPECT_EQ(got.contact_phone, "13812345678");
  EXPECT_EQ(got.settlement_account_number, "6222021234567890");
  const std::vector<AuditRecord> reads = AuditsOf("customer.read_unmasked");
  ASSERT_THAT(reads, SizeIs(1));
  EXPECT_EQ(reads[0].actor, "ca-9");
  EXPECT_EQ(reads[0].actor_roles, std::vector<std::string>{roles::kCreditAnalyst});
  EXPECT_EQ(reads[0].customer_id, id);
  EXPECT_EQ(reads[0].resource, absl::StrCat("customers/", id));
  EXPECT_EQ(reads[0].request_id, "req-read");
  EXPECT_EQ(reads[0].record_time, Start() + absl::Minutes(3));
  EXPECT_THAT(reads[0].fields, ElementsAre("legal_representative_id_number", "contact_phone",
                                           "settlement_account_number"));
}

TEST_F(CustomerServiceTest, UnmaskedReadAuditListsOnlyTheIdentifiersHeld) {
  Customer draft = EnterpriseDraft(1);
  draft.legal_representative_id_number = "";
  draft.settlement_account_number = "";
  const std::string id = NewCustomer(draft);

  ASSERT_OK(
      customer_service_.Get(manager_, id, PersonalDataView::kUnmasked, std::nullopt).status());

  const std::vector<AuditRecord> reads = AuditsOf("customer.read_unmasked");
  ASSERT_THAT(reads, SizeIs(1));
  EXPECT_THAT(reads[0].fields, ElementsAre("contact_phone"));
}

TEST_F(CustomerServiceTest, GetUnmaskedIsDeniedToOtherRolesWithoutAudit) {
  const std::string id = NewCustomer(1);
  const size_t audits_before = customers_.audit_records().size();

  absl::StatusOr<Customer> got =
      customer_service_.Get(auditor_, id, PersonalDataView::kUnmasked, std::nullopt);

  EXPECT_THAT(got, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ReasonOf(got), "UNMASKED_VIEW_NOT_PERMITTED");
  EXPECT_THAT(customers_.audit_records(), SizeIs(audits_before));
}

TEST_F(CustomerServiceTest, GetUnknownCustomerIsNotFound) {
  absl::StatusOr<Customer> got =
      customer_service_.Get(manager_, "no-such-id", PersonalDataView::kMasked, std::nullopt);
  EXPECT_THAT(got, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(got), "CUSTOMER_NOT_FOUND");

  // An unmasked read of nothing audits nothing.
  got = customer_service_.Get(manager_, "no-such-id", PersonalDataView::kUnmasked, std::nullopt);
  EXPECT_THAT(got, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(AuditsOf("customer.read_unmasked"), IsEmpty());
}

TEST_F(CustomerServiceTest, GetAsOfReturnsTheRevisionThenCurrent) {
  const std::string id = NewCustomer(1);
  clock_.Advance(absl::Hours(1));
  Customer patch;
  patch.legal_name = "福建新名称有限公司";
  ASSERT_OK(customer_service_.Update(manager_, id, patch, {"legal_name"}, "r1").status());
  const std::string original_name = EnterpriseDraft(1).legal_name;

  ASSERT_OK_AND_ASSIGN(
      Customer half_hour,
      customer_service_.Get(manager_, id, PersonalDataView::kMasked, Start() + absl::Minutes(30)));
  EXPECT_EQ(half_hour.revision, 1);
  EXPECT_EQ(half_hour.legal_name, original_name);
  EXPECT_EQ(half_hour.contact_phone, kMaskedPhone);

  ASSERT_OK_AND_ASSIGN(Customer at_creation,
                       customer_service_.Get(manager_, id, PersonalDataView::kMasked, Start()));
  EXPECT_EQ(at_creation.revision, 1);

  ASSERT_OK_AND_ASSIGN(
      Customer now, customer_service_.Get(manager_, id, PersonalDataView::kMasked, clock_.Now()));
  EXPECT_EQ(now.revision, 2);
  EXPECT_EQ(now.legal_name, "福建新名称有限公司");

  absl::StatusOr<Customer> before =
      customer_service_.Get(manager_, id, PersonalDataView::kMasked, Start() - absl::Seconds(1));
  EXPECT_THAT(before, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(before), "CUSTOMER_NOT_FOUND");
}

TEST_F(CustomerServiceTest, GetAsOfUnmaskedIsAuditedToo) {
  const std::string id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(Customer got,
                       customer_service_.Get(manager_, id, PersonalDataView::kUnmasked, Start()));
  EXPECT_EQ(got.contact_phone, "13812345678");
  EXPECT_THAT(AuditsOf("customer.read_unmasked"), SizeIs(1));
}

// --- List
// -----------------------------------------------------------------------------------------

TEST_F(CustomerServiceTest, ListFiltersAndMasks) {
  Customer key = EnterpriseDraft(1);
  key.annual_revenue = Cny(500'000'000);
  key.industry_code = "C3011";
  key.relationship_manager_id = "rm-100";
  key.legal_name = "厦门某某水泥有限公司";
  key.legal_representative_id_number = "110101199003074477";
  key.credit_grade = "AAA";  // 16 + 40 + 10 = 66 points: TIER_2
  const std::string key_id = NewCustomer(key);
  clock_.Advance(absl::Seconds(1));
  const std::string sme_id = NewCustomer(2);
  clock_.Advance(absl::Seconds(1));
  const std::string sme2_id = NewCustomer(3);
  ASSERT_OK(customer_service_
                .TransitionLifecycle(manager_, sme2_id, LifecycleStage::kOnboarding, "signed", "")
                .status());

  CustomerQuery q;
  q.segment = Segment::kKey;
  ASSERT_OK_AND_ASSIGN(CustomerList by_segment, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(by_segment.customers), ElementsAre(key_id));
  EXPECT_EQ(by_segment.customers[0].contact_phone, kMaskedPhone);
  EXPECT_EQ(by_segment.next_page_token, "");

  q = {};
  q.industry_code_prefix = "E47";
  ASSERT_OK_AND_ASSIGN(CustomerList by_industry, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(by_industry.customers), ElementsAre(sme_id, sme2_id));

  q = {};
  q.lifecycle_stage = LifecycleStage::kOnboarding;
  ASSERT_OK_AND_ASSIGN(CustomerList by_stage, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(by_stage.customers), ElementsAre(sme2_id));

  q = {};
  q.relationship_manager_id = "rm-100";
  ASSERT_OK_AND_ASSIGN(CustomerList by_manager, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(by_manager.customers), ElementsAre(key_id));

  q = {};
  q.name_prefix = "福建";
  ASSERT_OK_AND_ASSIGN(CustomerList by_name, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(by_name.customers), ElementsAre(sme_id, sme2_id));

  q = {};
  q.tier = Tier::kTier3;
  ASSERT_OK_AND_ASSIGN(CustomerList by_tier, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(by_tier.customers), ElementsAre(sme_id, sme2_id));

  // The ID number is normalised before matching (spaces dropped, check letter upper-cased).
  q = {};
  q.legal_representative_id_number = "110105 19491231002x";
  ASSERT_OK_AND_ASSIGN(CustomerList by_id_number, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(by_id_number.customers), ElementsAre(sme_id, sme2_id));
}

TEST_F(CustomerServiceTest, ListHidesArchivedUnlessAsked) {
  const std::string archived = NewCustomer(1);
  clock_.Advance(absl::Seconds(1));
  const std::string kept = NewCustomer(2);
  ASSERT_OK(customer_service_.Archive(manager_, archived, "", "duplicate record").status());

  ASSERT_OK_AND_ASSIGN(CustomerList visible, customer_service_.List(manager_, {}, "", 0));
  EXPECT_THAT(Ids(visible.customers), ElementsAre(kept));
  CustomerQuery q;
  q.include_archived = true;
  ASSERT_OK_AND_ASSIGN(CustomerList all, customer_service_.List(manager_, q, "", 0));
  EXPECT_THAT(Ids(all.customers), ElementsAre(archived, kept));
}

TEST_F(CustomerServiceTest, ListPagesThroughEveryCustomerInOrder) {
  std::vector<std::string> created;
  for (int n = 1; n <= 5; ++n) {
    created.push_back(NewCustomer(n));
    clock_.Advance(absl::Seconds(1));
  }
  EXPECT_EQ(AllPages({}, 2), created);
  EXPECT_EQ(AllPages({}, 5), created);

  CustomerQuery newest_first;
  newest_first.descending = true;
  EXPECT_EQ(AllPages(newest_first, 2),
            (std::vector<std::string>{created[4], created[3], created[2], created[1], created[0]}));

  CustomerQuery by_name;
  by_name.order = CustomerOrder::kLegalName;
  EXPECT_EQ(AllPages(by_name, 3), created);  // names end in 1..5

  ASSERT_OK_AND_ASSIGN(CustomerList first, customer_service_.List(manager_, {}, "", 2));
  EXPECT_THAT(first.customers, SizeIs(2));
  EXPECT_NE(first.next_page_token, "");
}

TEST_F(CustomerServiceTest, ListRefusesAnotherQuerysTokenAndNegativeSizes) {
  for (int n = 1; n <= 3; ++n) {
    NewCustomer(n);
  }
  ASSERT_OK_AND_ASSIGN(CustomerList first, customer_service_.List(manager_, {}, "", 1));
  ASSERT_NE(first.next_page_token, "");

  CustomerQuery other;
  other.segment = Segment::kSme;
  absl::StatusOr<CustomerList> mismatched =
      customer_service_.List(manager_, other, first.next_page_token, 1);
  EXPECT_THAT(mismatched, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(mismatched), ElementsAre("page_token"));

  absl::StatusOr<CustomerList> garbage = customer_service_.List(manager_, {}, "not-a-token", 1);
  EXPECT_THAT(garbage, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(garbage), ElementsAre("page_token"));

  absl::StatusOr<CustomerList> negative = customer_service_.List(manager_, {}, "", -1);
  EXPECT_THAT(negative, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(negative), ElementsAre("page_size"));
}

// --- Update
// ---------------------------------------------------------------------------------------

TEST_F(CustomerServiceTest, UpdateAppliesTheMaskBumpsTheRevisionAndRecordsChangedFields) {
  const std::string id = NewCustomer(1);
  clock_.Advance(absl::Minutes(10));
  Customer patch;
  patch.legal_name = "福建更名有限公司";
  patch.annual_revenue = Cny(450'000'000);  // now a key customer
  patch.contact_phone = "+86 139-0000-1111";
  patch.employee_count = 999;  // not in the mask: ignored

  ASSERT_OK_AND_ASSIGN(
      Customer updated,
      customer_service_.Update(manager_, id, patch,
                               {"legal_name", "annual_revenue", "contact_phone"}, FormatEtag(1)));

  EXPECT_EQ(updated.revision, 2);
  EXPECT_EQ(updated.update_time, Start() + absl::Minutes(10));
  EXPECT_EQ(updated.create_time, Start());
  EXPECT_EQ(updated.legal_name, "福建更名有限公司");
  EXPECT_EQ(updated.segment, Segment::kKey);
  EXPECT_EQ(updated.employee_count, 200);
  EXPECT_EQ(updated.contact_phone, "139****1111");
  EXPECT_EQ(Stored(id).contact_phone, "13900001111");

  const std::vector<AuditRecord> updates = AuditsOf("customer.update");
  ASSERT_THAT(updates, SizeIs(1));
  EXPECT_THAT(updates[0].fields,
              ElementsAre("legal_name", "contact_phone", "annual_revenue", "segment"));
  EXPECT_EQ(updates[0].record_time, Start() + absl::Minutes(10));
  const std::vector<events::OutboxEvent> events = customers_.outbox();
  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[1].event_type, kCustomerUpdatedType);
  EXPECT_EQ(events[1].payload,
            absl::StrCat(id, "|legal_name,contact_phone,annual_revenue,segment"));
  // The history keeps the replaced revision 1 only.
  ASSERT_THAT(customers_.history(id), SizeIs(1));
  EXPECT_EQ(customers_.history(id)[0].revision, 1);
}

TEST_F(CustomerServiceTest, UpdateRecomputesTheTierWhenAssetsChange) {
  const std::string id = NewCustomer(1);
  Customer patch;
  patch.total_assets = Cny(1'000'000'000);  // 40 points instead of 16: 75 in all
  ASSERT_OK_AND_ASSIGN(Customer updated,
                       customer_service_.Update(manager_, id, patch, {"total_assets"}, ""));
  EXPECT_EQ(updated.tier, Tier::kTier1);
  EXPECT_EQ(updated.segment, Segment::kKey);  // total assets >= 400 million
}

TEST_F(CustomerServiceTest, UpdateWithAStaleEtagIsAborted) {
  const std::string id = NewCustomer(1);
  Customer patch;
  patch.legal_name = "第一次更名公司";
  ASSERT_OK(customer_service_.Update(manager_, id, patch, {"legal_name"}, "r1").status());

  patch.legal_name = "第二次更名公司";
  absl::StatusOr<Customer> stale =
      customer_service_.Update(manager_, id, patch, {"legal_name"}, "r1");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");
  EXPECT_EQ(Stored(id).legal_name, "第一次更名公司");
  EXPECT_EQ(Stored(id).revision, 2);

  // No etag: no check.
  ASSERT_OK_AND_ASSIGN(Customer unchecked,
                       customer_service_.Update(manager_, id, patch, {"legal_name"}, ""));
  EXPECT_EQ(unchecked.revision, 3);

  absl::StatusOr<Customer> malformed =
      customer_service_.Update(manager_, id, patch, {"legal_name"}, "W/\"abc\"");
  EXPECT_THAT(malformed, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(malformed), ElementsAre("customer.etag"));
}

TEST_F(CustomerServiceTest, ConcurrentUpdatesWithOneEtagLetOneWin) {
  const std::string id = NewCustomer(1);
  constexpr int kThreads = 8;
  std::vector<absl::StatusOr<Customer>> results(kThreads, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([this, i, &id, &results] {
      Customer patch;
      patch.employee_count = 300 + i;
      results[i] = customer_service_.Update(manager_, id, patch, {"employee_count"}, "r1");
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  int won = 0;
  for (const absl::StatusOr<Customer>& r : results) {
    if (r.ok()) {
      ++won;
      EXPECT_EQ(r->revision, 2);
    } else {
      EXPECT_THAT(r, StatusIs(absl::StatusCode::kAborted));
    }
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(Stored(id).revision, 2);
}

TEST_F(CustomerServiceTest, UpdateRefusesBadPathsAndValuesWithoutWriting) {
  const std::string id = NewCustomer(1);
  Customer patch;
  patch.kind = CustomerKind::kIndividual;

  absl::StatusOr<Customer> fixed = customer_service_.Update(manager_, id, patch, {"kind"}, "r1");
  EXPECT_THAT(fixed, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(fixed), ElementsAre("update_mask"));

  absl::StatusOr<Customer> unknown =
      customer_service_.Update(manager_, id, patch, {"no_such_field", "segment"}, "r1");
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(unknown), ElementsAre("update_mask", "update_mask"));

  absl::StatusOr<Customer> empty = customer_service_.Update(manager_, id, patch, {}, "r1");
  EXPECT_THAT(empty, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(empty), ElementsAre("update_mask"));

  patch.contact_phone = "12345";
  absl::StatusOr<Customer> invalid =
      customer_service_.Update(manager_, id, patch, {"contact_phone"}, "r1");
  EXPECT_THAT(invalid, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(invalid), ElementsAre("customer.contact_phone"));

  EXPECT_EQ(Stored(id).revision, 1);
  EXPECT_THAT(AuditsOf("customer.update"), IsEmpty());
  EXPECT_THAT(customers_.outbox(), SizeIs(1));
}

TEST_F(CustomerServiceTest, UpdateOfAnArchivedOrUnknownCustomerFails) {
  const std::string id = NewCustomer(1);
  ASSERT_OK(customer_service_.Archive(manager_, id, "r1", "duplicate").status());
  Customer patch;
  patch.legal_name = "福建更名有限公司";

  absl::StatusOr<Customer> archived =
      customer_service_.Update(manager_, id, patch, {"legal_name"}, "");
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(archived), "CUSTOMER_ARCHIVED");

  absl::StatusOr<Customer> unknown =
      customer_service_.Update(manager_, "nobody", patch, {"legal_name"}, "");
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(unknown), "CUSTOMER_NOT_FOUND");
}

// --- Archive
// --------------------------------------------------------------------------------------

TEST_F(CustomerServiceTest, ArchiveAProspectRecordsTimeAndReason) {
  const std::string id = NewCustomer(1);
  clock_.Advance(absl::Hours(2));

  ASSERT_OK_AND_ASSIGN(Customer archived,
                       customer_service_.Archive(manager_, id, "r1", "duplicate record"));

  EXPECT_TRUE(archived.archived);
  EXPECT_EQ(archived.archive_time, Start() + absl::Hours(2));
  EXPECT_EQ(archived.revision, 2);
  EXPECT_EQ(archived.contact_phone, kMaskedPhone);
  const std::vector<AuditRecord> audits = AuditsOf("customer.archive");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_EQ(audits[0].reason, "duplicate record");
  EXPECT_THAT(audits[0].fields, ElementsAre("archived", "archive_time"));

  absl::StatusOr<Customer> again = customer_service_.Archive(manager_, id, "", "again");
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(again), "CUSTOMER_ARCHIVED");
}

TEST_F(CustomerServiceTest, ArchiveNeedsAReasonAndAProspectOrClosedCustomer) {
  const std::string id = NewCustomer(1);
  absl::StatusOr<Customer> no_reason = customer_service_.Archive(manager_, id, "", "");
  EXPECT_THAT(no_reason, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(no_reason), ElementsAre("reason"));

  absl::StatusOr<Customer> blank = customer_service_.Archive(manager_, id, "", "   ");
  EXPECT_THAT(blank, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(blank), ElementsAre("reason"));

  ASSERT_OK(
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kOnboarding, "signed", "")
          .status());
  absl::StatusOr<Customer> onboarding = customer_service_.Archive(manager_, id, "", "gone");
  EXPECT_THAT(onboarding, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(onboarding), "CUSTOMER_NOT_ARCHIVABLE");

  ASSERT_OK(
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kClosed, "withdrew", "")
          .status());
  ASSERT_OK_AND_ASSIGN(Customer closed, customer_service_.Archive(manager_, id, "r3", "gone"));
  EXPECT_TRUE(closed.archived);

  absl::StatusOr<Customer> stale = customer_service_.Archive(manager_, NewCustomer(2), "r5", "x");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");
}

// --- Classification override
// ----------------------------------------------------------------------

TEST_F(CustomerServiceTest, OverrideClassificationRecordsWhoWhenAndWhy) {
  const std::string id = NewCustomer(1);
  clock_.Advance(absl::Hours(1));

  ASSERT_OK_AND_ASSIGN(Customer overridden, customer_service_.OverrideClassification(
                                                manager_, id, Segment::kKey, Tier::kUnspecified,
                                                "strategic client of the branch", "r1"));

  EXPECT_EQ(overridden.segment, Segment::kKey);
  EXPECT_EQ(overridden.tier, Tier::kTier3);  // computed: not overridden
  ASSERT_TRUE(overridden.classification_override.has_value());
  EXPECT_EQ(overridden.classification_override->segment, Segment::kKey);
  EXPECT_EQ(overridden.classification_override->tier, Tier::kUnspecified);
  EXPECT_EQ(overridden.classification_override->reason, "strategic client of the branch");
  EXPECT_EQ(overridden.classification_override->overridden_by, "rm-042");
  EXPECT_EQ(overridden.classification_override->override_time, Start() + absl::Hours(1));
  EXPECT_TRUE(Stored(id).classification_override.has_value());

  const std::vector<AuditRecord> audits = AuditsOf("customer.override_classification");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_THAT(audits[0].fields, ElementsAre("segment", "classification_override"));
  EXPECT_EQ(audits[0].reason, "strategic client of the branch");

  // A later update keeps the overridden segment.
  Customer patch;
  patch.employee_count = 250;
  ASSERT_OK_AND_ASSIGN(Customer updated,
                       customer_service_.Update(manager_, id, patch, {"employee_count"}, "r2"));
  EXPECT_EQ(updated.segment, Segment::kKey);
}

TEST_F(CustomerServiceTest, OverrideClassificationValidatesItsInput) {
  const std::string id = NewCustomer(1);
  absl::StatusOr<Customer> no_reason =
      customer_service_.OverrideClassification(manager_, id, Segment::kKey, Tier::kTier1, "", "");
  EXPECT_THAT(no_reason, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(no_reason), ElementsAre("reason"));

  absl::StatusOr<Customer> nothing = customer_service_.OverrideClassification(
      manager_, id, Segment::kUnspecified, Tier::kUnspecified, "why", "");
  EXPECT_THAT(nothing, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(nothing), ElementsAre("segment"));

  EXPECT_EQ(Stored(id).revision, 1);
}

TEST_F(CustomerServiceTest, ClearClassificationOverrideRecomputes) {
  const std::string id = NewCustomer(1);
  absl::StatusOr<Customer> not_overridden =
      customer_service_.ClearClassificationOverride(manager_, id, "tidy up", "");
  EXPECT_THAT(not_overridden, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(not_overridden), "NO_CLASSIFICATION_OVERRIDE");

  ASSERT_OK(
      customer_service_.OverrideClassification(manager_, id, Segment::kKey, Tier::kTier1, "vip", "")
          .status());
  absl::StatusOr<Customer> no_reason =
      customer_service_.ClearClassificationOverride(manager_, id, "", "");
  EXPECT_THAT(no_reason, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(no_reason), ElementsAre("reason"));

  ASSERT_OK_AND_ASSIGN(Customer cleared, customer_service_.ClearClassificationOverride(
                                             manager_, id, "no longer strategic", "r2"));
  EXPECT_FALSE(cleared.classification_override.has_value());
  EXPECT_EQ(cleared.segment, Segment::kSme);
  EXPECT_EQ(cleared.tier, Tier::kTier3);
  const std::vector<AuditRecord> audits = AuditsOf("customer.clear_classification_override");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_THAT(audits[0].fields, ElementsAre("segment", "tier", "classification_override"));
}

TEST_F(CustomerServiceTest, AnArchivedCustomersClassificationIsReadOnly) {
  const std::string id = NewCustomer(1);
  ASSERT_OK(
      customer_service_.OverrideClassification(manager_, id, Segment::kKey, Tier::kTier1, "vip", "")
          .status());
  ASSERT_OK(customer_service_.Archive(manager_, id, "", "duplicate").status());

  absl::StatusOr<Customer> override_again = customer_service_.OverrideClassification(
      manager_, id, Segment::kSme, Tier::kUnspecified, "demote", "");
  EXPECT_THAT(override_again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(override_again), "CUSTOMER_ARCHIVED");

  absl::StatusOr<Customer> cleared =
      customer_service_.ClearClassificationOverride(manager_, id, "tidy up", "");
  EXPECT_THAT(cleared, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(cleared), "CUSTOMER_ARCHIVED");
  EXPECT_TRUE(Stored(id).classification_override.has_value());
  EXPECT_EQ(Stored(id).revision, 3);
}

// --- Lifecycle
// ------------------------------------------------------------------------------------

TEST_F(CustomerServiceTest, TransitionLifecycleFollowsTheAllowedPaths) {
  const std::string id = NewCustomer(1);

  absl::StatusOr<Customer> skip =
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kActive, "go", "");
  EXPECT_THAT(skip, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(skip), "LIFECYCLE_TRANSITION_NOT_ALLOWED");

  ASSERT_OK_AND_ASSIGN(Customer onboarding,
                       customer_service_.TransitionLifecycle(
                           manager_, id, LifecycleStage::kOnboarding, "documents received", "r1"));
  EXPECT_EQ(onboarding.lifecycle_stage, LifecycleStage::kOnboarding);
  ASSERT_OK_AND_ASSIGN(Customer active,
                       customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kActive,
                                                             "account opened", "r2"));
  EXPECT_EQ(active.lifecycle_stage, LifecycleStage::kActive);
  EXPECT_EQ(active.revision, 3);

  absl::StatusOr<Customer> same =
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kActive, "again", "");
  EXPECT_THAT(same, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(same), "LIFECYCLE_TRANSITION_NOT_ALLOWED");

  const std::vector<AuditRecord> audits = AuditsOf("customer.transition_lifecycle");
  ASSERT_THAT(audits, SizeIs(2));
  EXPECT_EQ(audits[1].reason, "account opened");
  EXPECT_THAT(audits[1].fields, ElementsAre("lifecycle_stage"));
}

TEST_F(CustomerServiceTest, TransitionLifecycleValidatesItsInput) {
  const std::string id = NewCustomer(1);
  absl::StatusOr<Customer> no_stage =
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kUnspecified, "x", "");
  EXPECT_THAT(no_stage, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(no_stage), ElementsAre("to_stage"));

  absl::StatusOr<Customer> no_reason =
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kOnboarding, "", "");
  EXPECT_THAT(no_reason, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(no_reason), ElementsAre("reason"));

  ASSERT_OK(customer_service_.Archive(manager_, id, "", "duplicate").status());
  absl::StatusOr<Customer> archived =
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kOnboarding, "x", "");
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(archived), "CUSTOMER_ARCHIVED");
}

// --- Audit trail
// ----------------------------------------------------------------------------------

TEST_F(CustomerServiceTest, ListAuditFiltersByTimeRangeNewestFirst) {
  const std::string id = NewCustomer(1);  // t0
  clock_.Advance(absl::Hours(1));
  ASSERT_OK(
      customer_service_.TransitionLifecycle(manager_, id, LifecycleStage::kOnboarding, "signed", "")
          .status());  // t0 + 1h
  clock_.Advance(absl::Hours(1));
  ASSERT_OK(customer_service_.Get(manager_, id, PersonalDataView::kUnmasked, std::nullopt)
                .status());  // t0 + 2h

  AuditQuery q;
  q.customer_id = id;
  ASSERT_OK_AND_ASSIGN(AuditList all, customer_service_.ListAudit(manager_, q, "", 0));
  ASSERT_THAT(all.records, SizeIs(3));
  EXPECT_EQ(all.records[0].action, "customer.read_unmasked");
  EXPECT_EQ(all.records[2].action, "customer.create");

  // Start inclusive, end exclusive.
  q.start_time = Start() + absl::Hours(1);
  q.end_time = Start() + absl::Hours(2);
  ASSERT_OK_AND_ASSIGN(AuditList window, customer_service_.ListAudit(manager_, q, "", 0));
  ASSERT_THAT(window.records, SizeIs(1));
  EXPECT_EQ(window.records[0].action, "customer.transition_lifecycle");

  AuditQuery by_action;
  by_action.action = "customer.create";
  ASSERT_OK_AND_ASSIGN(AuditList creates, customer_service_.ListAudit(manager_, by_action, "", 0));
  EXPECT_THAT(creates.records, SizeIs(1));

  AuditQuery inverted;
  inverted.start_time = Start() + absl::Hours(2);
  inverted.end_time = Start();
  absl::StatusOr<AuditList> bad = customer_service_.ListAudit(manager_, inverted, "", 0);
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(bad), ElementsAre("end_time"));

  AuditQuery empty_window;
  empty_window.start_time = Start();
  empty_window.end_time = Start();
  ASSERT_OK_AND_ASSIGN(AuditList none, customer_service_.ListAudit(manager_, empty_window, "", 0));
  EXPECT_THAT(none.records, IsEmpty());
}

TEST_F(CustomerServiceTest, ListAuditPages) {
  for (int n = 1; n <= 5; ++n) {
    NewCustomer(n);
  }
  ASSERT_OK_AND_ASSIGN(AuditList first, customer_service_.ListAudit(manager_, {}, "", 2));
  ASSERT_THAT(first.records, SizeIs(2));
  EXPECT_EQ(first.records[0].audit_id, 5);
  EXPECT_EQ(first.records[1].audit_id, 4);
  ASSERT_OK_AND_ASSIGN(AuditList second,
                       customer_service_.ListAudit(manager_, {}, first.next_page_token, 2));
  ASSERT_THAT(second.records, SizeIs(2));
  EXPECT_EQ(second.records[0].audit_id, 3);
  ASSERT_OK_AND_ASSIGN(AuditList third,
                       customer_service_.ListAudit(manager_, {}, second.next_page_token, 2));
  ASSERT_THAT(third.records, SizeIs(1));
  EXPECT_EQ(third.records[0].audit_id, 1);
  EXPECT_EQ(third.next_page_token, "");

  AuditQuery other;
  other.actor = "rm-042";
  absl::StatusOr<AuditList> mismatched =
      customer_service_.ListAudit(manager_, other, first.next_page_token, 2);
  EXPECT_THAT(mismatched, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(mismatched), ElementsAre("page_token"));

  absl::StatusOr<AuditList> negative = customer_service_.ListAudit(manager_, {}, "", -5);
  EXPECT_THAT(negative, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(negative), ElementsAre("page_size"));
}

}  // namespace
}  // namespace ccrm::customer
