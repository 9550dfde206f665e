#include "services/customer-profile/domain/related_party_service.h"

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

constexpr char kGuarantorName[] = "福建某某融资担保有限公司";
constexpr char kGuarantorCode[] = "914403001922038216";

class RelatedPartyServiceTest : public ServiceTest {
 protected:
  // `related` holds `type` towards `customer_id`.
  static RelatedParty CustomerEdge(const std::string& customer_id, RelationType type,
                                   const std::string& related, int32_t bps = 0) {
    RelatedParty p;
    p.customer_id = customer_id;
    p.relation_type = type;
    p.related_customer_id = related;
    p.shareholding_bps = bps;
    return p;
  }

  static RelatedParty GuarantorEdge(const std::string& customer_id) {
    RelatedParty p;
    p.customer_id = customer_id;
    p.relation_type = RelationType::kGuarantor;
    p.party_name = kGuarantorName;
    p.party_unified_social_credit_code = kGuarantorCode;
    return p;
  }

  RelatedParty MustCreate(const RelatedParty& draft) {
    absl::StatusOr<RelatedParty> created = service_.Create(manager_, draft, {});
    EXPECT_TRUE(created.ok()) << created.status();
    clock_.Advance(absl::Seconds(1));
    return created.value_or(RelatedParty{});
  }

  // Customers a (root), b, c with: b SHAREHOLDER of a, c SUBSIDIARY of b, and an outside
  // guarantor of a.
  void BuildGroup() {
    a_ = NewCustomer(1);
    clock_.Advance(absl::Seconds(1));
    b_ = NewCustomer(2);
    clock_.Advance(absl::Seconds(1));
    c_ = NewCustomer(3);
    clock_.Advance(absl::Seconds(1));
    MustCreate(CustomerEdge(a_, RelationType::kShareholder, b_, 5100));
    MustCreate(CustomerEdge(b_, RelationType::kSubsidiary, c_, 10000));
    MustCreate(GuarantorEdge(a_));
  }

  std::string a_, b_, c_;
  InMemoryRelatedPartyRepository parties_{&customers_};
  RelatedPartyService service_{&parties_, &clock_};
};

std::vector<std::string> MemberNames(const CustomerGroup& group) {
  std::vector<std::string> names;
  for (const GroupMember& m : group.members) {
    names.push_back(m.display_name);
  }
  return names;
}

TEST_F(RelatedPartyServiceTest, CreateCopiesTheRelatedCustomersNameAndCode) {
  const std::string a = NewCustomer(1);
  const std::string b = NewCustomer(2);
  clock_.Advance(absl::Minutes(1));
  RelatedParty draft = CustomerEdge(a, RelationType::kShareholder, b, 3000);
  draft.party_name = "ignored";

  ASSERT_OK_AND_ASSIGN(RelatedParty created, service_.Create(manager_, draft, {}));

  EXPECT_TRUE(IsUuid(created.related_party_id));
  EXPECT_EQ(created.create_time, Start() + absl::Minutes(1));
  EXPECT_EQ(created.party_name, EnterpriseDraft(2).legal_name);
  EXPECT_EQ(created.party_unified_social_credit_code, Uscc(2));
  EXPECT_EQ(created.shareholding_bps, 3000);

  const std::vector<AuditRecord> audits = AuditsOf("related_party.create");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_EQ(audits[0].resource,
            absl::StrCat("customers/", a, "/relatedParties/", created.related_party_id));
  const std::vector<events::OutboxEvent> events = customers_.outbox();
  ASSERT_THAT(events, SizeIs(3));  // two customers, one edge
  EXPECT_EQ(events[2].event_type, kRelatedPartyChangedType);
  EXPECT_EQ(events[2].payload, absl::StrCat(created.related_party_id, "|added"));
}

TEST_F(RelatedPartyServiceTest, CreateRefusesBadEdges) {
  const std::string a = NewCustomer(1);

  absl::StatusOr<RelatedParty> unknown =
      service_.Create(manager_, CustomerEdge(a, RelationType::kAffiliate, "nobody"), {});
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(unknown), "CUSTOMER_NOT_FOUND");

  const std::string b = NewCustomer(2);
  absl::StatusOr<RelatedParty> unspecified =
      service_.Create(manager_, CustomerEdge(a, RelationType::kUnspecified, b), {});
  EXPECT_THAT(unspecified, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(unspecified), ElementsAre("related_party.relation_type"));

  absl::StatusOr<RelatedParty> self =
      service_.Create(manager_, CustomerEdge(a, RelationType::kAffiliate, a), {});
  EXPECT_THAT(self, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(self), ElementsAre("related_party.related_customer_id"));

  absl::StatusOr<RelatedParty> orphan = service_.Create(manager_, GuarantorEdge("nobody"), {});
  EXPECT_THAT(orphan, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(orphan), "CUSTOMER_NOT_FOUND");

  EXPECT_THAT(AuditsOf("related_party.create"), IsEmpty());
}

