// credit-rating when customer-profile is down or slow: calls fail fast with UNAVAILABLE /
// DEADLINE_EXCEEDED and nothing is written; once customer-profile is back, rating works again.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/testing/status_matchers.h"
#include "tests/credit-rating/integration/credit_rating_env.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::rating::itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
using ::ccrm::testing::StatusIs;

CCRM_CREDIT_RATING_SHARED_SERVICES(RatingEnvOptions{});

// A TCP port that accepts connections (the kernel completes the handshake) but never speaks:
// what a hung peer looks like.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    listen(fd_, 16);
    socklen_t length = sizeof(address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A port nothing listens on.
int ClosedPort() {
  SilentListener probe;
  return probe.port();
}

v1::RateCustomerRequest RateRequest(const std::string& customer) {
  v1::RateCustomerRequest request;
  request.set_customer(customer);
  v1::QualitativeInputs& q = *request.mutable_qualitative();
  q.set_management_quality(v1::ASSESSMENT_ADEQUATE);
  q.set_market_position(v1::ASSESSMENT_ADEQUATE);
  q.set_industry_outlook(v1::ASSESSMENT_ADEQUATE);
  q.set_guarantee_strength(v1::ASSESSMENT_ADEQUATE);
  return request;
}

int CountRatings(CreditRatingEnv& env, const std::string& customer) {
  v1::ListRatingsRequest list;
  list.set_parent(customer);
  absl::StatusOr<v1::ListRatingsResponse> response =
      env.Call(&RatingStub::ListRatings, env.TokenFor(roles::kCreditAnalyst), list);
  EXPECT_OK(response.status());
  return response.ok() ? response->ratings_size() : -1;
}

TEST(CustomerProfileFaultsTest, DownOrSlowFailsFastAndWritesNothing) {
  CreditRatingEnv& env = SharedRatingEnv();
  cv1::CreateCustomerRequest create;
  *create.mutable_customer() = customer::itest::KeyEnterprise("故障测试企业");
  ASSERT_OK_AND_ASSIGN(cv1::Customer customer,
                       CallWithToken(env.customers(), &CustomerStub::CreateCustomer,
                                     env.TokenFor(roles::kRelationshipManager), create));
  const std::string analyst = env.TokenFor(roles::kCreditAnalyst);

  // customer-profile hangs: the call is cut at credit-rating's 500 ms timeout.
  SilentListener silent;
  ASSERT_OK(env.Restart({absl::StrCat("--customer_profile_address=127.0.0.1:", silent.port()),
                         "--customer_profile_timeout=500ms"}));
  absl::Time start = absl::Now();
  EXPECT_THAT(env.Call(&RatingStub::RateCustomer, analyst, RateRequest(customer.name())),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  const absl::Duration slow_elapsed = absl::Now() - start;

  // customer-profile is down: refused at once.
  ASSERT_OK(env.Restart({absl::StrCat("--customer_profile_address=127.0.0.1:", ClosedPort()),
                         "--customer_profile_timeout=2s"}));
  EXPECT_THAT(env.Call(&RatingStub::RateCustomer, analyst, RateRequest(customer.name())),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(CountRatings(env, customer.name()), 0) << "nothing may be half-written";
  // Not a timing assertion on speed, a bound on hanging: 500 ms timeout, minutes would be a bug.
  EXPECT_LT(slow_elapsed, absl::Seconds(20));

  // Back to the real customer-profile: the customer is found again (no statements yet).
  ASSERT_OK(env.Restart());
  EXPECT_THAT(env.Call(&RatingStub::RateCustomer, analyst, RateRequest(customer.name())),
              FailsWith(absl::StatusCode::kFailedPrecondition, "NO_USABLE_STATEMENTS"));
}

TEST(CustomerProfileFaultsTest, TheCallersIdentityIsPassedOn) {
  CreditRatingEnv& env = SharedRatingEnv();
  // An auditor may read ratios (credit-rating's table) and customers (customer-profile's): the
  // call goes through with the auditor's own token. A token without roles is refused by
  // credit-rating itself before anything is asked downstream.
  cv1::CreateCustomerRequest create;
  *create.mutable_customer() = customer::itest::SmeEnterprise("身份传递测试企业");
  ASSERT_OK_AND_ASSIGN(cv1::Customer customer,
                       CallWithToken(env.customers(), &CustomerStub::CreateCustomer,
                                     env.TokenFor(roles::kRelationshipManager), create));
  v1::ComputeFinancialRatiosRequest ratios;
  ratios.set_customer(customer.name());
  EXPECT_THAT(env.Call(&RatingStub::ComputeFinancialRatios, env.TokenFor(roles::kAuditor), ratios),
              FailsWith(absl::StatusCode::kFailedPrecondition, "NO_USABLE_STATEMENTS"));
  EXPECT_THAT(env.Call(&RatingStub::ComputeFinancialRatios, env.Token("nobody", {}), ratios),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace ccrm::rating::itest
