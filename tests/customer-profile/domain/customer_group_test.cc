#include "services/customer-profile/domain/customer_group.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/testing/status_matchers.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// An in-memory graph that records which customers were expanded.
class FakeGraph final : public RelatedPartyGraph {
 public:
  void AddCustomer(const std::string& id, std::string name = "", std::string code = "") {
    names_[id] = {name.empty() ? "name of " + id : std::move(name), std::move(code)};
  }
  // Edge recorded on `on`: `related` stands in `type` to `on`.
  void Relate(const std::string& on, RelationType type, const std::string& related) {
    RelatedParty e;
    e.customer_id = on;
    e.relation_type = type;
    e.related_customer_id = related;
    e.related_party_id = "rp-" + std::to_string(edges_.size());
    edges_.push_back(e);
  }
  void RelateOutside(const std::string& on, RelationType type, const std::string& name,
                     const std::string& code = "") {
    RelatedParty e;
    e.customer_id = on;
    e.relation_type = type;
    e.party_name = name;
    e.party_unified_social_credit_code = code;
    e.related_party_id = "rp-" + std::to_string(edges_.size());
    edges_.push_back(e);
  }
  void AddRawEdge(RelatedParty e) { edges_.push_back(std::move(e)); }
  void Reverse() { std::reverse(edges_.begin(), edges_.end()); }
  void FailEdgesOf(const std::string& id, absl::Status status) { failures_[id] = status; }

  absl::StatusOr<std::vector<RelatedParty>> EdgesTouching(const std::string& id) override {
    expanded_.push_back(id);
    if (auto it = failures_.find(id); it != failures_.end()) {
      return it->second;
    }
    std::vector<RelatedParty> out;
    for (const RelatedParty& e : edges_) {
      if (e.customer_id == id || e.related_customer_id == id) {
        out.push_back(e);
      }
    }
    return out;
  }
  absl::StatusOr<std::pair<std::string, std::string>> NameAndCode(const std::string& id) override {
    auto it = names_.find(id);
    if (it == names_.end()) {
      return absl::NotFoundError("customer not found: " + id);
    }
    return it->second;
  }

  const std::vector<std::string>& expanded() const { return expanded_; }

 private:
  std::map<std::string, std::pair<std::string, std::string>> names_;
  std::vector<RelatedParty> edges_;
  std::map<std::string, absl::Status> failures_;
  std::vector<std::string> expanded_;
};

constexpr RelationType kShareholder = RelationType::kShareholder;
constexpr RelationType kSubsidiary = RelationType::kSubsidiary;
constexpr RelationType kGuarantor = RelationType::kGuarantor;
constexpr RelationType kAffiliate = RelationType::kAffiliate;

// "id@depth" for each member, in order.
std::vector<std::string> Summary(const CustomerGroup& g) {
  std::vector<std::string> out;
  for (const GroupMember& m : g.members) {
    out.push_back((m.customer_id.empty() ? m.display_name : m.customer_id) + "@" +
                  std::to_string(m.depth));
  }
  return out;
}

const GroupMember* Find(const CustomerGroup& g, const std::string& key) {
  for (const GroupMember& m : g.members) {
    if (m.customer_id == key || (m.customer_id.empty() && m.display_name == key)) {
      return &m;
    }
  }
  return nullptr;
}

FakeGraph Customers(std::initializer_list<const char*> ids) {
  FakeGraph g;
  for (const char* id : ids) {
    g.AddCustomer(id);
  }
  return g;
}

TEST(WalkCustomerGroupTest, LoneCustomer) {
  FakeGraph graph;
  graph.AddCustomer("a", "福建某某建设有限公司", "91350100M000100Y43");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  EXPECT_EQ(g.root_customer_id, "a");
  ASSERT_EQ(g.members.size(), 1u);
  EXPECT_EQ(g.members[0].customer_id, "a");
  EXPECT_EQ(g.members[0].display_name, "福建某某建设有限公司");
  EXPECT_EQ(g.members[0].unified_social_credit_code, "91350100M000100Y43");
  EXPECT_EQ(g.members[0].depth, 0);
  EXPECT_THAT(g.members[0].paths, IsEmpty());
  EXPECT_FALSE(g.truncated);
}

