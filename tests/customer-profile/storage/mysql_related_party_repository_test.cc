#include "services/customer-profile/storage/mysql_related_party_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "services/customer-profile/domain/customer_group.h"
#include "services/customer-profile/storage/mysql_customer_repository.h"
#include "tests/customer-profile/storage/storage_test_base.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class MySqlRelatedPartyRepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    customers_ = std::make_unique<MySqlCustomerRepository>(&pool(), &cipher(), &encoder());
    parties_ = std::make_unique<MySqlRelatedPartyRepository>(&pool(), &encoder());
    for (int i = 1; i <= 3; ++i) {
      ASSERT_OK(customers_->Create(SampleCustomer(i), Key("", ""), Write(i)).status());
    }
  }

  static std::string Id(int n) { return SampleCustomer(n).customer_id; }

  static RelatedParty Edge(int on, RelationType type, int related) {
    RelatedParty p;
    p.customer_id = Id(on);
    p.relation_type = type;
    p.related_customer_id = Id(related);
    p.party_name = "caller's name is replaced";
    p.shareholding_bps = type == RelationType::kShareholder ? 5100 : 0;
    return p;
  }

  static RelatedParty Outside(int on, RelationType type, std::string name, std::string code) {
    RelatedParty p;
    p.customer_id = Id(on);
    p.relation_type = type;
    p.party_name = std::move(name);
    p.party_unified_social_credit_code = std::move(code);
    return p;
  }

  std::unique_ptr<MySqlCustomerRepository> customers_;
  std::unique_ptr<MySqlRelatedPartyRepository> parties_;
};

TEST_F(MySqlRelatedPartyRepositoryTest, EdgeToACustomerTakesItsNameAndCode) {
  ASSERT_OK_AND_ASSIGN(
      RelatedParty created,
      parties_->Create(Edge(1, RelationType::kShareholder, 2), Key("", ""), Write(10)));
  EXPECT_EQ(created.party_name, SampleCustomer(2).legal_name);
  EXPECT_EQ(created.party_unified_social_credit_code, SampleCustomer(2).unified_social_credit_code);
  EXPECT_EQ(created.create_time, Micros(At(10)));
  ASSERT_OK_AND_ASSIGN(Page<RelatedParty> listed, parties_->List(Id(1), {}));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].related_party_id, created.related_party_id);
  EXPECT_EQ(listed.items[0].relation_type, RelationType::kShareholder);
  EXPECT_EQ(listed.items[0].related_customer_id, Id(2));
  EXPECT_EQ(listed.items[0].party_name, SampleCustomer(2).legal_name);
  EXPECT_EQ(listed.items[0].shareholding_bps, 5100);
  EXPECT_EQ(listed.items[0].create_time, Micros(At(10)));
  EXPECT_EQ(QueryString("SELECT CONCAT(event_type, ' ', payload) FROM outbox_events "
                        "ORDER BY sequence DESC LIMIT 1"),
            absl::StrCat(kRelatedPartyChangedType, " ", created.related_party_id, "|added"));
  AuditQuery q;
  q.action = "related_party.create";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, customers_->ListAudit(q));
  EXPECT_EQ(audit.items.size(), 1u);
}

TEST_F(MySqlRelatedPartyRepositoryTest, UnknownRelatedCustomerIsNotFound) {
  RelatedParty edge = Edge(1, RelationType::kGuarantor, 9);
  absl::StatusOr<RelatedParty> result = parties_->Create(edge, Key("", ""), Write(10));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kNotFound, HasSubstr("related_customer_id")));
  EXPECT_EQ(ErrorReason(result.status()), "CUSTOMER_NOT_FOUND");
  EXPECT_EQ(Count("related_parties"), 0);
}

TEST_F(MySqlRelatedPartyRepositoryTest, UnknownOrArchivedOwnerIsRefused) {
  absl::StatusOr<RelatedParty> unknown =
      parties_->Create(Outside(9, RelationType::kAffiliate, "某公司", ""), Key("", ""), Write(10));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "CUSTOMER_NOT_FOUND");

  ASSERT_OK(customers_
                ->Update(
                    Id(1), std::nullopt,
                    [](Customer& c) -> absl::StatusOr<CustomerChange> {
                      c.archived = true;
                      return CustomerChange{"customer.archive", {"archived"}};
                    },
                    Write(11))
                .status());
  absl::StatusOr<RelatedParty> archived =
      parties_->Create(Edge(1, RelationType::kSubsidiary, 2), Key("", ""), Write(12));
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(archived.status()), "CUSTOMER_ARCHIVED");
}

TEST_F(MySqlRelatedPartyRepositoryTest, SameRelationToSamePartyTwiceIsAlreadyExists) {
  ASSERT_OK(
      parties_->Create(Edge(1, RelationType::kShareholder, 2), Key("", ""), Write(10)).status());
  const int64_t events = Count("outbox_events");
  absl::StatusOr<RelatedParty> twice =
      parties_->Create(Edge(1, RelationType::kShareholder, 2), Key("", ""), Write(11));
  EXPECT_THAT(twice, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(twice.status()), "RELATED_PARTY_ALREADY_EXISTS");
  EXPECT_EQ(Count("outbox_events"), events);
  // Another relation to the same party is fine, and so is an outside party by name or by code.
  EXPECT_OK(
      parties_->Create(Edge(1, RelationType::kGuarantor, 2), Key("", ""), Write(12)).status());
  EXPECT_OK(parties_
                ->Create(Outside(1, RelationType::kUpstreamSupplier, "某钢铁厂", ""), Key("", ""),
                         Write(13))
                .status());
  absl::StatusOr<RelatedParty> same_name = parties_->Create(
      Outside(1, RelationType::kUpstreamSupplier, "某钢铁厂", ""), Key("", ""), Write(14));
  EXPECT_EQ(ErrorReason(same_name.status()), "RELATED_PARTY_ALREADY_EXISTS");
  EXPECT_OK(
      parties_
          ->Create(Outside(1, RelationType::kUpstreamSupplier, "某钢铁厂", "91350100MA99999999"),
                   Key("", ""), Write(15))
          .status());
}

