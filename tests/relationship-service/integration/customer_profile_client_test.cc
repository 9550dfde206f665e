// relationship-service's customer-profile client against the real customer-profile binary: the
// caller's token and deadline go along, codes come back as customer-profile gave them.
#include "services/relationship-service/clients/customer_profile_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST(CustomerProfileClientTest, UnreachableIsUnavailable) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  auto stub = cv1::CustomerProfile::NewStub(channel);
  CustomerProfileClient client(stub.get(), &SystemClock::Get(), absl::Seconds(2));
  EXPECT_THAT(client.GetCustomer(As("any"), "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091"),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace ccrm::relationship