TEST(WalkCustomerGroupTest, BadRequests) {
  FakeGraph graph = Customers({"a"});
  EXPECT_THAT(WalkCustomerGroup("", {}, graph), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(WalkCustomerGroup("nobody", {}, graph), StatusIs(absl::StatusCode::kNotFound));
  GroupWalkOptions options;
  options.max_depth = -1;
  EXPECT_THAT(WalkCustomerGroup("a", options, graph), StatusIs(absl::StatusCode::kInvalidArgument));
  options = {};
  options.max_members = 0;
  EXPECT_THAT(WalkCustomerGroup("a", options, graph), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(WalkCustomerGroupTest, ChainFollowsRecordedDirection) {
  FakeGraph graph = Customers({"a", "b", "c"});
  graph.Relate("a", kSubsidiary, "b");
  graph.Relate("b", kSubsidiary, "c");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1", "c@2"));
  EXPECT_THAT(Find(g, "b")->paths, ElementsAre("customers/a -SUBSIDIARY-> customers/b"));
  EXPECT_THAT(Find(g, "c")->paths,
              ElementsAre("customers/a -SUBSIDIARY-> customers/b -SUBSIDIARY-> customers/c"));
  EXPECT_EQ(Find(g, "b")->display_name, "name of b");
  EXPECT_FALSE(g.truncated);
}

TEST(WalkCustomerGroupTest, WalksAgainstTheRecordedDirectionToo) {
  FakeGraph graph = Customers({"a", "b", "c"});
  graph.Relate("a", kSubsidiary, "b");
  graph.Relate("b", kSubsidiary, "c");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("c", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("c@0", "b@1", "a@2"));
  EXPECT_THAT(Find(g, "a")->paths,
              ElementsAre("customers/c <-SUBSIDIARY- customers/b <-SUBSIDIARY- customers/a"));
}

TEST(WalkCustomerGroupTest, CycleVisitsEachOnce) {
  FakeGraph graph = Customers({"a", "b", "c"});
  graph.Relate("a", kShareholder, "b");
  graph.Relate("b", kShareholder, "c");
  graph.Relate("c", kShareholder, "a");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1", "c@1"));
  EXPECT_THAT(Find(g, "c")->paths, ElementsAre("customers/a <-SHAREHOLDER- customers/c"));
  EXPECT_FALSE(g.truncated);
}

TEST(WalkCustomerGroupTest, DiamondKeepsBothShortestPaths) {
  FakeGraph graph = Customers({"a", "b", "c", "d"});
  graph.Relate("a", kSubsidiary, "c");
  graph.Relate("a", kSubsidiary, "b");
  graph.Relate("b", kSubsidiary, "d");
  graph.Relate("c", kSubsidiary, "d");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1", "c@1", "d@2"));
  EXPECT_THAT(Find(g, "d")->paths,
              ElementsAre("customers/a -SUBSIDIARY-> customers/b -SUBSIDIARY-> customers/d",
                          "customers/a -SUBSIDIARY-> customers/c -SUBSIDIARY-> customers/d"));
}

TEST(WalkCustomerGroupTest, AtMostThreePaths) {
  FakeGraph graph = Customers({"a", "b1", "b2", "b3", "b4", "d"});
  for (const char* b : {"b4", "b2", "b1", "b3"}) {
    graph.Relate("a", kSubsidiary, b);
    graph.Relate(b, kSubsidiary, "d");
  }
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  EXPECT_THAT(Find(g, "d")->paths,
              ElementsAre("customers/a -SUBSIDIARY-> customers/b1 -SUBSIDIARY-> customers/d",
                          "customers/a -SUBSIDIARY-> customers/b2 -SUBSIDIARY-> customers/d",
                          "customers/a -SUBSIDIARY-> customers/b3 -SUBSIDIARY-> customers/d"));
}

TEST(WalkCustomerGroupTest, TwoRelationsBetweenTheSamePairAreTwoPaths) {
  FakeGraph graph = Customers({"a", "b"});
  graph.Relate("a", kGuarantor, "b");
  graph.Relate("a", kShareholder, "b");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1"));
  EXPECT_THAT(Find(g, "b")->paths, ElementsAre("customers/a -GUARANTOR-> customers/b",
                                               "customers/a -SHAREHOLDER-> customers/b"));
}

TEST(WalkCustomerGroupTest, RelationFilter) {
  FakeGraph graph = Customers({"a", "b", "c", "d"});
  graph.Relate("a", kShareholder, "b");
  graph.Relate("a", kGuarantor, "c");
  graph.Relate("b", kGuarantor, "d");
  GroupWalkOptions options;
  options.relation_types = {kShareholder};
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1"));
  EXPECT_FALSE(g.truncated);

  options.relation_types = {kShareholder, kGuarantor};
  ASSERT_OK_AND_ASSIGN(g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1", "c@1", "d@2"));
}

TEST(WalkCustomerGroupTest, DepthLimitTruncates) {
  FakeGraph graph = Customers({"a", "b", "c", "d"});
  graph.Relate("a", kSubsidiary, "b");
  graph.Relate("b", kSubsidiary, "c");
  graph.Relate("c", kSubsidiary, "d");
  GroupWalkOptions options;
  options.max_depth = 2;
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1", "c@2"));
  EXPECT_TRUE(g.truncated);

  options.max_depth = 3;
  ASSERT_OK_AND_ASSIGN(g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1", "c@2", "d@3"));
  EXPECT_FALSE(g.truncated);

  options.max_depth = 0;
  ASSERT_OK_AND_ASSIGN(g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0"));
  EXPECT_TRUE(g.truncated);
}

TEST(WalkCustomerGroupTest, DepthLimitIgnoresEdgesBackIntoTheGroup) {
  // c's only edges lead back to members: the group is complete at depth 2.
  FakeGraph graph = Customers({"a", "b", "c"});
  graph.Relate("a", kSubsidiary, "b");
  graph.Relate("b", kSubsidiary, "c");
  graph.Relate("c", kGuarantor, "a");
  GroupWalkOptions options;
  options.max_depth = 1;
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "b@1", "c@1"));
  EXPECT_FALSE(g.truncated);
}

TEST(WalkCustomerGroupTest, MemberLimitTruncatesDeterministically) {
  FakeGraph graph = Customers({"a", "s1", "s2", "s3", "s4", "s5"});
  for (const char* s : {"s5", "s3", "s1", "s4", "s2"}) {
    graph.Relate("a", kSubsidiary, s);
  }
  GroupWalkOptions options;
  options.max_members = 3;
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0", "s1@1", "s2@1"));
  EXPECT_TRUE(g.truncated);

  options.max_members = 6;
  ASSERT_OK_AND_ASSIGN(g, WalkCustomerGroup("a", options, graph));
  EXPECT_EQ(g.members.size(), 6u);
  EXPECT_FALSE(g.truncated);

  options.max_members = 1;
  ASSERT_OK_AND_ASSIGN(g, WalkCustomerGroup("a", options, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0"));
  EXPECT_TRUE(g.truncated);
}

TEST(WalkCustomerGroupTest, OutsidePartiesAreLeaves) {
  FakeGraph graph = Customers({"r", "a", "b"});
  graph.Relate("r", kSubsidiary, "a");
  graph.Relate("r", kSubsidiary, "b");
  graph.RelateOutside("a", kGuarantor, "福建某某融资担保有限公司", "914403001922038216");
  graph.RelateOutside("b", kGuarantor, "某某担保", "914403001922038216");  // same party
  graph.RelateOutside("r", kShareholder, "张三");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("r", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("r@0", "a@1", "b@1", "张三@1", "福建某某融资担保有限公司@2"));

  const GroupMember* person = Find(g, "张三");
  EXPECT_EQ(person->unified_social_credit_code, "");
  EXPECT_THAT(person->paths, ElementsAre("customers/r -SHAREHOLDER-> 张三"));

  const GroupMember* guarantor = Find(g, "福建某某融资担保有限公司");
  ASSERT_NE(guarantor, nullptr);
  EXPECT_EQ(guarantor->customer_id, "");
  EXPECT_EQ(guarantor->unified_social_credit_code, "914403001922038216");
  EXPECT_THAT(guarantor->paths,
              ElementsAre("customers/r -SUBSIDIARY-> customers/a -GUARANTOR-> "
                          "福建某某融资担保有限公司 (914403001922038216)",
                          "customers/r -SUBSIDIARY-> customers/b -GUARANTOR-> 某某担保 "
                          "(914403001922038216)"));
  // Only customers are expanded.
  std::vector<std::string> expanded = graph.expanded();
  std::sort(expanded.begin(), expanded.end());
  EXPECT_THAT(expanded, ElementsAre("a", "b", "r"));
}

TEST(WalkCustomerGroupTest, OutsidePartyWithOnlyACode) {
  FakeGraph graph = Customers({"r"});
  graph.RelateOutside("r", kGuarantor, "", "91440300708461136T");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("r", {}, graph));
  ASSERT_EQ(g.members.size(), 2u);
  EXPECT_EQ(g.members[1].display_name, "91440300708461136T");
  EXPECT_EQ(g.members[1].unified_social_credit_code, "91440300708461136T");
  EXPECT_THAT(g.members[1].paths, ElementsAre("customers/r -GUARANTOR-> 91440300708461136T"));
}

TEST(WalkCustomerGroupTest, OrderIsDepthThenCustomersByIdThenOutsidePartiesByName) {
  FakeGraph graph = Customers({"r", "m", "k"});
  graph.RelateOutside("r", kShareholder, "乙");
  graph.Relate("r", RelationType::kAffiliate, "m");
  graph.RelateOutside("r", kShareholder, "甲");
  graph.Relate("r", kSubsidiary, "k");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("r", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("r@0", "k@1", "m@1", "乙@1", "甲@1"));
}

TEST(WalkCustomerGroupTest, SameResultWhateverOrderTheGraphReturnsEdges) {
  FakeGraph graph = Customers({"r", "a", "b", "c", "d"});
  graph.Relate("r", kSubsidiary, "a");
  graph.Relate("b", kShareholder, "r");
  graph.Relate("a", kGuarantor, "c");
  graph.Relate("b", kGuarantor, "c");
  graph.Relate("c", kSubsidiary, "d");
  graph.RelateOutside("a", kShareholder, "外部甲", "914403001922038216");
  graph.RelateOutside("b", kShareholder, "外部甲(简称)", "914403001922038216");
  ASSERT_OK_AND_ASSIGN(CustomerGroup forward, WalkCustomerGroup("r", {}, graph));
  graph.Reverse();
  ASSERT_OK_AND_ASSIGN(CustomerGroup backward, WalkCustomerGroup("r", {}, graph));
  ASSERT_EQ(forward.members.size(), backward.members.size());
  for (size_t i = 0; i < forward.members.size(); ++i) {
    EXPECT_EQ(forward.members[i].customer_id, backward.members[i].customer_id);
    EXPECT_EQ(forward.members[i].display_name, backward.members[i].display_name);
    EXPECT_EQ(forward.members[i].depth, backward.members[i].depth);
    EXPECT_EQ(forward.members[i].paths, backward.members[i].paths);
  }
  EXPECT_THAT(Summary(forward), ElementsAre("r@0", "a@1", "b@1", "c@2", "外部甲@2", "d@3"));
}

TEST(WalkCustomerGroupTest, CustomerTheGraphCannotNameIsStillAMember) {
  FakeGraph graph = Customers({"a"});
  RelatedParty e;
  e.customer_id = "a";
  e.relation_type = kSubsidiary;
  e.related_customer_id = "gone";
  e.party_name = "已注销子公司";
  e.party_unified_social_credit_code = "91440300708461136T";
  graph.AddRawEdge(e);
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  ASSERT_EQ(g.members.size(), 2u);
  EXPECT_EQ(g.members[1].customer_id, "gone");
  EXPECT_EQ(g.members[1].display_name, "已注销子公司");
  EXPECT_EQ(g.members[1].unified_social_credit_code, "91440300708461136T");
}

TEST(WalkCustomerGroupTest, GraphErrorsPropagate) {
  FakeGraph graph = Customers({"a", "b"});
  graph.Relate("a", kSubsidiary, "b");
  graph.FailEdgesOf("b", absl::UnavailableError("database down"));
  EXPECT_THAT(WalkCustomerGroup("a", {}, graph), StatusIs(absl::StatusCode::kUnavailable));
}

TEST(WalkCustomerGroupTest, IgnoresSelfEdgesAndEmptyOutsideParties) {
  FakeGraph graph = Customers({"a"});
  graph.Relate("a", kAffiliate, "a");
  graph.RelateOutside("a", kGuarantor, "", "");
  ASSERT_OK_AND_ASSIGN(CustomerGroup g, WalkCustomerGroup("a", {}, graph));
  EXPECT_THAT(Summary(g), ElementsAre("a@0"));
  EXPECT_FALSE(g.truncated);
}

TEST(RelationTypeLabelTest, MatchesTheProtoEnum) {
  EXPECT_EQ(RelationTypeLabel(RelationType::kShareholder), "SHAREHOLDER");
  EXPECT_EQ(RelationTypeLabel(RelationType::kSubsidiary), "SUBSIDIARY");
  EXPECT_EQ(RelationTypeLabel(RelationType::kActualController), "ACTUAL_CONTROLLER");
  EXPECT_EQ(RelationTypeLabel(RelationType::kGuarantor), "GUARANTOR");
  EXPECT_EQ(RelationTypeLabel(RelationType::kAffiliate), "AFFILIATE");
  EXPECT_EQ(RelationTypeLabel(RelationType::kUpstreamSupplier), "UPSTREAM_SUPPLIER");
  EXPECT_EQ(RelationTypeLabel(RelationType::kDownstreamBuyer), "DOWNSTREAM_BUYER");
  EXPECT_EQ(RelationTypeLabel(RelationType::kUnspecified), "UNSPECIFIED");
}

}  // namespace
}  // namespace ccrm::customer