TEST_F(MySqlRelatedPartyRepositoryTest, EdgesTouchingSeesBothDirectionsAndFeedsTheGroupWalk) {
  ASSERT_OK_AND_ASSIGN(RelatedParty a, parties_->Create(Edge(1, RelationType::kSubsidiary, 2),
                                                        Key("", ""), Write(10)));
  ASSERT_OK_AND_ASSIGN(RelatedParty b, parties_->Create(Edge(3, RelationType::kShareholder, 1),
                                                        Key("", ""), Write(11)));
  ASSERT_OK_AND_ASSIGN(RelatedParty c,
                       parties_->Create(Outside(2, RelationType::kGuarantor, "担保公司", ""),
                                        Key("", ""), Write(12)));

  ASSERT_OK_AND_ASSIGN(std::vector<RelatedParty> touching_1, parties_->EdgesTouching(Id(1)));
  std::vector<std::string> ids;
  for (const RelatedParty& p : touching_1) {
    ids.push_back(p.related_party_id);
  }
  EXPECT_THAT(ids, UnorderedElementsAre(a.related_party_id, b.related_party_id));
  ASSERT_OK_AND_ASSIGN(std::vector<RelatedParty> touching_2, parties_->EdgesTouching(Id(2)));
  EXPECT_EQ(touching_2.size(), 2u);
  ASSERT_OK_AND_ASSIGN(std::vector<RelatedParty> unknown, parties_->EdgesTouching("nobody"));
  EXPECT_TRUE(unknown.empty());

  ASSERT_OK_AND_ASSIGN(auto name_code, parties_->NameAndCode(Id(3)));
  EXPECT_EQ(name_code.first, SampleCustomer(3).legal_name);
  EXPECT_EQ(name_code.second, SampleCustomer(3).unified_social_credit_code);
  absl::StatusOr<std::pair<std::string, std::string>> missing = parties_->NameAndCode("nobody");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "CUSTOMER_NOT_FOUND");

  ASSERT_OK_AND_ASSIGN(CustomerGroup group,
                       WalkCustomerGroup(Id(1), GroupWalkOptions{}, *parties_));
  EXPECT_FALSE(group.truncated);
  ASSERT_EQ(group.members.size(), 4u);  // 1, 2, 3 and the outside guarantor
  EXPECT_EQ(group.members[0].customer_id, Id(1));
  EXPECT_EQ(group.members[3].display_name, "担保公司");
  EXPECT_EQ(group.members[3].depth, 2);
}

TEST_F(MySqlRelatedPartyRepositoryTest, DeleteRemovesTheEdgeWithAuditAndEvent) {
  ASSERT_OK_AND_ASSIGN(RelatedParty a, parties_->Create(Edge(1, RelationType::kAffiliate, 2),
                                                        Key("", ""), Write(10)));
  ASSERT_OK_AND_ASSIGN(RelatedParty deleted,
                       parties_->Delete(Id(1), a.related_party_id, Write(11)));
  EXPECT_EQ(deleted.related_party_id, a.related_party_id);
  EXPECT_EQ(Count("related_parties"), 0);
  EXPECT_EQ(QueryString("SELECT CONCAT(event_type, ' ', payload) FROM outbox_events "
                        "ORDER BY sequence DESC LIMIT 1"),
            absl::StrCat(kRelatedPartyChangedType, " ", a.related_party_id, "|removed"));
  absl::StatusOr<RelatedParty> again = parties_->Delete(Id(1), a.related_party_id, Write(12));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(again.status()), "RELATED_PARTY_NOT_FOUND");
  AuditQuery q;
  q.action = "related_party.delete";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, customers_->ListAudit(q));
  EXPECT_EQ(audit.items.size(), 1u);
}

TEST_F(MySqlRelatedPartyRepositoryTest, ListPagesAndCreateIsIdempotent) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(
        RelatedParty p,
        parties_->Create(Outside(1, RelationType::kDownstreamBuyer, absl::StrCat("买方", i), ""),
                         Key(absl::StrCat("rp-", i), "fp"), Write(10 + i)));
    ids.push_back(p.related_party_id);
  }
  ASSERT_OK_AND_ASSIGN(RelatedParty replay,
                       parties_->Create(Outside(1, RelationType::kDownstreamBuyer, "买方0", ""),
                                        Key("rp-0", "fp"), Write(20)));
  EXPECT_EQ(replay.related_party_id, ids[0]);
  EXPECT_EQ(Count("related_parties"), 5);

  PageQuery page;
  page.page_size = 2;
  std::vector<std::string> seen;
  while (true) {
    ASSERT_OK_AND_ASSIGN(Page<RelatedParty> p, parties_->List(Id(1), page));
    for (const RelatedParty& party : p.items) {
      seen.push_back(party.related_party_id);
    }
    if (p.next_key.empty()) {
      break;
    }
    page.after_key = p.next_key;
  }
  EXPECT_EQ(seen, ids);
}

}  // namespace
}  // namespace ccrm::customer