TEST_F(RelatedPartyServiceTest, TheSameRelationToTheSamePartyIsRecordedOnce) {
  const std::string a = NewCustomer(1);
  const std::string b = NewCustomer(2);
  MustCreate(CustomerEdge(a, RelationType::kShareholder, b, 5100));
  MustCreate(GuarantorEdge(a));

  absl::StatusOr<RelatedParty> again =
      service_.Create(manager_, CustomerEdge(a, RelationType::kShareholder, b, 2000), {});
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ReasonOf(again), "RELATED_PARTY_ALREADY_EXISTS");

  RelatedParty renamed = GuarantorEdge(a);
  renamed.party_name = "同一担保公司的别名";  // same code: the same party
  absl::StatusOr<RelatedParty> same_code = service_.Create(manager_, renamed, {});
  EXPECT_THAT(same_code, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ReasonOf(same_code), "RELATED_PARTY_ALREADY_EXISTS");

  // Another relation to the same party is a new edge.
  EXPECT_OK(service_.Create(manager_, CustomerEdge(a, RelationType::kAffiliate, b), {}).status());
}

TEST_F(RelatedPartyServiceTest, CreateUnderAnArchivedCustomerFails) {
  const std::string a = NewCustomer(1);
  ASSERT_OK(customer_service_.Archive(manager_, a, "", "duplicate").status());
  absl::StatusOr<RelatedParty> created = service_.Create(manager_, GuarantorEdge(a), {});
  EXPECT_THAT(created, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(created), "CUSTOMER_ARCHIVED");
}

TEST_F(RelatedPartyServiceTest, CreateIsIdempotentPerRequestId) {
  const std::string a = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(RelatedParty first,
                       service_.Create(manager_, GuarantorEdge(a), {"e-1", "x"}));
  ASSERT_OK_AND_ASSIGN(RelatedParty replay,
                       service_.Create(manager_, GuarantorEdge(a), {"e-1", "x"}));
  EXPECT_EQ(replay.related_party_id, first.related_party_id);
  absl::StatusOr<RelatedParty> reused = service_.Create(manager_, GuarantorEdge(a), {"e-1", "y"});
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
  EXPECT_THAT(AuditsOf("related_party.create"), SizeIs(1));
}

TEST_F(RelatedPartyServiceTest, ListPagesAndDeleteRecordsTheRemoval) {
  BuildGroup();
  ASSERT_OK_AND_ASSIGN(RelatedPartyList first, service_.List(manager_, a_, "", 1));
  ASSERT_THAT(first.related_parties, SizeIs(1));
  EXPECT_EQ(first.related_parties[0].relation_type, RelationType::kShareholder);
  ASSERT_OK_AND_ASSIGN(RelatedPartyList second,
                       service_.List(manager_, a_, first.next_page_token, 1));
  ASSERT_THAT(second.related_parties, SizeIs(1));
  EXPECT_EQ(second.related_parties[0].relation_type, RelationType::kGuarantor);
  EXPECT_EQ(second.next_page_token, "");

  absl::StatusOr<RelatedPartyList> foreign = service_.List(manager_, b_, first.next_page_token, 1);
  EXPECT_THAT(foreign, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(foreign), ElementsAre("page_token"));

  const std::string guarantor_id = second.related_parties[0].related_party_id;
  ASSERT_OK_AND_ASSIGN(RelatedParty deleted, service_.Delete(manager_, a_, guarantor_id));
  EXPECT_EQ(deleted.party_name, kGuarantorName);
  ASSERT_OK_AND_ASSIGN(RelatedPartyList after, service_.List(manager_, a_, "", 0));
  EXPECT_THAT(after.related_parties, SizeIs(1));
  EXPECT_THAT(AuditsOf("related_party.delete"), SizeIs(1));
  EXPECT_EQ(customers_.outbox().back().payload, absl::StrCat(guarantor_id, "|removed"));

  absl::StatusOr<RelatedParty> again = service_.Delete(manager_, a_, guarantor_id);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(again), "RELATED_PARTY_NOT_FOUND");
  // An edge is deleted under the customer it is recorded on only.
  absl::StatusOr<RelatedParty> wrong_customer =
      service_.Delete(manager_, b_, first.related_parties[0].related_party_id);
  EXPECT_THAT(wrong_customer, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(wrong_customer), "RELATED_PARTY_NOT_FOUND");
}

