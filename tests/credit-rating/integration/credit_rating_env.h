// The real credit-rating service for integration tests, beside the real customer-profile it
// reads from: each with its own throwaway database and least-privilege user, sharing the test
// JWT key; credit-rating started with a service token file, a file-backed credit bureau, and
// customer-profile's address. Stubs over real gRPC channels; calls return absl::StatusOr with
// the error reason and field violations kept.
//
// Example:
//   CCRM_CREDIT_RATING_SHARED_SERVICES(RatingEnvOptions{});
//   TEST(Rate, Draft) {
//     CreditRatingEnv& env = SharedRatingEnv();
//     std::string customer = env.CreateRatedCustomer(...);
//     auto r = env.Call(&RatingStub::RateCustomer, env.TokenFor(roles::kCreditAnalyst), request);
//   }
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/rpc_calls.h"
#include "common/testing/service_process.h"
#include "tests/customer-profile/integration/customer_profile_env.h"

namespace ccrm::rating::itest {

using RatingStub = v1::CreditRating::Stub;
using CustomerStub = customer::v1::CustomerProfile::Stub;
using ::ccrm::testing::CallWithToken;
using ::ccrm::testing::FailsWith;
using ::ccrm::testing::ViolatedFields;

// One bureau record the file-backed adapter serves (see FileCreditBureau).
struct BureauRecord {
  std::string unified_social_credit_code;
  int max_days_overdue_24m = 0;
  int64_t current_overdue_cny = 0;
  int64_t guarantees_given_cny = 0;
  int open_lawsuits = 0;
};

struct RatingEnvOptions {
  std::vector<BureauRecord> bureau;
  // Added after the standard credit-rating flags.
  std::vector<std::string> extra_flags;
};

class CreditRatingEnv final {
 public:
  static absl::StatusOr<std::unique_ptr<CreditRatingEnv>> Start(const RatingEnvOptions& options);
  ~CreditRatingEnv();

  customer::itest::CustomerProfileEnv& customer_profile() { return *customer_profile_; }
  testing::MySqlTestDb& db() { return *db_; }
  testing::ServiceProcess& process() { return *process_; }
  RatingStub& stub() { return *stub_; }
  CustomerStub& customers() { return customer_profile_->stub(); }
  ccrm::common::v1::EventFeed::Stub& event_feed() { return *event_feed_; }
  const std::vector<std::string>& service_flags() const { return flags_; }

  std::string Token(const std::string& subject, const std::vector<std::string>& roles) const;
  // A token for "it-<role>" with that single role.
  std::string TokenFor(const std::string& role) const;

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (RatingStub::*method)(grpc::ClientContext*,
                                                                   const Request&, Response*),
                                const std::string& token, const Request& request) {
    return CallWithToken(*stub_, method, token, request);
  }

  // Stops credit-rating and starts it again on the same database and flags (plus `extra`).
  absl::Status Restart(const std::vector<std::string>& extra = {});

  // Every event of credit-rating's feed after `after_sequence` (follow=false).
  absl::StatusOr<std::vector<ccrm::common::v1::Event>> ReadEvents(int64_t after_sequence);

 private:
  CreditRatingEnv() = default;
  absl::Status Connect();

  std::unique_ptr<customer::itest::CustomerProfileEnv> customer_profile_;
  std::unique_ptr<testing::MySqlTestDb> db_;
  std::string dir_;
  std::vector<std::string> flags_;
  std::unique_ptr<testing::ServiceProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<RatingStub> stub_;
  std::unique_ptr<ccrm::common::v1::EventFeed::Stub> event_feed_;
};

class SharedRatingServices final : public ::testing::Environment {
 public:
  explicit SharedRatingServices(RatingEnvOptions options) : options_(std::move(options)) {}
  void SetUp() override;
  void TearDown() override;

 private:
  RatingEnvOptions options_;
};

CreditRatingEnv& SharedRatingEnv();

#define CCRM_CREDIT_RATING_SHARED_SERVICES(...)                                     \
  [[maybe_unused]] static ::testing::Environment* const kCcrmSharedRatingServices = \
      ::testing::AddGlobalTestEnvironment(                                          \
          new ::ccrm::rating::itest::SharedRatingServices(__VA_ARGS__))

}  // namespace ccrm::rating::itest
