// All four ccrm services running as real binaries for risk-warning's integration tests and the
// end-to-end flow: customer-profile, credit-rating, relationship-service and risk-warning, each
// on its own throwaway database with its least-privilege user, sharing the test JWT key,
// following each other's event feeds (risk-warning ← credit-rating, relationship-service;
// relationship-service ← customer-profile, risk-warning). Short sweep intervals and
// acknowledgement deadlines so escalation happens within a test.
//
// Example:
//   CCRM_SUITE_SHARED_SERVICES(SuiteEnvOptions{});
//   TEST(Exposures, Create) {
//     SuiteEnv& env = SharedSuiteEnv();
//     auto e = env.Call(&RiskStub::CreateExposure, env.TokenFor("risk_officer"), request);
//   }
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/rpc_calls.h"
#include "common/testing/service_process.h"
#include "tests/customer-profile/integration/customer_profile_env.h"

namespace ccrm::risk::itest {

using RiskStub = v1::RiskWarning::Stub;
using CustomerStub = customer::v1::CustomerProfile::Stub;
using RatingStub = rating::v1::CreditRating::Stub;
using RelationshipStub = relationship::v1::RelationshipService::Stub;
using ::ccrm::testing::CallWithToken;
using ::ccrm::testing::FailsWith;
using ::ccrm::testing::ViolatedFields;

// One service binary on its own database: its flags, process and channel.
class ServiceUnderTest final {
 public:
  ServiceUnderTest(std::string binary, std::vector<std::string> flags)
      : binary_(std::move(binary)), flags_(std::move(flags)) {}
  ~ServiceUnderTest();

  // Starts with the flags (plus `extra`, replacing flags of the same name); a restart listens on
  // the port of the first start.
  absl::Status Start(const std::vector<std::string>& extra = {});
  // SIGTERM; the database stays.
  void Stop();
  // SIGKILL, as a crash would; the database stays and Start() brings it back on the same port.
  void Kill();
  bool running() const { return process_ != nullptr; }
  testing::ServiceProcess& process() { return *process_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

 private:
  std::string binary_;
  std::vector<std::string> flags_;
  std::unique_ptr<testing::ServiceProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  int port_ = 0;
};

// A throwaway database with `migrations_dir` applied and a least-privilege app user.
absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewServiceDb(
    const std::string& migrations_dir);

// The flags every service takes: listen on port 0, its database `db` as its own user (password in
// a file under `dir`), its service token for `service`, the shared JWT key of `secrets`.
absl::StatusOr<std::vector<std::string>> BaseServiceFlags(const std::string& dir,
                                                          const std::string& service,
                                                          testing::MySqlTestDb& db,
                                                          const std::string& migrations_dir,
                                                          const testing::TestSecrets& secrets);

struct SuiteEnvOptions {
  // Added after risk-warning's standard flags.
  std::vector<std::string> risk_flags;
};

class SuiteEnv final {
 public:
  static absl::StatusOr<std::unique_ptr<SuiteEnv>> Start(const SuiteEnvOptions& options);
  ~SuiteEnv();

  customer::itest::CustomerProfileEnv& customer_profile() { return *customer_profile_; }
  ServiceUnderTest& credit_rating() { return *rating_; }
  ServiceUnderTest& relationship() { return *relationship_; }
  ServiceUnderTest& risk_warning() { return *risk_; }
  testing::MySqlTestDb& risk_db() { return *risk_db_; }
  testing::MySqlTestDb& rating_db() { return *rating_db_; }
  testing::MySqlTestDb& relationship_db() { return *relationship_db_; }

  std::unique_ptr<RiskStub> RiskClient() const;
  std::unique_ptr<CustomerStub> CustomerClient() const;
  std::unique_ptr<RatingStub> RatingClient() const;
  std::unique_ptr<RelationshipStub> RelationshipClient() const;

  std::string Token(const std::string& subject, const std::vector<std::string>& roles) const;
  // A token for "it-<role>" with that single role.
  std::string TokenFor(const std::string& role) const;

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (RiskStub::*method)(grpc::ClientContext*,
                                                                 const Request&, Response*),
                                const std::string& token, const Request& request) {
    std::unique_ptr<RiskStub> stub = RiskClient();
    return CallWithToken(*stub, method, token, request);
  }

  // Every event of risk-warning's feed after `after_sequence` (follow=false).
  absl::StatusOr<std::vector<ccrm::common::v1::Event>> ReadRiskEvents(int64_t after_sequence);

 private:
  SuiteEnv() = default;

  std::unique_ptr<customer::itest::CustomerProfileEnv> customer_profile_;
  std::unique_ptr<testing::MySqlTestDb> rating_db_;
  std::unique_ptr<testing::MySqlTestDb> relationship_db_;
  std::unique_ptr<testing::MySqlTestDb> risk_db_;
  std::string dir_;
  std::unique_ptr<ServiceUnderTest> rating_;
  std::unique_ptr<ServiceUnderTest> relationship_;
  std::unique_ptr<ServiceUnderTest> risk_;
};

// Polls `ready` every 50 ms until it returns true or `timeout` passes; returns the last answer.
bool Eventually(const std::function<bool()>& ready, absl::Duration timeout = absl::Seconds(30));

class SharedSuiteServices final : public ::testing::Environment {
 public:
  explicit SharedSuiteServices(SuiteEnvOptions options) : options_(std::move(options)) {}
  void SetUp() override;
  void TearDown() override;

 private:
  SuiteEnvOptions options_;
};

SuiteEnv& SharedSuiteEnv();

#define CCRM_SUITE_SHARED_SERVICES(...)                                            \
  [[maybe_unused]] static ::testing::Environment* const kCcrmSharedSuiteServices = \
      ::testing::AddGlobalTestEnvironment(                                         \
          new ::ccrm::risk::itest::SharedSuiteServices(__VA_ARGS__))

}  // namespace ccrm::risk::itest