TEST_F(RelatedPartyServiceTest, GroupWalksBothDirectionsToTheDefaultDepth) {
  BuildGroup();

  ASSERT_OK_AND_ASSIGN(CustomerGroup group, service_.Group(manager_, a_, {}, 0));

  EXPECT_EQ(group.root_customer_id, a_);
  EXPECT_FALSE(group.truncated);
  ASSERT_THAT(group.members, SizeIs(4));
  EXPECT_EQ(group.members[0].customer_id, a_);
  EXPECT_EQ(group.members[0].depth, 0);
  EXPECT_EQ(group.members[1].customer_id, b_);
  EXPECT_EQ(group.members[1].depth, 1);
  EXPECT_EQ(group.members[1].display_name, EnterpriseDraft(2).legal_name);
  EXPECT_THAT(group.members[1].paths,
              ElementsAre(absl::StrCat("customers/", a_, " -SHAREHOLDER-> customers/", b_)));
  EXPECT_EQ(group.members[2].customer_id, "");
  EXPECT_EQ(group.members[2].display_name, kGuarantorName);
  EXPECT_EQ(group.members[2].unified_social_credit_code, kGuarantorCode);
  EXPECT_EQ(group.members[2].depth, 1);
  EXPECT_EQ(group.members[3].customer_id, c_);
  EXPECT_EQ(group.members[3].depth, 2);
  EXPECT_THAT(group.members[3].paths,
              ElementsAre(absl::StrCat("customers/", a_, " -SHAREHOLDER-> customers/", b_,
                                       " -SUBSIDIARY-> customers/", c_)));

  // From the subsidiary, the edges are followed against their direction.
  ASSERT_OK_AND_ASSIGN(CustomerGroup from_c, service_.Group(manager_, c_, {}, 0));
  ASSERT_THAT(from_c.members, SizeIs(4));
  EXPECT_EQ(from_c.members[1].customer_id, b_);
  EXPECT_THAT(from_c.members[1].paths,
              ElementsAre(absl::StrCat("customers/", c_, " <-SUBSIDIARY- customers/", b_)));
  EXPECT_EQ(from_c.members[2].customer_id, a_);
  EXPECT_EQ(from_c.members[3].display_name, kGuarantorName);
  EXPECT_EQ(from_c.members[3].depth, 3);
}

TEST_F(RelatedPartyServiceTest, GroupHonoursDepthAndRelationTypes) {
  BuildGroup();

  ASSERT_OK_AND_ASSIGN(CustomerGroup shallow, service_.Group(manager_, a_, {}, 1));
  EXPECT_TRUE(shallow.truncated);
  EXPECT_THAT(MemberNames(shallow), ElementsAre(EnterpriseDraft(1).legal_name,
                                                EnterpriseDraft(2).legal_name, kGuarantorName));

  ASSERT_OK_AND_ASSIGN(CustomerGroup guarantors,
                       service_.Group(manager_, a_, {RelationType::kGuarantor}, 0));
  EXPECT_FALSE(guarantors.truncated);
  EXPECT_THAT(MemberNames(guarantors), ElementsAre(EnterpriseDraft(1).legal_name, kGuarantorName));

  // A customer without edges is a group of one.
  const std::string loner = NewCustomer(9);
  ASSERT_OK_AND_ASSIGN(CustomerGroup alone, service_.Group(manager_, loner, {}, 0));
  ASSERT_THAT(alone.members, SizeIs(1));
  EXPECT_EQ(alone.members[0].unified_social_credit_code, Uscc(9));
}

TEST_F(RelatedPartyServiceTest, GroupValidatesItsInput) {
  BuildGroup();

  absl::StatusOr<CustomerGroup> unknown = service_.Group(manager_, "nobody", {}, 0);
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(unknown), "CUSTOMER_NOT_FOUND");

  for (int depth : {-1, kMaxGroupDepth + 1}) {
    absl::StatusOr<CustomerGroup> bad = service_.Group(manager_, a_, {}, depth);
    EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument)) << depth;
    EXPECT_THAT(ViolationFields(bad), ElementsAre("max_depth")) << depth;
  }
  EXPECT_OK(service_.Group(manager_, a_, {}, kMaxGroupDepth).status());

  absl::StatusOr<CustomerGroup> unspecified =
      service_.Group(manager_, a_, {RelationType::kShareholder, RelationType::kUnspecified}, 0);
  EXPECT_THAT(unspecified, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(unspecified), ElementsAre("relation_types"));
}

}  // namespace
}  // namespace ccrm::customer
