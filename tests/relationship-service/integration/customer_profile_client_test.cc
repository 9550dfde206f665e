// relationship-service's customer-profile client against the real customer-profile binary: the
// caller's token and deadline go along, codes come back as customer-profile gave them, related
// parties are counted by relation and projects are seen.
#include "services/relationship-service/clients/customer_profile_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "tests/customer-profile/integration/customer_profile_env.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;
namespace cv1 = ::ccrm::customer::v1;

CCRM_CUSTOMER_PROFILE_SHARED_SERVICE(customer::itest::EnvOptions{});

CallIdentity As(const std::string& token, absl::Time deadline = absl::InfiniteFuture()) {
  return CallIdentity{"Bearer " + token, "req-client-test", deadline};
}

TEST(CustomerProfileClientTest, ReadsSegmentAndTierWithTheCallersToken) {
  customer::itest::CustomerProfileEnv& env = customer::itest::SharedEnv();
  cv1::CreateCustomerRequest create;
  *create.mutable_customer() = customer::itest::KeyEnterprise("关系测试企业");
  ASSERT_OK_AND_ASSIGN(cv1::Customer created,
                       env.Call(&customer::itest::Stub::CreateCustomer,
                                env.TokenFor(roles::kRelationshipManager), create));

  CustomerProfileClient client(&env.stub(), &SystemClock::Get(), absl::Seconds(5));
  ASSERT_OK_AND_ASSIGN(
      CustomerSummary summary,
      client.GetCustomer(As(env.TokenFor(roles::kRelationshipManager)), created.customer_id()));
  EXPECT_EQ(summary.customer_id, created.customer_id());
  EXPECT_EQ(summary.segment, Segment::kKey);
  EXPECT_EQ(summary.tier, 1);
  EXPECT_EQ(summary.industry_code, "C3011");
  EXPECT_FALSE(summary.archived);

  // customer-profile judges the caller's own token: no roles, no customer.
  EXPECT_THAT(client.GetCustomer(As(env.Token("nobody", {})), created.customer_id()),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("customer-profile: ")));
  EXPECT_THAT(client.GetCustomer(As(env.TokenFor(roles::kRelationshipManager)),
                                 "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("customer-profile: ")));
  // The caller's deadline, when it has already passed, is the one that counts.
  EXPECT_THAT(client.GetCustomer(
                  As(env.TokenFor(roles::kRelationshipManager), absl::Now() - absl::Seconds(1)),
                  created.customer_id()),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

absl::StatusOr<cv1::Customer> CreateCustomer(const cv1::Customer& customer) {
  cv1::CreateCustomerRequest create;
  *create.mutable_customer() = customer;
  customer::itest::CustomerProfileEnv& env = customer::itest::SharedEnv();
  return env.Call(&customer::itest::Stub::CreateCustomer, env.TokenFor(roles::kRelationshipManager),
                  create);
}

// A related party of `on`: the bank's customer `related_customer_id`, or (when that is empty) an
// outside party with a fresh unified social credit code.
absl::Status Relate(const cv1::Customer& on, cv1::RelationType type,
                    const std::string& related_customer_id, int shareholding_bps = 0) {
  cv1::CreateRelatedPartyRequest request;
  request.set_parent(on.name());
  cv1::RelatedParty* party = request.mutable_related_party();
  party->set_relation_type(type);
  party->set_related_customer_id(related_customer_id);
  if (related_customer_id.empty()) {
    party->set_party_name(absl::StrCat("外部往来单位 ", customer::itest::NextSerial()));
    party->set_party_unified_social_credit_code(customer::itest::NextUscc());
  }
  party->set_shareholding_bps(shareholding_bps);
  customer::itest::CustomerProfileEnv& env = customer::itest::SharedEnv();
  return env
      .Call(&customer::itest::Stub::CreateRelatedParty, env.TokenFor(roles::kRelationshipManager),
            request)
      .status();
}

TEST(CustomerProfileClientTest, CountsTradePartnersSubsidiariesAndSeesProjects) {
  customer::itest::CustomerProfileEnv& env = customer::itest::SharedEnv();
  ASSERT_OK_AND_ASSIGN(cv1::Customer customer,
                       CreateCustomer(customer::itest::KeyEnterprise("供应链测试集团")));
  ASSERT_OK_AND_ASSIGN(cv1::Customer buyer,
                       CreateCustomer(customer::itest::SmeEnterprise("下游采购企业")));
  ASSERT_OK_AND_ASSIGN(cv1::Customer subsidiary,
                       CreateCustomer(customer::itest::SmeEnterprise("控股子公司")));
  ASSERT_OK_AND_ASSIGN(cv1::Customer bare,
                       CreateCustomer(customer::itest::FirstTimeBorrower("无关联企业")));
  // Two outside suppliers, one buyer that banks with us, one subsidiary, and relations that
  // count for nothing here (a shareholder, a guarantor).
  ASSERT_OK(Relate(customer, cv1::RELATION_TYPE_UPSTREAM_SUPPLIER, ""));
  ASSERT_OK(Relate(customer, cv1::RELATION_TYPE_UPSTREAM_SUPPLIER, ""));
  ASSERT_OK(Relate(customer, cv1::RELATION_TYPE_DOWNSTREAM_BUYER, buyer.customer_id()));
  ASSERT_OK(Relate(customer, cv1::RELATION_TYPE_SUBSIDIARY, subsidiary.customer_id(), 6000));
  ASSERT_OK(Relate(customer, cv1::RELATION_TYPE_SHAREHOLDER, "", 2000));
  ASSERT_OK(Relate(customer, cv1::RELATION_TYPE_GUARANTOR, bare.customer_id()));
  cv1::CreateProjectRequest project;
  project.set_parent(customer.name());
  project.mutable_project()->set_project_name("智能仓储基地建设项目");
  *project.mutable_project()->mutable_total_investment() = customer::itest::Cny(80'000'000);
  ASSERT_OK(env.Call(&customer::itest::Stub::CreateProject,
                     env.TokenFor(roles::kRelationshipManager), project)
                .status());

  CustomerProfileClient client(&env.stub(), &SystemClock::Get(), absl::Seconds(5));
  const CallIdentity rm = As(env.TokenFor(roles::kRelationshipManager));
  ASSERT_OK_AND_ASSIGN(CustomerRelations relations,
                       client.GetRelations(rm, customer.customer_id()));
  EXPECT_EQ(relations.upstream_partners, 2);
  EXPECT_EQ(relations.downstream_partners, 1);
  EXPECT_EQ(relations.subsidiaries, 1);
  EXPECT_TRUE(relations.has_projects);

  // The relation is the customer's own: the buyer is not the customer's supplier in reverse.
  ASSERT_OK_AND_ASSIGN(CustomerRelations of_buyer, client.GetRelations(rm, buyer.customer_id()));
  EXPECT_EQ(of_buyer.upstream_partners, 0);
  EXPECT_EQ(of_buyer.downstream_partners, 0);
  EXPECT_EQ(of_buyer.subsidiaries, 0);
  EXPECT_FALSE(of_buyer.has_projects);

  // employee_count comes along with the customer.
  ASSERT_OK_AND_ASSIGN(CustomerSummary summary, client.GetCustomer(rm, customer.customer_id()));
  EXPECT_GT(customer.employee_count(), 0);
  EXPECT_EQ(summary.employee_count, customer.employee_count());

  EXPECT_THAT(client.GetRelations(As(env.Token("nobody", {})), customer.customer_id()),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("customer-profile: ")));
  EXPECT_THAT(client.GetRelations(
                  As(env.TokenFor(roles::kRelationshipManager), absl::Now() - absl::Seconds(1)),
                  customer.customer_id()),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST(CustomerProfileClientTest, UnreachableIsUnavailable) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  auto stub = cv1::CustomerProfile::NewStub(channel);
  CustomerProfileClient client(stub.get(), &SystemClock::Get(), absl::Seconds(2));
  EXPECT_THAT(client.GetCustomer(As("any"), "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091"),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(client.GetRelations(As("any"), "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091"),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace ccrm::relationship
